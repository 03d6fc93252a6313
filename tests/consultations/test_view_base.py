"""The plumbing of consultations/views/base.py and templates/base.html: the scoped-object mixin
(permission first, then 404 outside the user's scope), the action base, and the breadcrumbs
block that pages fill with their items."""

import pytest
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver
from django.views import View

from consultations.models import Statement
from consultations.views.base import ScopedObjectMixin
from tests.factories import MeetingFactory, ProcessFactory, SecretariatUserFactory, StatementFactory

pytestmark = pytest.mark.django_db

BREADCRUMB_OPEN = '<nav aria-label="Breadcrumb"><ol class="breadcrumb">'


class OwnStatementView(ScopedObjectMixin, View):
    """A view scoped as a delegate's statement pages are: the user's own statements only."""

    permission_required = "registry.access_delegate_portal"
    object_name = "statement"
    raise_exception = True

    def get_queryset(self):
        return Statement.objects.of_user(self.request.user)


def dispatch(view_class, user, pk):
    request = RequestFactory().get("/")
    request.user = user
    view = view_class()
    view.setup(request, pk=pk)
    return view, view.dispatch(request, pk=pk)


def test_scoped_object_mixin_checks_the_permission_before_looking_anything_up():
    with pytest.raises(PermissionDenied):
        dispatch(OwnStatementView, AnonymousUser(), pk=10**9)


def test_scoped_object_mixin_answers_404_for_an_object_outside_the_users_scope():
    statement = StatementFactory()
    secretariat = SecretariatUserFactory()  # may open the portal, is focal point of nobody

    with pytest.raises(Http404):
        dispatch(OwnStatementView, secretariat, pk=statement.pk)


def _view_classes(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _view_classes(pattern.url_patterns)
        elif hasattr(pattern.callback, "view_class"):
            yield pattern.callback.view_class


def test_every_view_behind_a_permission_names_it():
    views = {
        cls
        for cls in _view_classes(get_resolver().url_patterns)
        if cls.__module__.startswith("consultations.views")
        and issubclass(cls, PermissionRequiredMixin)
    }
    assert len(views) > 30
    assert sorted(cls.__name__ for cls in views if not cls.permission_required) == []


def test_a_page_without_breadcrumbs_has_no_breadcrumb_nav(client):
    ProcessFactory(is_current=True)

    response = client.get("/")

    assert response.status_code == 200
    assert 'class="breadcrumb"' not in response.content.decode()


def test_a_page_without_breadcrumbs_has_no_breadcrumb_nav_in_french(client):
    """The French label, "Fil d'Ariane", is escaped in the page: the empty trail still goes."""
    ProcessFactory(is_current=True)

    response = client.get("/", headers={"accept-language": "fr"})

    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert 'class="breadcrumb"' not in page


def test_a_page_with_breadcrumbs_shows_its_items_in_the_base_layout_nav(client):
    meeting = MeetingFactory(process=ProcessFactory(slug="hld"), slug="plenary-1", title="Plenary")

    response = client.get(meeting.get_absolute_url())

    page = response.content.decode()
    assert page.count('class="breadcrumb"') == 1
    trail = page.split(BREADCRUMB_OPEN, 1)[1].split("</ol></nav>", 1)[0]
    assert trail == (
        '\n  <li class="breadcrumb-item"><a href="/p/hld/programme/">Programme</a></li>\n'
        '  <li class="breadcrumb-item active" aria-current="page">Plenary</li>\n'
    )

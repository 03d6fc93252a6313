"""Shared by the permission matrix and the hostile-input tests: the URL walk, the demo loaded
once per module, the demo accounts' clients, and what a refused or invalid request must leave
unchanged."""

import datetime
import io
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.otp_helpers import VerifiedClient

ROLES = ("anonymous", "delegate_a", "delegate_b", "secretariat")
EMAILS = {
    "delegate_a": "delegate.belgium@hlderp.example",
    "delegate_b": "delegate.mexico@hlderp.example",
    "secretariat": "secretariat@hlderp.example",
}


def url_patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """(route name, route) of every pattern under ``resolver``, through included resolvers.

    Django admin's own pages are left out but for its index (they are Django's, not ours), and
    so are static and media helpers (the project has none: uploads are served by a view).
    """
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            if route.startswith("admin/") and name != "admin:index":
                continue
            if route.startswith(("static/", "media/")):
                continue
            yield name or f"<unnamed {route}>", route


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (``load_demo``), loaded once per module in a transaction rolled back at its end.

    Each test runs in its own savepoint on top of it (pytest-django's ``db``), so tests may
    write. Belgium's draft and an English version of the first document get an uploaded file,
    so that the file views have something to serve. Returns the ids the URLs need.
    """
    from consultations.models import (
        Delegation,
        Document,
        DocumentVersion,
        Inscription,
        Issue,
        Meeting,
        Seat,
        SpeakersList,
        Statement,
    )
    from registry.models import Stakeholder

    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", keep_passwords=True, stdout=io.StringIO())
        bel = Stakeholder.objects.get(slug="belgium")
        mex = Stakeholder.objects.get(slug="mexico")
        bel_draft = Statement.objects.get(stakeholder=bel, state="draft")
        bel_draft.file.save("statement.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        Statement.objects.filter(pk=bel_draft.pk).update(file=bel_draft.file.name)
        issued = DocumentVersion(
            document=Document.objects.earliest("pk"),
            language="en",
            status="issued",
            issued_on=datetime.date(2006, 6, 2),
        )
        issued.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        chair_summary, _final = _chair_summaries()
        yield SimpleNamespace(
            chair_summary=chair_summary.pk,
            chair_section=chair_summary.sections.earliest("order").pk,
            bel=bel.pk,
            mex=mex.pk,
            bel_draft=bel_draft.pk,
            issued_file=issued.pk,
            bel_draft_history=bel_draft.history.latest().history_id,
            mex_submitted=Statement.objects.get(stakeholder=mex, state="submitted").pk,
            mex_inscription=Inscription.objects.filter(stakeholder=mex).earliest("pk").pk,
            plenary_list=SpeakersList.objects.get(meeting__slug="plenary-4").pk,
            bel_delegation=Delegation.objects.get(stakeholder=bel, process__slug="hld-2006").pk,
            bel_seat=Seat.objects.draft().filter(delegation__stakeholder=bel).earliest("pk").pk,
            round_table=Meeting.objects.get(slug="round-table-4").pk,
            issue=Issue.objects.get(slug="belgium-offer").pk,
        )
        transaction.set_rollback(True)


def _chair_summaries():
    """A draft Chair's summary of the 2006 Dialogue (its outline of sections) and a final one of
    the 2007 Forum, made by the demo Secretariat officer."""
    from consultations.models import Process
    from consultations.services.chair_summary import (
        chair_summary_create,
        chair_summary_finalise,
    )
    from registry.models import User

    officer = User.objects.get(email=EMAILS["secretariat"])
    draft = chair_summary_create(
        actor=officer,
        process=Process.objects.get(slug="hld-2006"),
        symbol="A/61/187",
        title="Summary of the High-level Dialogue",
    )
    final = chair_summary_create(
        actor=officer,
        process=Process.objects.get(slug="gfmd-2007"),
        symbol="GFMD/2007/1",
        title="Summary of the Forum",
    )
    chair_summary_finalise(actor=officer, summary=final)
    return draft, final


def role_clients(**client_options) -> dict[str, VerifiedClient]:
    """A client per role, the demo accounts signed in."""
    from registry.models import User

    result = {"anonymous": VerifiedClient(**client_options)}
    for role, email in EMAILS.items():
        client = VerifiedClient(**client_options)
        client.force_login(User.objects.get(email=email))
        result[role] = client
    return result


def watched_models():
    """Every model of our apps, their history tables included (a save writes a history row)."""
    return [
        model
        for label in ("registry", "consultations")
        for model in apps.get_app_config(label).get_models()
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in watched_models()}


def rows() -> dict[str, list]:
    """Every row of every watched table, as values: to tell that nothing at all changed."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in watched_models()
    }


class Form(SimpleNamespace):
    """A <form> of a page: method, action, and its fields as (name, kind, options)."""


class FormParser(HTMLParser):
    """The forms of a page and their fields; enough of HTML to fill them like a browser
    (fields outside a form that name it with ``form="<id>"`` included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._by_id: dict[str, Form] = {}
        self._pending: list[tuple[str, str, dict]] = []
        self._form: Form | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(
                method=(attrs.get("method") or "get").lower(),
                action=attrs.get("action"),
                multipart=attrs.get("enctype") == "multipart/form-data",
                fields={},
            )
            self.forms.append(self._form)
            if attrs.get("id"):
                self._by_id[attrs["id"]] = self._form
            return
        if tag == "option":
            if self._select is not None and attrs.get("value") is not None:
                self._select["options"].append(attrs["value"])
            return
        if tag not in ("input", "textarea", "select", "button") or not attrs.get("name"):
            return
        if attrs.get("form"):
            self._pending.append((tag, attrs["form"], attrs))
            field = self._field({}, tag, attrs)
        elif self._form is not None:
            field = self._field(self._form.fields, tag, attrs)
        else:
            return
        if tag == "select":
            self._select = field

    @staticmethod
    def _field(fields: dict, tag: str, attrs: dict) -> dict | None:
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return None
        elif tag == "button":
            return None
        else:
            kind = tag
        field = fields.setdefault(
            name, {"kind": kind, "options": [], "multiple": "multiple" in attrs}
        )
        if tag == "input" and attrs.get("value") is not None:
            field["options"].append(attrs["value"])
        return field

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def close(self):
        super().close()
        for tag, form_id, attrs in self._pending:
            if form_id in self._by_id:
                self._field(self._by_id[form_id].fields, tag, attrs)


def page_forms(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms

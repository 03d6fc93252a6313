"""The delegate portal's and the Secretariat's front pages."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, UpdateView

from consultations import clock_horizon
from consultations.fragments import fragment_key, template_version
from consultations.selectors import positions as position_selectors
from consultations.selectors import programme as programme_selectors
from consultations.selectors import seats as seat_selectors
from consultations.selectors import speakers as speaker_selectors
from consultations.selectors import statements as statement_selectors
from consultations.selectors.floor import floors_in_session
from consultations.views.base import SESSION_PROCESS, UserProcessMixin
from registry import selectors as registry_selectors
from registry.forms import OwnTimeZoneForm
from registry.models import FocalPoint, Stakeholder
from registry.permissions import focal_points_of, role_names


class DelegatePortalView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    """The delegate portal. Its switcher and content are kept for the user until what they show
    changes (``request.keep_parts``: hlderp/signed_in_cache.py), the header and messages are
    not: what every delegate opens first, and again after each step, reads one query then."""

    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/delegate/portal.html"
    body_template_name = "consultations/delegate/_portal_body.html"

    def get_context_data(self, **kwargs):
        keep = getattr(self.request, "keep_parts", None)
        if keep is None or self.request.GET.get("process"):  # choosing one writes the session
            parts = self.render_parts()[0]
        else:
            parts = keep(self.kept_under(), self.render_parts)
        return {**kwargs, "view": self, **parts}

    def kept_under(self) -> tuple:
        """What the parts depend on besides the data and the clock: the user's roles (the
        switcher of the Secretariat offers every process; a role's change moves no generation),
        own zone and second factor, the process remembered, and the templates and translations
        that write them."""
        user = self.request.user
        version = template_version(get_template(self.body_template_name).template)
        return (
            fragment_key(self.body_template_name, version),
            tuple(sorted(role_names(user))),
            user.is_superuser,
            user.time_zone,
            user.is_verified(),
            self.request.session.get(SESSION_PROCESS),
        )

    def render_parts(self) -> tuple[dict, datetime.datetime | None, bool]:
        """The switcher's options and the page's content rendered now; the first instant at which
        they may show otherwise by the clock alone; whether they may be kept (not while a floor
        is in session: its timer runs; never with a CSRF token)."""
        with clock_horizon.watch() as horizon:
            context = self.portal_context()
            body = render_to_string(self.body_template_name, context, request=self.request)
        in_session = floors_in_session(
            processes=[], lists=[state.speakers_list for state in context.get("speakers_lists", [])]
        )
        parts = {"switcher_options": context["switcher_options"], "portal_body": body}
        return parts, horizon.until, not in_session and "csrfmiddlewaretoken" not in body

    def portal_context(self) -> dict:
        user = self.request.user
        focal_points = focal_points_of(user)  # first: the process switcher reads their ids
        context = super().get_context_data()
        process = self.get_process()
        context["process"] = process
        context["focal_points"] = focal_points
        if process is not None:
            context.update(seat_selectors.portal_context(user=user, process=process))
            context.update(speaker_selectors.portal_context(user=user, process=process))
            context.update(statement_selectors.portal_context(user=user, process=process))
            context.update(position_selectors.portal_context(user=user, process=process))
        return context


class SecretariatDashboardView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "registry.access_secretariat"
    template_name = "consultations/secretariat/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["process"] = process = self.get_process()
        if process is not None:
            context.update(programme_selectors.dashboard_context(process=process))
            context.update(statement_selectors.dashboard_context(process=process))
        context["counts"] = registry_selectors.registry_counts(
            stakeholders=Stakeholder.objects.all()
        )
        context["focal_point_count"] = FocalPoint.objects.count()
        return context


class DelegateSettingsView(UserProcessMixin, PermissionRequiredMixin, UpdateView):
    """The signed-in user's own settings: the language of their e-mails and pages, and the time
    zone the portal shows beside the venue's."""

    permission_required = "registry.access_delegate_portal"
    form_class = OwnTimeZoneForm
    template_name = "consultations/delegate/settings.html"

    def get_object(self, queryset=None):
        return self.request.user

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "action": self.request.path,
            "request_language": translation.get_language() or "",
        }

    def get_success_url(self) -> str:
        return reverse("delegate:settings")

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.instance.language
        # The pages follow the chosen language from now on, as the language switcher does.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        with translation.override(language):
            messages.success(self.request, _("Your settings are saved."))
        return response

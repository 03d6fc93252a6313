"""The delegate portal's and the Secretariat's front pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, UpdateView

from consultations.selectors import positions as position_selectors
from consultations.selectors import programme as programme_selectors
from consultations.selectors import seats as seat_selectors
from consultations.selectors import speakers as speaker_selectors
from consultations.selectors import statements as statement_selectors
from consultations.views.base import UserProcessMixin
from registry import selectors as registry_selectors
from registry.forms import OwnTimeZoneForm
from registry.models import FocalPoint, Stakeholder
from registry.permissions import focal_points_of


class DelegatePortalView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/delegate/portal.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        focal_points = focal_points_of(user)  # first: the process switcher reads their ids
        context = super().get_context_data(**kwargs)
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

"""The delegate portal's and the Secretariat's front pages."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView

from consultations.selectors import positions as position_selectors
from consultations.selectors import programme as programme_selectors
from consultations.selectors import seats as seat_selectors
from consultations.selectors import speakers as speaker_selectors
from consultations.selectors import statements as statement_selectors
from consultations.views.base import UserProcessMixin
from registry import selectors as registry_selectors
from registry.models import FocalPoint, Stakeholder


class DelegatePortalView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/delegate/portal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        process = self.get_process()
        context["process"] = process
        context["focal_points"] = FocalPoint.objects.filter(user=user).select_related(
            "stakeholder", "stakeholder__regional_group"
        )
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

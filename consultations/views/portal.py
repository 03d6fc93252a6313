"""The delegate portal's and the Secretariat's front pages."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.views.generic import TemplateView

from consultations.models import Process
from consultations.selectors import positions as position_selectors
from consultations.selectors import programme as programme_selectors
from consultations.selectors import seats as seat_selectors
from consultations.selectors import speakers as speaker_selectors
from consultations.selectors import statements as statement_selectors
from consultations.selectors.programme import process_by_slug, process_current
from registry import selectors as registry_selectors
from registry.models import FocalPoint, Stakeholder

# One definition of "the current process", the selectors'; the views import it from here.
current_process = process_current


def process_or_404(slug: str) -> Process:
    """The process with ``slug``, or 404 (also for a value that cannot be a slug)."""
    try:
        return process_by_slug(slug=slug)
    except Process.DoesNotExist:
        raise Http404 from None


class DelegatePortalView(PermissionRequiredMixin, TemplateView):
    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/delegate/portal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        process = current_process()
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


class SecretariatDashboardView(PermissionRequiredMixin, TemplateView):
    permission_required = "registry.access_secretariat"
    template_name = "consultations/secretariat/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["process"] = process = current_process()
        if process is not None:
            context.update(programme_selectors.dashboard_context(process=process))
            context.update(statement_selectors.dashboard_context(process=process))
        context["counts"] = registry_selectors.registry_counts(
            stakeholders=Stakeholder.objects.all()
        )
        context["focal_point_count"] = FocalPoint.objects.count()
        return context

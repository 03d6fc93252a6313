"""Pages of the consultation: the public front page, the delegate portal, the Secretariat."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView

from registry import selectors as registry_selectors
from registry.models import FocalPoint, Stakeholder


class HomeView(TemplateView):
    template_name = "consultations/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = registry_selectors.registry_counts(
            stakeholders=Stakeholder.objects.all()
        )
        return context


class DelegatePortalView(PermissionRequiredMixin, TemplateView):
    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/delegate/portal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["focal_points"] = FocalPoint.objects.filter(user=self.request.user).select_related(
            "stakeholder", "stakeholder__regional_group"
        )
        return context


class SecretariatDashboardView(PermissionRequiredMixin, TemplateView):
    permission_required = "registry.access_secretariat"
    template_name = "consultations/secretariat/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = registry_selectors.registry_counts(
            stakeholders=Stakeholder.objects.all()
        )
        context["focal_point_count"] = FocalPoint.objects.count()
        return context

"""Public pages of the programme (owned by the programme work)."""

from django.views.generic import TemplateView

from registry import selectors as registry_selectors
from registry.models import Stakeholder


class HomeView(TemplateView):
    template_name = "consultations/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = registry_selectors.registry_counts(
            stakeholders=Stakeholder.objects.all()
        )
        return context

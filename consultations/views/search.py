"""``/search/``: the public search of the whole record (consultations.selectors.record_search)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from consultations.search import SEARCH_MAX_WORD_LENGTH, SEARCH_MAX_WORDS
from consultations.selectors.record_search import record_search


class RecordSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the record"),
        required=False,
        max_length=SEARCH_MAX_WORDS * (SEARCH_MAX_WORD_LENGTH + 1),
    )


class RecordSearchView(TemplateView):
    """Processes, meetings, documents, groupings, stakeholders, people and statements that the
    words find, each kind linking to the page that shows it. Public, and the same for every
    reader: the page cache keys on ``q``."""

    template_name = "consultations/search.html"
    cache_query_params = tuple(RecordSearchForm.base_fields)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = RecordSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        context["form"] = form
        context["results"] = record_search(query=query, now=timezone.now())
        return context

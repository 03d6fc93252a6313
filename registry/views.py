"""Public pages of the registry: /registry/ and /registry/<slug>/."""

import datetime

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView
from django_filters.views import FilterView

from registry import selectors
from registry.collation import collated
from registry.filters import StakeholderFilter
from registry.models import Grouping, Person, Stakeholder


class StakeholderListView(FilterView):
    filterset_class = StakeholderFilter
    template_name = "registry/stakeholder_list.html"
    paginate_by = 200
    strict = False  # an invalid filter shows the form errors over the unfiltered list

    def get_queryset(self):
        # In the page's language, by its rules (registry/collation.py).
        return Stakeholder.objects.for_list().order_by(collated("name"), "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context["as_of"] = (
            form.cleaned_data.get("as_of") if form.is_bound and form.is_valid() else None
        )
        context["counts"] = selectors.registry_counts(stakeholders=self.object_list)
        # The directory finds groupings and people too: by the same "Name or code" words.
        query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
        context["query"] = query
        context["groupings"] = selectors.groupings_for_directory(query=query)
        context["persons"] = selectors.persons_for_directory(query=query)
        return context


class StakeholderDetailView(DetailView):
    template_name = "registry/stakeholder_detail.html"
    context_object_name = "stakeholder"

    def get(self, request, *args, **kwargs):
        try:
            self.object = selectors.stakeholder_detail(slug=kwargs["slug"])
        except Stakeholder.DoesNotExist:
            # /registry/gmg/ is what people type for a grouping: send them to its page.
            grouping = Grouping.objects.filter(slug=kwargs["slug"]).first()
            if grouping is None:
                raise Http404 from None
            return redirect(grouping)
        return self.render_to_response(self.get_context_data(object=self.object))


class PersonDetailView(DetailView):
    """``/registry/people/<slug>/``: a person's posts, each with its dates as each source gives
    them."""

    template_name = "registry/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        try:
            return selectors.person_detail(slug=self.kwargs["slug"])
        except Person.DoesNotExist:
            raise Http404 from None


class AsOfForm(forms.Form):
    as_of = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class GroupingDetailView(DetailView):
    cache_query_params = tuple(AsOfForm.base_fields)  # what the page cache keys on
    template_name = "registry/grouping_detail.html"
    context_object_name = "grouping"

    def get_object(self, queryset=None):
        return get_object_or_404(Grouping, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AsOfForm(self.request.GET or None)
        as_of: datetime.date | None = form.cleaned_data["as_of"] if form.is_valid() else None
        context["as_of_form"] = form
        context["as_of"] = as_of
        context["memberships"] = selectors.grouping_members(grouping=self.object, as_of=as_of)
        context["events"] = selectors.grouping_events(grouping=self.object)
        return context

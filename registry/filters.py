"""Filters of the public registry list."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.choices import StakeholderKind
from registry.languages import in_every_language
from registry.models import Grouping, RegionalGroup, Stakeholder
from registry.validators import validate_year_in_range


class StakeholderFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row row-cols-md-auto g-2 align-items-end"
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("", _("Filter"), css_class="btn-primary"))


class StakeholderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_name", max_length=100)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=StakeholderKind.choices, empty_label=_("Any kind")
    )
    regional_group = django_filters.ModelChoiceFilter(
        label=_("Regional group"),
        queryset=RegionalGroup.objects.all(),
        to_field_name="code",
        empty_label=_("Any group"),
    )
    grouping = django_filters.ModelChoiceFilter(
        label=_("Grouping"),
        queryset=Grouping.objects.all(),
        to_field_name="slug",
        method="filter_grouping",
        empty_label=_("Any grouping"),
    )
    as_of = django_filters.DateFilter(
        label=_("As of"),
        method="filter_as_of",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=None,
        validators=[validate_year_in_range],  # no membership lies outside these years
    )

    class Meta:
        model = Stakeholder
        fields = ["q", "kind", "regional_group", "grouping", "as_of"]
        form = StakeholderFilterForm

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # In any language: "Belgique" finds Belgium on an English page too.
        condition = Q(iso3__iexact=value)
        for field in in_every_language(Stakeholder, ("name", "short_name")):
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    def filter_grouping(self, queryset, name, value: Grouping):
        # Membership "as of" a date is applied together with the grouping, so that a State that
        # left a grouping before that date does not show.
        return queryset.in_grouping(value, date=self.form.cleaned_data.get("as_of"))

    def filter_as_of(self, queryset, name, value):
        return queryset.active_on(value)

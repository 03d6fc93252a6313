"""Forms of round-table seats: a delegation's choices, the Secretariat's allocation and edits.

Every select gets its choices from the view (read once for the page), so that rendering a form
never runs a query.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.forms.actions import post_form_helper
from consultations.venue_time import VenueDateTimeField, VenueTimeFormMixin, process_zone

ORDINALS = [
    _("First choice"),
    _("Second choice"),
    _("Third choice"),
    _("Fourth choice"),
    _("Fifth choice"),
    _("Sixth choice"),
    _("Seventh choice"),
    _("Eighth choice"),
]

Choices = list[tuple[int, str]]


def _select(label, choices: Choices, *, required: bool = True, empty=None):
    return forms.TypedChoiceField(
        label=label,
        choices=[("", empty or pgettext_lazy("no choice", "—")), *choices],
        coerce=int,
        empty_value=None,
        required=required,
    )


class SeatPreferencesForm(forms.Form):
    """First, second, third... choice among the process's round tables."""

    def __init__(self, *args, tables: Choices, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.table_count = len(tables)
        for i in range(1, len(tables) + 1):
            label = ORDINALS[i - 1] if i <= len(ORDINALS) else _("Choice %(n)d") % {"n": i}
            self.fields[f"choice_{i}"] = _select(
                label, tables, required=False, empty=_("No choice")
            )
        self.helper = post_form_helper(
            action=action, submit=_("Save my choices"), name="preferences"
        )

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"choice_{i}") for i in range(1, self.table_count + 1)]
        while chosen and chosen[-1] is None:
            chosen.pop()
        if None in chosen:
            raise forms.ValidationError(
                _("Fill in your choices in order: a later choice needs every earlier one.")
            )
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Choose each round table once at most."))
        data["meeting_ids"] = chosen
        return data


class AllocationRunForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this replaces every seat of the last automatic allocation."),
        help_text=_("Seats edited by hand are kept, and count against every rule."),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = post_form_helper(
            action=action, submit=_("Run the allocation"), name="allocation"
        )


class AllocationPublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that the public and the delegations will see the draft seats as "
            "they are now."
        ),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        # Its own ids: the allocation's form on the same page has a "confirm" box too.
        super().__init__(*args, auto_id="id_publish_%s", **kwargs)
        self.helper = post_form_helper(action=action, submit=_("Publish the seats"), name="publish")


class PreferencesDeadlineForm(VenueTimeFormMixin, forms.Form):
    """The deadline for round-table choices, typed in the process's venue's time zone."""

    deadline = VenueDateTimeField(
        label=_("Deadline for round-table choices"),
        required=False,
        help_text=_("Empty: no deadline."),
    )

    def __init__(self, *args, process, action: str = "", **kwargs):
        super().__init__(*args, venue=process_zone(process), **kwargs)
        self.helper = post_form_helper(
            action=action, submit=_("Save the deadline"), name="deadline", css_class="btn-secondary"
        )


class SeatAddForm(forms.Form):
    delegation = _select(_("Member State"), [])

    def __init__(self, *args, delegations: Choices, action: str = "", name: str = "add", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].choices = [("", "—"), *delegations]
        self.auto_id = f"id_{name}_%s"
        self.helper = post_form_helper(
            action=action, submit=_("Add"), name=name, css_class="btn-outline-primary"
        )


class SeatMoveForm(forms.Form):
    meeting = _select(_("Move to"), [])
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)

    def __init__(self, *args, tables: Choices, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", "—"), *tables]
        self.helper = post_form_helper(action=action, submit=_("Move"), name="move")


class SeatSwapForm(forms.Form):
    other = _select(_("Swap round tables with"), [])

    def __init__(self, *args, seats: Choices, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [("", "—"), *seats]
        self.helper = post_form_helper(
            action=action, submit=_("Swap"), name="swap", css_class="btn-outline-primary"
        )


class SeatRemoveForm(forms.Form):
    confirm = forms.BooleanField(label=_("Remove this seat"))

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = post_form_helper(
            action=action, submit=_("Remove"), name="remove", css_class="btn-outline-danger"
        )


class CoChairsForm(forms.Form):
    """The co-chairs of a round table: for each, a Member State and (if known) a person."""

    def __init__(
        self,
        *args,
        count: int,
        member_states: Choices,
        persons: Choices,
        action: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.count = count
        for i in range(1, count + 1):
            self.fields[f"stakeholder_{i}"] = _select(
                _("Co-chair %(n)d: Member State") % {"n": i}, member_states
            )
            self.fields[f"person_{i}"] = _select(
                _("Co-chair %(n)d: person") % {"n": i},
                persons,
                required=False,
                empty=_("Not known yet"),
            )
        self.helper = post_form_helper(
            action=action, submit=_("Save the co-chairs"), name="co-chairs"
        )

    def pairs(self) -> list[tuple[int | None, int]]:
        """(person id or None, stakeholder id) for each co-chair, in order."""
        return [
            (self.cleaned_data[f"person_{i}"], self.cleaned_data[f"stakeholder_{i}"])
            for i in range(1, self.count + 1)
        ]

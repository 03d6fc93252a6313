"""Forms of issues and positions: record a stance; filter the lists and exports."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.choices import MEMBER_STATES, NO_GROUP, SUPPORTIVE, Stance
from consultations.models import Statement
from registry.choices import StakeholderKind


def statement_label(statement: Statement) -> str:
    """ "Title — Meeting (Published)": enough to tell a delegation's statements apart."""
    return _("%(title)s — %(meeting)s (%(state)s)") % {
        "title": statement.title,
        "meeting": statement.meeting.title,
        "state": statement.get_state_display(),
    }


class PositionForm(forms.Form):
    """A stance, the statement that shows it (among ``statements``, the stakeholder's own at the
    issue's process) and a note. Built from a list, so rendering it reads nothing more."""

    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices)
    statement = forms.TypedChoiceField(
        label=_("Shown in statement"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("One of the delegation's statements at this process."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        statements: list[Statement],
        action: str,
        compact: bool = False,
        submit: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.statements = {statement.pk: statement for statement in statements}
        self.fields["statement"].choices = [
            ("", _("No statement")),
            *((s.pk, statement_label(s)) for s in statements),
        ]
        helper = FormHelper()
        helper.form_method = "post"
        helper.form_action = action
        helper.form_id = f"{self.prefix or 'position'}-form"
        button = Submit("submit", submit or _("Save"), css_id=f"{self.prefix or 'position'}-submit")
        button.field_classes = "btn btn-primary btn-sm" if compact else "btn btn-primary"
        helper.add_input(button)
        if compact:
            # One row of a long table: labels for screen readers only, no help texts.
            helper.form_show_labels = False
            helper.form_class = "position-row-form d-flex flex-wrap gap-2 align-items-start"
            self.fields["note"].widget = forms.TextInput()
            for bound in self.fields.values():
                bound.widget.attrs["aria-label"] = str(bound.label)
                bound.widget.attrs["class"] = (
                    "form-select-sm"
                    if isinstance(bound.widget, forms.Select)
                    else "form-control-sm"
                )
                bound.help_text = ""
        self.helper = helper

    def clean_statement(self) -> Statement | None:
        pk = self.cleaned_data["statement"]
        if pk is None:
            return None
        try:
            return self.statements[pk]
        except KeyError:
            raise forms.ValidationError(_("Choose one of the statements listed.")) from None


def _filter_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_class = "row row-cols-md-auto g-2 align-items-end"
    helper.disable_csrf = True
    helper.add_input(Submit("", _("Filter"), css_class="btn-primary"))
    return helper


def regional_group_choices(groups) -> list[tuple[str, str]]:
    return [
        ("", _("Any group")),
        *((group.code, group.name) for group in groups),
        (NO_GROUP, _("No regional group")),
    ]


class PositionFilterForm(forms.Form):
    """Filters of a position list and the exports: stance(s), regional group, kind(s), issue."""

    stance = forms.MultipleChoiceField(
        label=_("Stance"),
        required=False,
        choices=[(SUPPORTIVE, _("Support (with or without reservations)")), *Stance.choices],
        widget=forms.CheckboxSelectMultiple,
    )
    regional_group = forms.ChoiceField(label=_("Regional group"), required=False)
    kind = forms.MultipleChoiceField(
        label=_("Kind"),
        required=False,
        choices=StakeholderKind.choices,
        help_text=_("None chosen: Member States."),
    )
    issue = forms.ChoiceField(label=_("Issue"), required=False)

    def __init__(self, *args, groups, issues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regional_group"].choices = regional_group_choices(groups)
        if issues is None:
            del self.fields["issue"]
        else:
            self.fields["issue"].choices = [
                ("", _("Every issue")),
                *((issue.slug, issue.title) for issue in issues),
            ]
        self.helper = _filter_helper()

    @property
    def kinds(self) -> tuple[str, ...]:
        data = self.cleaned_data if self.is_valid() else {}
        return tuple(data.get("kind") or MEMBER_STATES)

    @property
    def stances(self) -> list[str]:
        return list(self.cleaned_data.get("stance") or []) if self.is_valid() else []

    @property
    def group(self) -> str | None:
        return (self.cleaned_data.get("regional_group") or None) if self.is_valid() else None

    @property
    def issue_slug(self) -> str | None:
        if "issue" not in self.fields or not self.is_valid():
            return None
        return self.cleaned_data.get("issue") or None


class RecordFilterForm(forms.Form):
    """The Secretariat's table: one kind of stakeholder, one regional group."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=StakeholderKind.choices, initial=MEMBER_STATES[0]
    )
    regional_group = forms.ChoiceField(label=_("Regional group"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regional_group"].choices = regional_group_choices(groups)
        self.helper = _filter_helper()

    @property
    def kind_value(self) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("kind") or MEMBER_STATES[0]

    @property
    def group(self) -> str | None:
        return (self.cleaned_data.get("regional_group") or None) if self.is_valid() else None


class ParticipantsFilterForm(forms.Form):
    """The summary's lists: kind(s), regional group, theme (by slug)."""

    kind = forms.MultipleChoiceField(
        label=_("Kind"), required=False, choices=StakeholderKind.choices
    )
    regional_group = forms.ChoiceField(label=_("Regional group"), required=False)
    theme = forms.SlugField(label=_("Theme"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regional_group"].choices = regional_group_choices(groups)
        self.helper = _filter_helper()

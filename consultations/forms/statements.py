"""Forms of statement intake: the delegation's statement, the Secretariat's review."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.choices import Language, StatementState
from consultations.models import Theme
from consultations.services.statements import NotAMemberState, check_membership
from consultations.uploads import (
    ALLOWED_EXTENSIONS,
    CONTENT_TYPES,
    statement_file_limit_text,
    statement_file_validate,
)
from consultations.venue_time import VenueDateTimeField, VenueTimeFormMixin
from registry.models import Appointment, Person, Stakeholder
from registry.validators import validate_year_in_range


def _helper(
    *,
    action: str,
    submit: str,
    name: str,
    css_class: str = "btn-primary",
    method: str = "post",
) -> FormHelper:
    """A form to ``action`` with one button; ``name`` keeps its ids unique on the page."""
    helper = FormHelper()
    helper.form_method = method
    helper.form_action = action
    helper.form_id = f"{name}-form"
    button = Submit("submit" if method == "post" else "", submit, css_id=f"{name}-submit")
    button.field_classes = f"btn {css_class}"
    helper.add_input(button)
    return helper


def theme_choices(themes: list[Theme]) -> list[tuple[str, list[tuple[int, str]]]]:
    """The two-level taxonomy as grouped choices: each broader theme with its narrower ones (the
    broader one first, to tag it in general); broader themes without narrower ones together."""
    roots = [theme for theme in themes if theme.parent_id is None]
    children: dict[int, list[Theme]] = {}
    for theme in themes:
        if theme.parent_id is not None:
            children.setdefault(theme.parent_id, []).append(theme)
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    single: list[tuple[int, str]] = []
    for root in roots:
        if root.pk in children:
            options = [(root.pk, _("%(name)s, in general") % {"name": root.name})]
            options += [(child.pk, child.name) for child in children[root.pk]]
            groups.append((root.name, options))
        else:
            single.append((root.pk, root.name))
    if single:
        groups.append((str(_("Other themes")), single))
    return groups


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids beyond 64 bits before the query: SQLite raises OverflowError on them."""

    def _check_values(self, value):
        for pk in value:
            try:
                in_range = -(2**63) <= int(pk) < 2**63
            except (TypeError, ValueError):
                in_range = True  # not a number: Django's own check gives the message
            if not in_range:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class SpeakerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return str(obj)


class StatementForm(VenueTimeFormMixin, forms.Form):
    """A statement of one of the delegation's stakeholders (chosen when it is created)."""

    stakeholder = forms.ModelChoiceField(label=_("Delegation"), queryset=Stakeholder.objects.none())
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None)
    speaker = SpeakerChoiceField(
        label=_("Speaker"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("A person who holds a post for the delegation."),
    )
    speaker_post = forms.CharField(
        label=_("Speaker's post"),
        max_length=200,
        required=False,
        help_text=_("Empty: the speaker's post for the delegation on the day of the meeting."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "---------"), *Language.choices]
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("The text, or a file below, or both."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        allow_empty_file=True,  # statement_file_validate says so, in its own words
        validators=[statement_file_validate],
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join([*ALLOWED_EXTENSIONS, *CONTENT_TYPES.values()])}
        ),
    )
    themes = IdMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    embargo_until = VenueDateTimeField(
        label=_("Check against delivery until"),
        required=False,
        # Year 9999 overflows when moved to the venue's time zone or to UTC.
        validators=[validate_year_in_range],
        help_text=_(
            "Local time at the meeting's venue. Once published, the statement shows to the "
            "public from then on (usually when it is delivered)."
        ),
    )

    def __init__(
        self,
        *args,
        stakeholders,
        meetings,
        speakers,
        themes: list[Theme],
        action: str,
        submit: str,
        **kwargs,
    ):
        kwargs.setdefault("auto_id", "statement_%s")
        super().__init__(*args, **kwargs)
        if stakeholders is None:
            del self.fields["stakeholder"]  # fixed once the statement exists
        else:
            self.fields["stakeholder"].queryset = stakeholders
        self.fields["file"].help_text = _(
            "PDF or Word (.docx), %(limit)s at most. A file replaced later is kept in the record."
        ) % {"limit": statement_file_limit_text()}
        self.fields["meeting"].queryset = meetings
        self.fields["speaker"].queryset = speakers
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["themes"].choices = theme_choices(themes)
        self.helper = _helper(action=action, submit=submit, name="statement")
        # With a layout each field gets its own (empty) attributes; without one, the grouped
        # checkboxes' template would repeat the form's id and action on their <div>.
        self.helper.layout = Layout(*self.fields)
        self.apply_venue_zone()  # its initial meeting's, now that the meetings are set

    def clean(self):
        cleaned = super().clean()
        stakeholder = cleaned.get("stakeholder", self.initial.get("stakeholder"))
        speaker = cleaned.get("speaker")
        if (
            speaker is not None
            and stakeholder is not None
            and not Appointment.objects.filter(person=speaker, stakeholder=stakeholder).exists()
        ):
            self.add_error(
                "speaker",
                _("%(person)s holds no post for %(stakeholder)s.")
                % {"person": speaker, "stakeholder": stakeholder},
            )
        meeting = cleaned.get("meeting")
        if isinstance(stakeholder, Stakeholder) and meeting is not None:
            # The service's own check (it refuses the statement anyway), shown on the field.
            try:
                check_membership(stakeholder=stakeholder, meeting=meeting)
            except NotAMemberState as error:
                self.add_error("meeting", str(error))
        return cleaned


def embargo_initial(value: datetime.datetime | None, tz) -> datetime.datetime | None:
    """A stored (UTC) embargo time as the venue's naive wall-clock time for the form."""
    return value.astimezone(tz).replace(tzinfo=None) if value else None


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The delegation reads it in the portal and by e-mail."),
        error_messages={"required": _("Say why the statement is returned.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, action: str, name: str = "return", **kwargs):
        kwargs.setdefault("auto_id", f"{name}_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            action=action, submit=_("Return"), name=name, css_class="btn-warning btn-sm"
        )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the statement is returned."))
        return reason


class IdListField(forms.Field):
    """Several ids under one name (checkboxes that name this form with their form attribute)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Choose the statements to publish."),
        "invalid": _("Choose statements from the list."),
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            return sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkPublishForm(forms.Form):
    statements = IdListField()

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            action=action, submit=_("Publish the statements ticked"), name="bulk-publish"
        )
        self.helper.form_tag = True


class ReviewFilterForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, required=False)
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Any state")), *StatementState.choices],
        required=False,
    )

    def __init__(self, *args, meetings, action: str, **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].empty_label = _("Any meeting")
        self.helper = _helper(
            action=action,
            submit=_("Filter"),
            name="filter",
            css_class="btn-outline-primary",
            method="get",
        )

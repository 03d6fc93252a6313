"""Forms of speakers lists: inscribe, move, record who spoke, reset to protocol order, decide
on a requested level."""

import re
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.forms.actions import ActionForm, post_form_helper
from consultations.venue_time import VenueDateTimeField, VenueTimeFormMixin
from registry.choices import ProtocolRank
from registry.models import Person, Stakeholder
from registry.validators import validate_year_in_range

DURATION_RE = re.compile(r"^\s*(\d{1,3}):([0-5]\d)\s*$")


class SpeakerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return str(obj)


class InscriptionForm(forms.Form):
    """Inscribe a stakeholder: the delegate's own ones, or any for the Secretariat. The
    speakers offered are the view's (a delegate's: its delegations' heads and members); the
    service checks the speaker against the stakeholder chosen."""

    stakeholder = forms.ModelChoiceField(
        label=_("Stakeholder"), queryset=Stakeholder.objects.none()
    )
    speaker = SpeakerChoiceField(
        label=_("Speaker"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Leave empty if the speaker is not known yet."),
    )
    speaker_name = forms.CharField(
        label=_("Or the speaker's name"),
        max_length=200,
        required=False,
        help_text=_(
            "For a speaker who is not in the list above: the Secretariat links the name to "
            "the registry later."
        ),
    )
    speaker_post = forms.CharField(
        label=_("Speaker's post"),
        max_length=200,
        required=False,
        help_text=_("Empty: the speaker's post for this stakeholder on the day of the meeting."),
    )
    level = forms.TypedChoiceField(
        label=_("Level of representation"),
        choices=[("", _("The registered level")), *ProtocolRank.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "Sets the place in the speaking order among Member States. Empty: the speaker's "
            "registered post, else the delegation's level. A higher level than registered is "
            "a request: the list uses the registered one until the Secretariat confirms it."
        ),
    )

    def __init__(
        self,
        *args,
        stakeholders,
        speakers,
        action: str,
        **kwargs,
    ):
        kwargs.setdefault("auto_id", "inscribe_%s")
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = stakeholders
        self.fields["speaker"].queryset = speakers
        self.helper = post_form_helper(action=action, submit=_("Inscribe"), name="inscribe")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("speaker") is not None and cleaned.get("speaker_name"):
            self.add_error(
                "speaker_name", _("Name the speaker from the registry or by name, not both.")
            )
        return cleaned


class MoveForm(forms.Form):
    inscription = forms.TypedChoiceField(label=_("Speaker"), coerce=int)
    to_position = forms.IntegerField(label=_("To place"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Required: every move is recorded with who made it and why."),
    )

    def __init__(self, *args, choices, action: str, **kwargs):
        kwargs.setdefault("auto_id", "move_%s")
        super().__init__(*args, **kwargs)
        self.fields["inscription"].choices = choices
        self.helper = post_form_helper(action=action, submit=_("Move"), name="move")

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the speaker is moved."))
        return reason


class SpokeForm(VenueTimeFormMixin, forms.Form):
    """The record of a speaker taking the floor; times are in the venue's time zone."""

    inscription = forms.TypedChoiceField(label=_("Speaker"), coerce=int)
    spoke_at = VenueDateTimeField(label=_("Took the floor at"))
    duration = forms.CharField(
        label=_("Spoke for"),
        max_length=7,
        help_text=_("Minutes:seconds, e.g. 4:30."),
    )

    def __init__(self, *args, choices, tz: zoneinfo.ZoneInfo, action: str, **kwargs):
        kwargs.setdefault("auto_id", "spoke_%s")
        super().__init__(*args, venue=tz, **kwargs)
        self.fields["inscription"].choices = choices
        self.tz = tz
        self.helper = post_form_helper(action=action, submit=_("Record"), name="spoke")

    def clean_duration(self) -> int:
        match = DURATION_RE.match(self.cleaned_data["duration"])
        if not match:
            raise forms.ValidationError(_("Write minutes:seconds, e.g. 4:30."))
        return int(match[1]) * 60 + int(match[2])


class ReorderForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Every speaker whose place changes gets a move with this reason."),
    )

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("auto_id", "reorder_%s")
        super().__init__(*args, **kwargs)
        self.helper = post_form_helper(
            action=action,
            submit=_("Reset to protocol order"),
            name="reorder",
            css_class="btn-outline-danger",
        )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the list is reset."))
        return reason


class LevelRefuseForm(ActionForm):
    """The Secretariat's refusal of a requested level: the reason is recorded and shown."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Required: the delegation sees why its requested level is refused."),
        error_messages={"required": _("Say why the requested level is refused.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the requested level is refused."))
        return reason


class SpeakerLinkForm(ActionForm):
    """The Secretariat's link of a speaker inscribed by name to a person of the registry."""

    person = SpeakerChoiceField(label=_("Person in the registry"), queryset=Person.objects.none())

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["next"]  # the page goes back to the list; a hidden error would not show
        self.fields["person"].queryset = persons


class ClosingForm(VenueTimeFormMixin, ActionForm):
    """When a speakers list closes on its own, typed in the venue's local time."""

    closes_at = VenueDateTimeField(
        label=_("Closes at"),
        required=False,
        validators=[validate_year_in_range],
        help_text=_("Empty: the list stays open until the Secretariat closes it."),
    )

    def __init__(self, *args, speakers_list, **kwargs):
        super().__init__(*args, venue=speakers_list, **kwargs)
        del self.fields["next"]  # the page goes back to the list; a hidden error would not show

"""Forms of the Secretariat's delegation pages: bulk registration, members, the file import.

Selects get their choices from the view (read once for the page).
"""

import datetime

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.choices import BulkScope
from consultations.delegations_import import (
    ImportFileError,
    import_rows_from_data,
    import_rows_read,
)
from consultations.forms.actions import post_form_helper
from registry.choices import ProtocolRank

PAYLOAD_SALT = "consultations.delegations.import"
PAYLOAD_MAX_AGE = 60 * 60  # seconds a preview may wait for its confirmation
# The dates a process can have: the UN's, and a margin for the next reviews.
MIN_DATE = datetime.date(1945, 1, 1)
MAX_DATE = datetime.date(2199, 12, 31)

Choices = list[tuple[int, str]]


class BulkRegisterForm(forms.Form):
    """All Member States, one regional group's, or all observers, as of a date."""

    process = forms.SlugField(widget=forms.HiddenInput)
    scope = forms.ChoiceField(label=_("Register"), choices=BulkScope.choices)
    regional_group = forms.TypedChoiceField(
        label=_("Regional group"), coerce=int, empty_value=None, required=False
    )
    as_of = forms.DateField(
        label=_("Members on"),
        # ISO, whatever the language: a date input reads nothing else.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Member States admitted, and observers existing, on this date."),
    )

    def __init__(self, *args, groups: Choices, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regional_group"].choices = [("", pgettext_lazy("no choice", "—")), *groups]
        self.helper = post_form_helper(action=action, submit=_("Register"), name="register")

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if not MIN_DATE <= as_of <= MAX_DATE:
            raise forms.ValidationError(_("Choose a date between 1945 and 2199."))
        return as_of

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == BulkScope.REGIONAL_GROUP and not cleaned.get("regional_group"):
            self.add_error("regional_group", _("Choose the regional group."))
        return cleaned


class MemberAddForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int, empty_value=None)
    post = forms.CharField(label=_("Post"), max_length=200, required=False)
    rank = forms.TypedChoiceField(
        label=_("Protocol rank"),
        choices=ProtocolRank.choices,
        coerce=int,
        initial=ProtocolRank.OTHER,
    )

    def __init__(self, *args, persons: Choices, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", pgettext_lazy("no choice", "—")), *persons]
        self.helper = post_form_helper(
            action=action, submit=_("Add to the delegation"), name="member-add"
        )

    def clean_post(self):
        post = self.cleaned_data["post"].strip()
        if any(ord(c) < 32 or c == "\x7f" for c in post):
            raise forms.ValidationError(_("The post contains a control character."))
        return post


class MemberForm(forms.Form):
    """One member of the delegation: to remove, or to make its head."""

    member = forms.TypedChoiceField(coerce=int, empty_value=None, widget=forms.HiddenInput)

    def __init__(self, *args, members: Choices, action: str, submit: str, name: str, **kwargs):
        css_class = kwargs.pop("css_class", "btn-outline-primary btn-sm")
        kwargs.setdefault("auto_id", f"{name}_%s")
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = members
        self.helper = post_form_helper(action=action, submit=submit, name=name, css_class=css_class)
        self.helper.form_class = "d-inline"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("One row per person: stakeholder, person, post, rank, head."),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = post_form_helper(action=action, submit=_("Preview"), name="import")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            content = upload.read(2 * 1024 * 1024 + 1)
            self.rows = import_rows_read(name=upload.name or "", content=content)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def import_payload(*, process_pk: int, rows) -> str:
    """The rows of a preview, signed, for the confirmation form (nobody can alter them)."""
    return signing.dumps(
        {"process": process_pk, "rows": [row.as_data() for row in rows]},
        salt=PAYLOAD_SALT,
        compress=True,
    )


class ImportConfirmForm(forms.Form):
    """The preview's rows, signed, back for saving; ``rows`` once valid."""

    process = forms.SlugField(widget=forms.HiddenInput)
    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, process_pk: int, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.process_pk = process_pk
        self.helper = post_form_helper(
            action=action, submit=_("Save all rows"), name="import-confirm"
        )

    def clean_payload(self):
        error = forms.ValidationError(
            _("The preview has expired or was altered; upload the file again.")
        )
        try:
            data = signing.loads(
                self.cleaned_data["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE
            )
        except (signing.BadSignature, ValueError):
            raise error from None
        if not isinstance(data, dict) or data.get("process") != self.process_pk:
            raise error
        try:
            self.rows = import_rows_from_data(data.get("rows"))
        except ImportFileError as bad:
            raise forms.ValidationError(str(bad)) from None
        return self.cleaned_data["payload"]

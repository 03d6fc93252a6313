"""Forms of the registry's own pages: a user's settings."""

import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from registry.choices import ApiTokenLifetime, ApiTokenScope
from registry.models import User


def time_zone_choices() -> list[tuple[str, str]]:
    """Every zone zoneinfo knows, by name, after "none"."""
    return [
        ("", _("None: the venue's time only")),
        *((z, z) for z in sorted(zoneinfo.available_timezones())),
    ]


class OwnTimeZoneForm(forms.ModelForm):
    """A user's own settings: the time zone the portal shows times in beside the venue's, and
    the preferred language (of their e-mails and pages). A language not chosen yet is offered as
    the page's (``request_language``)."""

    class Meta:
        model = User
        fields = ["language", "time_zone"]

    def __init__(self, *args, action: str, request_language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = [(code, name) for code, name in language.choices if code]
        language.required = True  # once set, always one of the six
        if not self.instance.language and request_language in dict(language.choices):
            self.initial["language"] = request_language
        self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices())
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "settings-form"
        self.helper.add_input(Submit("submit", _("Save"), css_id="settings-submit"))


class ApiTokenForm(forms.Form):
    """A new personal API token: a name to tell it apart, and what it may do."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Mission website”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read: what you may read. Read and write: also what you may change (statements, "
            "speakers, round-table choices)."
        ),
    )
    days = forms.TypedChoiceField(
        label=_("Opens the API for"),
        choices=ApiTokenLifetime.choices,
        coerce=int,
        initial=ApiTokenLifetime.QUARTER,
        required=False,
        empty_value=ApiTokenLifetime.QUARTER,  # a form posted without it: the default
        help_text=_("Then it opens nothing: make a new one."),
    )

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("auto_id", "token_%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "token-form"
        self.helper.add_input(Submit("submit", _("Create the token"), css_id="token-submit"))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name

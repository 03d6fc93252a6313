"""The forms of two-factor sign-in: a code from the authenticator app, or a recovery code."""

import math

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

WRONG_CODE = _("That code is not valid.")


def throttled_message(device) -> str | None:
    """The refusal while the device's throttling (django-otp's, doubling the wait after each
    wrong code) forbids another attempt, or None when one is allowed."""
    allowed, data = device.verify_is_allowed()
    if allowed or "locked_until" not in (data or {}):
        return None if allowed else str(WRONG_CODE)
    seconds = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes: wait %(seconds)d second before trying again.",
        "Too many wrong codes: wait %(seconds)d seconds before trying again.",
        seconds,
    ) % {"seconds": seconds}


def _clean_code(value: str) -> str:
    # Apps show codes as "123 456" and recovery codes are read off paper: spaces do not count.
    return "".join(value.split()).lower()


class TokenField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "one-time-code", "autofocus": True})


class VerifyForm(forms.Form):
    """Checks a code against the user's confirmed devices: six digits go to the authenticator
    app's device, anything else to the recovery codes (so that a recovery code does not count
    as a wrong app code). ``device`` is the one that matched."""

    token = TokenField(
        label=_("Code"),
        help_text=_("The six-digit code of your authenticator app, or one of your recovery codes."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self):
        token = _clean_code(self.cleaned_data["token"])
        model = TOTPDevice if token.isdigit() else StaticDevice
        for device in model.objects.devices_for_user(self.user, confirmed=True):
            refusal = throttled_message(device)
            if refusal:
                raise forms.ValidationError(refusal, code="throttled")
            if device.verify_token(token):
                self.device = device
                return token
        raise forms.ValidationError(WRONG_CODE, code="invalid")


class EnrolForm(forms.Form):
    token = TokenField(
        label=_("Code"), help_text=_("The six-digit code your authenticator app shows now.")
    )

    def clean_token(self):
        return _clean_code(self.cleaned_data["token"])

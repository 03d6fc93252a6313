"""Two-factor sign-in: who must use it, and the writes on a user's OTP devices.

The devices are django-otp's: one TOTP device (an authenticator app) and one static device
holding the single-use recovery codes. Members of the Secretariat and staff (the admin) must
have a confirmed TOTP device; a delegate may enrol, and once enrolled must verify too.
"""

from base64 import b32encode

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.backends import HAS_RECOVERY, HAS_TOTP
from registry.permissions import is_secretariat

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = _("Authenticator app")
RECOVERY_NAME = _("Recovery codes")


class EnrolmentError(Exception):
    """A TOTP device could not be confirmed (wrong or throttled code)."""


def second_factor_required(user) -> bool:
    """Whether ``user`` may not work without a second factor: the Secretariat and the admin's
    staff (OWASP ASVS level 2 asks it of administrative accounts)."""
    return user.is_staff or is_secretariat(user)


def has_second_factor(user) -> bool:
    """Whether ``user`` holds a confirmed device: as loaded with the signed-in user
    (registry.backends), else asked of each device type."""
    loaded = (getattr(user, HAS_TOTP, None), getattr(user, HAS_RECOVERY, None))
    if None not in loaded:
        return any(loaded)
    return user_has_device(user, confirmed=True)


def totp_secret(device: TOTPDevice) -> str:
    """The device's key as authenticator apps take it when typed in: base32, no padding."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_device_pending(*, user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call: the one the enrolment page
    shows until a first code confirms it. Reused, so that reloading the page keeps the secret
    the user may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(AUTHENTICATOR_NAME), confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str]:
    """Confirm ``device`` with a first code from the app and issue new recovery codes.

    Replaces any other device of the user (an earlier enrolment). Returns the recovery codes,
    to be shown once. Raises ``EnrolmentError`` when the code is wrong or attempts are throttled.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            raise EnrolmentError(_("That code is not valid. Check the time on your phone."))
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        return recovery_codes_issue(user=device.user)


def recovery_codes_issue(*, user) -> list[str]:
    """Replace the user's recovery codes with ``RECOVERY_CODE_COUNT`` new single-use ones and
    return them (they are stored as given: show them once)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": str(RECOVERY_NAME), "confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def totp_device_demo_ensure(*, user) -> TOTPDevice:
    """The demo account's confirmed TOTP device, created once (``make run`` stays idempotent):
    its secret is printed so that a tester can add it to an authenticator app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(AUTHENTICATOR_NAME), confirmed=True)
    return device

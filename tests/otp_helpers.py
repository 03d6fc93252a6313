"""Two-factor sign-in in tests: codes computed from a device, as the user's app would, and a
test client whose ``force_login`` opens a verified session.

``force_login`` skips the password step; ``VerifiedClient.force_login`` skips the second step
too, for a user who has a confirmed TOTP device, by storing it in the session as
``django_otp.login`` does. Tests of the sign-in itself post to the real forms instead.
"""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_code(device: TOTPDevice, *, wait: bool = False) -> str:
    """The code the app shows now for ``device``. A code is accepted once (django-otp keeps the
    last time step used); with ``wait``, if the current step's was used, the code of the next
    step (still in the device's tolerance) or, failing that, of the step after the wait."""
    device.refresh_from_db()
    while True:
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
        step = max(now, device.last_t + 1)
        if not wait or step <= now + device.tolerance:
            break
        time.sleep(1)
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"


class VerifiedClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = totp_device(user)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

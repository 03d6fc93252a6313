"""The admin of the authenticator apps (django-otp's), as the Secretariat needs it: delete a
lost phone's device so that its owner enrols again; never read or hand-set a key."""

from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice


class AuthenticatorAdmin(TOTPDeviceAdmin):
    # The throttling instant is django-otp's to keep; left editable it would also be the
    # admin's one date-and-time field whose two inputs have no name of their own.
    readonly_fields = [*TOTPDeviceAdmin.readonly_fields, "throttling_failure_timestamp"]


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAdmin)

"""The password-reset e-mail's link, built from SITE_URL rather than from the request.

Django's PasswordResetView takes the host of the link from the request's Host header: behind a
proxy that passes it on, or with a loose ALLOWED_HOSTS, whoever asks for a reset chooses where
the link in the victim's e-mail points (and so may receive the token). Every link in an e-mail
is built from SITE_URL, as consultations/services/statements/mail.py does.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView


class SiteURLPasswordResetForm(PasswordResetForm):
    def save(self, **kwargs):
        site = urlsplit(settings.SITE_URL)
        if site.netloc:
            kwargs["domain_override"] = site.netloc + site.path.rstrip("/")
            kwargs["use_https"] = site.scheme == "https"
        return super().save(**kwargs)


password_reset = PasswordResetView.as_view(form_class=SiteURLPasswordResetForm)

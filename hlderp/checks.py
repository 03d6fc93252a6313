"""System checks of the project's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

W002 = Warning(
    "SITE_URL is not set: links in e-mails (password resets, statement notices) have no "
    "address to point to.",
    hint="Set SITE_URL to the site's public address, e.g. https://hlderp.example.org.",
    id="hlderp.W002",
)


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    return [] if settings.SITE_URL else [W002]

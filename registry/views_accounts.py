"""Where a person lands after signing in without a ``next``: their own front page."""

from django.urls import reverse
from django.views.generic import RedirectView

from registry.permissions import is_delegate, is_secretariat


def landing_url(user) -> str:
    """The Secretariat's pages for the Secretariat, the delegate portal for a delegate, else
    the front page."""
    if is_secretariat(user):
        return reverse("secretariat:dashboard")
    if is_delegate(user):
        return reverse("delegate:portal")
    return reverse("home")


class LandingView(RedirectView):
    """settings.LOGIN_REDIRECT_URL: the sign-in (and the second factor after it) ends here."""

    def get_redirect_url(self, *args, **kwargs) -> str:
        return landing_url(self.request.user)

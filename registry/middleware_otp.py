"""Until the session has passed its second factor, a signed-in user who needs one reaches no
page but the two-factor ones (and sign-out): the staff pages, the admin and the delegate portal
all redirect to "enter your code", or to enrolment for the Secretariat who has no device yet.

After ``django_otp.middleware.OTPMiddleware``, which sets ``request.user.is_verified()``.
"""

from django.conf import settings
from django.urls import reverse

from registry import otp
from registry.views_otp import redirect_with_next


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open_prefixes: tuple[str, ...] | None = None

    def open_prefixes(self) -> tuple[str, ...]:
        # Resolved on first use: the URLconf is not loaded when middleware is built.
        if self._open_prefixes is None:
            self._open_prefixes = (
                reverse("two_factor:verify").rsplit("verify/", 1)[0],
                reverse("logout"),
                reverse("login"),
                reverse("set_language"),
                settings.STATIC_URL,
            )
        return self._open_prefixes

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path_info.startswith(self.open_prefixes())
        ):
            if otp.has_second_factor(user):
                return redirect_with_next("two_factor:verify", request.get_full_path())
            if otp.second_factor_required(user):
                return redirect_with_next("two_factor:setup", request.get_full_path())
        return self.get_response(request)

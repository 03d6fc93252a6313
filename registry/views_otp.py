"""Two-factor sign-in: enter a code after the password, enrol an authenticator app, and see
the recovery codes once. ``registry.middleware_otp`` sends a signed-in user here until the
session is verified."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import QueryDict
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from registry import otp
from registry.forms_otp import EnrolForm, VerifyForm, throttled_message

RECOVERY_CODES_SESSION_KEY = "two_factor_recovery_codes"


class NextMixin:
    """Carries ``?next=`` through the pages and goes there (if it is ours) at the end."""

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


def _verified(request, device) -> None:
    # A new session key for the higher privilege, as at the password step.
    request.session.cycle_key()
    otp_login(request, device)


class VerifyView(LoginRequiredMixin, NextMixin, FormView):
    template_name = "registration/two_factor_verify.html"
    form_class = VerifyForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not otp.has_second_factor(request.user):
            return redirect_with_next("two_factor:setup", self.next_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        _verified(self.request, form.device)
        return redirect(self.next_url())


class SetupView(LoginRequiredMixin, NextMixin, FormView):
    template_name = "registration/two_factor_setup.html"
    form_class = EnrolForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and otp.has_second_factor(request.user):
            messages.info(request, _("Two-factor sign-in is already set up for your account."))
            return redirect(self.next_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = otp.totp_device_pending(user=self.request.user)
        return super().get_context_data(
            qr_svg=segno.make(device.config_url, error="m").svg_inline(
                scale=4, title=_("QR code of your new authenticator account")
            ),
            secret=otp.totp_secret(device),
            **kwargs,
        )

    def form_valid(self, form):
        device = otp.totp_device_pending(user=self.request.user)
        refusal = throttled_message(device)
        if refusal:
            form.add_error("token", refusal)
            return self.form_invalid(form)
        try:
            codes = otp.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        except otp.EnrolmentError as error:
            form.add_error("token", str(error))
            return self.form_invalid(form)
        device.refresh_from_db()
        _verified(self.request, device)
        self.request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect_with_next("two_factor:recovery-codes", self.next_url())


class RecoveryCodesView(LoginRequiredMixin, NextMixin, TemplateView):
    """Shows the recovery codes of the enrolment just made, once: they leave the session here."""

    template_name = "registration/two_factor_recovery_codes.html"

    def get_context_data(self, **kwargs):
        codes = self.request.session.pop(RECOVERY_CODES_SESSION_KEY, [])
        return super().get_context_data(codes=codes, **kwargs)


def redirect_with_next(name: str, next_url: str):
    """A redirect to the named page that comes back to ``next_url`` afterwards."""
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return redirect(f"{resolve_url(name)}?{query.urlencode(safe='/')}")

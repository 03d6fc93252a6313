"""Two-factor sign-in, under /accounts/two-factor/."""

from django.urls import path

from registry import views_otp

app_name = "two_factor"

urlpatterns = [
    path("verify/", views_otp.VerifyView.as_view(), name="verify"),
    path("setup/", views_otp.SetupView.as_view(), name="setup"),
    path("recovery-codes/", views_otp.RecoveryCodesView.as_view(), name="recovery-codes"),
]

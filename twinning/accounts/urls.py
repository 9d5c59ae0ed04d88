"""The back office's sign-in pages beyond Django's login: /admin/second-factor/."""

from django.urls import path

from twinning.accounts import views

urlpatterns = [
    path("", views.recovery_codes_renew, name="second-factor"),
    path("verify/", views.second_factor_verify, name="second-factor-verify"),
    path("setup/", views.second_factor_setup, name="second-factor-setup"),
]

"""The back office's sign-in pages beyond Django's login: /admin/second-factor/."""

from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from twinning.accounts import passkeys, views

# The passkey ceremonies the browser calls (JSON), under the namespace that
# django-otp-webauthn's scripts and configuration expect.
ceremonies = (
    [
        path(
            "registration/begin/",
            passkeys.PasskeyRegistrationBeginView.as_view(),
            name="credential-registration-begin",
        ),
        path(
            "registration/complete/",
            passkeys.PasskeyRegistrationCompleteView.as_view(),
            name="credential-registration-complete",
        ),
        path(
            "authentication/begin/",
            passkeys.PasskeyAuthenticationBeginView.as_view(),
            name="credential-authentication-begin",
        ),
        path(
            "authentication/complete/",
            passkeys.PasskeyAuthenticationCompleteView.as_view(),
            name="credential-authentication-complete",
        ),
        # The scripts' messages: the plugin's catalogue and LOCALE_PATHS' djangojs.
        path(
            "jsi18n/",
            JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
            name="js-i18n-catalog",
        ),
    ],
    "otp_webauthn",
)

urlpatterns = [
    path("", views.recovery_codes_renew, name="second-factor"),
    path("verify/", views.second_factor_verify, name="second-factor-verify"),
    path("setup/", views.second_factor_setup, name="second-factor-setup"),
    path("passkeys/", views.passkey_list, name="second-factor-passkeys"),
    path(
        "passkeys/added/",
        views.passkey_added,
        name="second-factor-passkey-added",
    ),
    path(
        "passkeys/<int:pk>/remove/",
        views.passkey_remove_view,
        name="second-factor-passkey-remove",
    ),
    path("passkeys/webauthn/", include(ceremonies)),
]

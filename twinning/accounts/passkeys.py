"""Passkeys (WebAuthn) as a second factor, beside the authenticator app.

django-otp-webauthn does the ceremonies: its views hand the browser a challenge
and check what the authenticator signed. Here the project names a new passkey,
answers those views' errors in the person's language, and lets a person name,
list and remove their passkeys. A passkey never signs anyone in on its own
(`OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN` is off): it proves the second factor of
a session that the password opened.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from twinning.accounts.second_factor import is_administrator

log = logging.getLogger("twinning.accounts")

NAME_MAX_LENGTH = 64  # django-otp's `Device.name`

# What the browser shows when a ceremony fails, by the plugin's error code.
FAILURES: dict[str, Any] = {
    "user_not_verified": _(
        "Prove your second factor in this session before you add a passkey."
    ),
    "not_authenticated": _("Sign in with your password first."),
    "passwordless_login_disabled": _("Sign in with your password first."),
    "invalid_state": _("The passkey request has expired. Try again."),
    "credential_not_found": _("This passkey is not known here."),
    "credential_user_mismatch": _("This passkey belongs to another account."),
    "credential_disabled": _("This passkey is switched off."),
    "user_disabled": _("This account is switched off."),
}
FAILURE = _("The passkey could not be checked. Try again, or use a code.")


class PasskeyHelper(WebAuthnHelper):
    """Give a new passkey a name its owner can tell apart; they may rename it."""

    def create_credential(self, user: Any, *args: Any, **kwargs: Any) -> Any:
        device = super().create_credential(user, *args, **kwargs)
        number = WebAuthnCredential.objects.filter(user=user).count() + 1
        device.name = gettext("Passkey %(number)s") % {"number": number}
        return device


class TranslatedFailures:
    """Answer a failed ceremony in the person's language, and log it."""

    request: HttpRequest

    def handle_exception(self, exc: Exception) -> JsonResponse:
        if isinstance(exc, webauthn_errors.OTPWebAuthnApiError):
            user = self.request.user
            log.warning(
                "A passkey ceremony failed (%s) for user %s from %s.",
                exc.code,
                user.pk if user.is_authenticated else None,
                self.request.META.get("REMOTE_ADDR"),
            )
            detail = FAILURES.get(exc.code, FAILURE)
            return JsonResponse(
                {"detail": str(detail), "code": exc.code}, status=exc.status_code
            )
        raise exc


class PasskeyRegistrationBeginView(
    TranslatedFailures, webauthn_views.BeginCredentialRegistrationView
):
    """Hand the browser the options for a new passkey of the signed-in user."""


class PasskeyRegistrationCompleteView(
    TranslatedFailures, webauthn_views.CompleteCredentialRegistrationView
):
    """Keep the new passkey; a session without a verified factor now has one."""

    def post(self, *args: Any, **kwargs: Any) -> Any:
        response = super().post(*args, **kwargs)
        log.info("User %s added a passkey.", self.request.user.pk)
        return response


class PasskeyAuthenticationBeginView(
    TranslatedFailures, webauthn_views.BeginCredentialAuthenticationView
):
    """Hand the browser a challenge for one of the signed-in user's passkeys."""


class PasskeyAuthenticationCompleteView(
    TranslatedFailures, webauthn_views.CompleteCredentialAuthenticationView
):
    """Verify the session with the passkey that signed the challenge."""

    def post(self, *args: Any, **kwargs: Any) -> Any:
        response = super().post(*args, **kwargs)
        log.info("User %s verified a sign-in with a passkey.", self.request.user.pk)
        return response


# The hidden field of the page's own form that says where to go on; the back
# office's language switch has a `next` field of its own, earlier in the page.
NEXT_FIELD_ID = "second-factor-next"


def browser_configuration(request: HttpRequest) -> dict[str, Any]:
    """Return what the plugin's scripts read from the page: addresses, CSRF token."""
    return get_configuration(request, {"nextFieldSelector": f"#{NEXT_FIELD_ID}"})


def passkeys_of(user: Any) -> QuerySet[WebAuthnCredential]:
    """Return the user's passkeys, the newest first."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by(
        "-created_at", "-pk"
    )


def has_passkey(user: Any) -> bool:
    """Tell whether the user has a passkey to verify a sign-in with."""
    return passkeys_of(user).exists()


@transaction.atomic
def passkey_rename(*, passkey: WebAuthnCredential, name: str, actor: Any) -> None:
    """Give one of the actor's own passkeys a name; a blank name keeps the old."""
    if passkey.user_id != actor.pk:
        raise ValidationError(_("This passkey belongs to another account."))
    name = " ".join(name.split())[:NAME_MAX_LENGTH]
    if not name or name == passkey.name:
        return
    passkey.name = name
    passkey.full_clean()
    passkey.save(update_fields=["name"])


@transaction.atomic
def passkey_remove(*, passkey: WebAuthnCredential, actor: Any) -> None:
    """Remove one of the actor's own passkeys: it verifies no sign-in after this.

    An administrator keeps at least one passkey or authenticator app, so that
    their next sign-in is not left to recovery codes alone.
    """
    if passkey.user_id != actor.pk:
        raise ValidationError(_("This passkey belongs to another account."))
    others = (
        passkeys_of(actor).exclude(pk=passkey.pk).exists()
        or TOTPDevice.objects.filter(user=actor, confirmed=True).exists()
    )
    if is_administrator(actor) and not others:
        raise ValidationError(
            _(
                "Administrators keep at least one passkey or authenticator app. "
                "Add another before you remove this one."
            ),
            code="last_factor",
        )
    passkey.delete()
    log.info("User %s removed a passkey.", actor.pk)

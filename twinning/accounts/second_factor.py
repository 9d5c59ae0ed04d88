"""The second factor: who must use one, and setting one up.

A member of staff proves a sign-in with a code from an authenticator app (TOTP,
RFC 6238) or with one of ten single-use recovery codes. Administrators, of a
municipality or of the platform, must: until their session is verified they reach
nothing but the pages that verify it or set a factor up. Everyone else may set
one up, and once they have one, their sign-ins need it too.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from twinning.accounts.roles import ADMINISTRATOR

APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


def is_administrator(user: Any) -> bool:
    """Tell whether the user administers a municipality or the platform."""
    if user.is_superuser:
        return True
    return any(group.name == ADMINISTRATOR for group in user.groups.all())


def has_second_factor(user: Any) -> bool:
    """Tell whether the user has set up a second factor they must now use."""
    return bool(user_has_device(user, confirmed=True))


def must_verify(user: Any) -> bool:
    """Tell whether this signed-in user must prove a second factor to go on."""
    if not user.is_authenticated or user.is_verified():
        return False
    return has_second_factor(user) or is_administrator(user)


def authenticator_pending(user: Any) -> TOTPDevice:
    """Return the user's authenticator not yet confirmed, making one if need be.

    Its secret is shown (as a QR code) until a code from the app confirms it.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm a pending authenticator with a code it shows; replace the old one.

    Return False, changing nothing, when the code is wrong.
    """
    if not device.verify_token(code):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def recovery_codes_issue(*, user: Any) -> list[str]:
    """Give the user ten new recovery codes, each good once; the old ones end.

    The codes are returned to be shown once; they are stored as django-otp keeps
    them.
    """
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def recovery_codes_left(user: Any) -> int:
    """Return how many unused recovery codes the user has."""
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_DEVICE_NAME
    ).count()


def second_factor_match(*, user: Any, code: str) -> Any:
    """Return the user's device that accepts the code (app or recovery), or None.

    Each device counts its own failures and makes the user wait longer after each
    (django-otp's throttling), so codes cannot be guessed quickly.
    """
    code = "".join(code.split())
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None

"""Personal API tokens: make one (its secret shown once), check one, revoke one.

A secret is 43 URL-safe characters from `secrets.token_urlsafe(32)` (256 bits), so
a plain SHA-256 of it is a safe thing to store: there is nothing to guess that a
slow password hash would protect. A token is found by that hash, through a unique
index, without comparing secrets in Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import ApiToken, TokenScope, token_expiry_default
from twinning.accounts.roles import ADMINISTRATOR, EDITOR

PREFIX_LENGTH = 8
# `last_used_at` is written at most this often per token, so that a busy client
# does not turn every read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A token just made, with its secret: the only time the secret is known."""

    token: ApiToken
    secret: str


def api_token_hash(secret: str) -> str:
    """Return the hex SHA-256 of a secret, as stored in `ApiToken.key_hash`."""
    return hashlib.sha256(secret.encode()).hexdigest()


def role_may_write(user: Any) -> bool:
    """Tell whether the user's role writes to the register (editors, administrators)."""
    if user.is_superuser:
        return True
    return any(group.name in (EDITOR, ADMINISTRATOR) for group in user.groups.all())


@transaction.atomic
def api_token_create(
    *,
    user: Any,
    name: str,
    actor: Any = None,
    scope: str | None = None,
    expires_at: dt.datetime | None = None,
) -> IssuedToken:
    """Make a token for `user`, acting with their role; return it with its secret.

    `scope` is read or write; by default the widest the user's role allows (a
    viewer's tokens only read), and a write token for a role that does not write
    is refused. `expires_at` is a year from now by default. `actor` is who made it
    (the user themselves, or an administrator); the token's history records it.
    """
    if scope is None:
        scope = TokenScope.WRITE if role_may_write(user) else TokenScope.READ
    if scope == TokenScope.WRITE and not role_may_write(user):
        raise ValidationError(
            {
                "scope": _(
                    "Only an editor or an administrator can have a token that "
                    "writes; make a read-only token."
                )
            },
            code="scope",
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": _("A token must expire in the future.")},
            code="expires_at",
        )
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        scope=scope,
        expires_at=expires_at or token_expiry_default(),
        prefix=secret[:PREFIX_LENGTH],
        key_hash=api_token_hash(secret),
    )
    token.full_clean()
    token._history_user = actor or user  # type: ignore[attr-defined]
    token.save(force_insert=True)
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    """Revoke a token for good, with `actor` in its history; again, it is a no-op."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = actor  # type: ignore[attr-defined]
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """Return the live token whose secret this is, with its user, or None.

    None for an unknown, revoked or expired token, and for a token whose user may
    no longer sign in. Notes when the token was used (at most once a minute).
    """
    if not secret:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=api_token_hash(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A conditional UPDATE: two requests at once write it once, and neither
        # touches any other field of the token.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at=None) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token

"""Personal API tokens: `Authorization: Bearer <token>`, acting with the owner's role.

Reads of public records need no token. Writes and contact persons do: an unknown,
revoked, expired or missing token gets 401; a read-only token that would write gets
403; a token whose owner's role lacks the permission
gets 403 (a viewer's token writes nothing, and sees no contact person).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from twinning.accounts.models import User
from twinning.accounts.tokens import api_token_authenticate
from twinning.api.problems import ProblemError

REALM = 'Bearer realm="twinning"'


class ApiTokenAuth(HttpBearer):
    """Authenticate a request by a personal API token; its user is `request.auth`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = api_token_authenticate(secret=token)
        if api_token is None:
            return None
        user: User = api_token.user
        # Django's own checks (has_perm, history) read the user from here too.
        request.user = user
        request.api_token = api_token  # type: ignore[attr-defined]
        return user


token_auth = ApiTokenAuth()


def www_authenticate(request: HttpRequest) -> str:
    """Return the WWW-Authenticate challenge for a 401 (RFC 6750, section 3)."""
    if request.headers.get("Authorization"):
        return f'{REALM}, error="invalid_token"'
    return REALM


def acting_user(request: HttpRequest, *permissions: str) -> User:
    """Return the token's user, or refuse with 403 if their role lacks a permission."""
    user: Any = getattr(request, "auth", None)
    if not isinstance(user, User):  # the operation's auth makes this unreachable
        raise ProblemError(
            401,
            _("Send a personal API token: Authorization: Bearer <token>."),
            headers={"WWW-Authenticate": www_authenticate(request)},
        )
    token = getattr(request, "api_token", None)
    writes = request.method not in ("GET", "HEAD", "OPTIONS") or any(
        not permission.split(".")[-1].startswith("view_") for permission in permissions
    )
    if writes and token is not None and not token.may_write:
        raise ProblemError(
            403, _("This token may only read; make a token that writes to write.")
        )
    if not user.has_perms(permissions):
        raise ProblemError(
            403,
            _("Your role does not allow this; the token acts with its owner's role."),
        )
    return user

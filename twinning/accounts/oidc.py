"""Single sign-on with a municipality's OpenID Connect provider (Entra ID, AD FS,
Keycloak), through mozilla-django-oidc.

The provider says who the person is (`sub`, name, e-mail) and which groups they are
in (the claim `TWINNING_OIDC_GROUPS_CLAIM`, "groups" by default). Twinning's roles
and municipalities come from those groups alone, by `TWINNING_OIDC_GROUPS`:

    aarhus-international=editor:aarhus; aarhus-it=administrator:aarhus;
    aarhus-readers=viewer:aarhus; national-operators=platform

Each sign-in brings the user's role and municipalities up to date with the groups
(the highest role of those mapped wins); a person in no mapped group is refused.
A user who signed in this way is named `sso-<sub>` and has no password of their
own. Local accounts keep working beside it, and everywhere when no provider is set.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from twinning.accounts.roles import ADMINISTRATOR, EDITOR, VIEWER

log = logging.getLogger("twinning.accounts")

PLATFORM = "platform"
RANK = {VIEWER: 1, EDITOR: 2, ADMINISTRATOR: 3}


@dataclass(frozen=True)
class Grant:
    """What one provider group gives: a role in a municipality, or the platform."""

    role: str
    municipality: str | None


def parse_group_map(text: str) -> dict[str, Grant]:
    """Read `group=role:municipality` pairs separated by ";" or new lines."""
    grants: dict[str, Grant] = {}
    for item in text.replace("\n", ";").split(";"):
        if not item.strip():
            continue
        group, _, target = item.partition("=")
        role, _, municipality = target.strip().partition(":")
        role = role.strip()
        if not group.strip() or (role != PLATFORM and role not in RANK):
            raise ImproperlyConfigured(
                f"TWINNING_OIDC_GROUPS: “{item.strip()}” is not "
                "group=role:municipality (role viewer, editor or administrator) "
                "or group=platform."
            )
        if role != PLATFORM and not municipality.strip():
            raise ImproperlyConfigured(
                f"TWINNING_OIDC_GROUPS: “{item.strip()}” names no municipality."
            )
        grants[group.strip()] = Grant(role, municipality.strip() or None)
    return grants


def grants_for(groups: list[str]) -> tuple[str | None, bool, set[str]]:
    """Return the role, whether platform-wide, and the municipality slugs."""
    grant_map = parse_group_map(settings.TWINNING_OIDC_GROUPS)
    grants = [grant_map[group] for group in groups if group in grant_map]
    if any(grant.role == PLATFORM for grant in grants):
        return ADMINISTRATOR, True, set()
    if not grants:
        return None, False, set()
    role = max((grant.role for grant in grants), key=RANK.__getitem__)
    return role, False, {grant.municipality for grant in grants if grant.municipality}


class TwinningOIDCBackend(OIDCAuthenticationBackend):
    """Sign staff in by the provider's word, with roles from their groups."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        # By the provider's stable subject only, never by e-mail: a provider that
        # lets people choose their e-mail could otherwise take over an account.
        return self.UserModel.objects.filter(username=sso_username(claims))

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        role, _platform, _municipalities = grants_for(groups_of(claims))
        if not claims.get("sub") or role is None:
            log.warning(
                "Single sign-on refused for %r: in no group that gives a role.",
                claims.get("preferred_username") or claims.get("sub"),
            )
            return False
        return True

    def create_user(self, claims: dict[str, Any]) -> Any:
        return self.update_user(None, claims)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        from twinning.accounts.services import sso_user_sync

        role, platform, municipalities = grants_for(groups_of(claims))
        if role is None:  # verify_claims refuses such a person first
            raise PermissionDenied
        return sso_user_sync(
            username=sso_username(claims),
            email=claims.get("email", ""),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
            role=role,
            platform=platform,
            municipality_slugs=municipalities,
        )


def sso_username(claims: dict[str, Any]) -> str:
    return f"sso-{claims.get('sub', '')}"[:150]


def groups_of(claims: dict[str, Any]) -> list[str]:
    groups = claims.get(settings.TWINNING_OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return [str(group) for group in groups]


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def sso_start(request: HttpRequest) -> HttpResponse:
    """Send the person to the provider to sign in (404 when none is set)."""
    if not enabled():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


def sso_callback(request: HttpRequest) -> HttpResponse:
    """Take the provider's answer and sign the person in (404 when none is set)."""
    if not enabled():
        raise Http404
    return OIDCAuthenticationCallbackView.as_view()(request)

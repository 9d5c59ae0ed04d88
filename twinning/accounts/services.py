"""Writes to users: create a member of staff in a role, within a reach."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.roles import ADMINISTRATOR, ROLES
from twinning.places.models import Municipality


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    email: str = "",
    actor: User | None = None,
    municipalities: Iterable[Municipality] | None = None,
    platform: bool = False,
) -> User:
    """Create a member of staff in a role, able to sign in to the back office.

    `municipalities` are those the user works on; a `platform` administrator works
    on all of them. An `actor` who is not a platform administrator cannot make
    one, nor give anyone a municipality they do not have themselves.
    """
    municipalities = list(municipalities or [])
    if platform and role != ADMINISTRATOR:
        raise ValidationError(
            {"role": _("Only an administrator can work on the whole platform.")}
        )
    if actor is not None and not actor.is_superuser:
        if platform:
            raise ValidationError(
                {"role": _("Only a platform administrator can make another.")}
            )
        outside = reach_exceeded(actor=actor, municipalities=municipalities)
        if outside:
            raise ValidationError(
                {
                    "municipalities": _(
                        "You cannot give access to %(municipalities)s: you do not "
                        "work on it yourself."
                    )
                    % {"municipalities": ", ".join(outside)}
                }
            )
    if role not in ROLES:
        raise ValidationError(
            {
                "role": _("Choose one of the roles: %(roles)s.")
                % {"roles": ", ".join(ROLES)}
            }
        )
    user = User(username=username, email=email, is_staff=True)
    user.is_superuser = platform
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    if municipalities:
        user.municipalities.set(municipalities)
    return user


def reach_exceeded(*, actor: User, municipalities: Iterable[Municipality]) -> list[str]:
    """Return the names of the municipalities that reach beyond the actor's own."""
    if actor.is_superuser:
        return []
    own = set(actor.municipalities.values_list("pk", flat=True))
    return sorted(str(m) for m in municipalities if m.pk not in own)


@transaction.atomic
def sso_user_sync(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    platform: bool,
    municipality_slugs: Iterable[str],
) -> User:
    """Make or bring up to date a user who signs in through the identity provider.

    Their role and municipalities are the provider's groups' (`accounts.oidc`),
    every time; they have no password of their own.
    """
    user = User.objects.filter(username=username).first() or User(username=username)
    user.email, user.first_name, user.last_name = (
        email,
        first_name[:150],
        last_name[:150],
    )
    user.is_staff = True
    user.is_active = True
    user.is_superuser = platform
    if user.pk is None:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    user.municipalities.set(
        [] if platform else Municipality.objects.filter(slug__in=municipality_slugs)
    )
    return user

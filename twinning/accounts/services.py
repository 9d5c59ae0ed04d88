"""Writes to users: create a member of staff in a role."""

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
) -> User:
    """Create a member of staff in a role, able to sign in to the back office."""
    if role not in ROLES:
        raise ValidationError(
            {
                "role": _("Choose one of the roles: %(roles)s.")
                % {"roles": ", ".join(ROLES)}
            }
        )
    user = User(username=username, email=email, is_staff=True)
    user.is_superuser = role == ADMINISTRATOR
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

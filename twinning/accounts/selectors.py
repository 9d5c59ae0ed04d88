"""Reads of staff: whom an administrator manages."""

from __future__ import annotations

from django.db.models import QuerySet

from twinning.accounts.models import User
from twinning.places.models import Municipality


def users_managed_by(user: User) -> QuerySet[User]:
    """Return the users an administrator manages.

    A platform administrator manages everyone; a municipality's administrator the
    users who are no platform administrator and work on none but the
    administrator's own municipalities (themselves included).
    """
    users = User.objects.all()
    if user.is_superuser:
        return users
    own = user.municipalities.values("pk")
    return (
        users.filter(is_superuser=False, municipalities__in=own)
        .exclude(municipalities__in=Municipality.objects.exclude(pk__in=own))
        .distinct()
    )

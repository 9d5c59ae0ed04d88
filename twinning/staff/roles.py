"""The roles as staff read them: their names translated, and what each may not do."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from twinning.accounts.roles import ADMINISTRATOR, EDITOR, ROLE_LABELS, ROLES, VIEWER

ROLE_LIMITS = {
    ADMINISTRATOR: _(
        "An administrator runs their own municipalities, but may not add or remove "
        "home municipalities, nor change what a role may do."
    ),
    EDITOR: _(
        "An editor keeps the register, but may not manage users and roles, nor read "
        "the access log."
    ),
    VIEWER: _(
        "A viewer reads the register, but may not add, change or delete records, "
        "mark them as reviewed, nor see contact persons' e-mail and phone."
    ),
}
NO_ROLE = _(
    "Without a role you may not see the register. Ask your municipality's "
    "administrator to give you one."
)
PLATFORM = _("platform administrator")


def roles_of(user: Any) -> list[str]:
    """Return the user's roles, as the names of their groups that are roles."""
    if not getattr(user, "is_authenticated", False):
        return []
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLES if role in names]


def role_labels(user: Any) -> list[str]:
    """Return the user's roles, translated."""
    labels = [str(ROLE_LABELS[role]) for role in roles_of(user)]
    if getattr(user, "is_superuser", False):
        labels.insert(0, str(PLATFORM))
    return labels


def role_limits(user: Any) -> list[str]:
    """Return what each of the user's roles may not do (or that they have none)."""
    roles = roles_of(user)
    if not roles and not getattr(user, "is_superuser", False):
        return [str(NO_ROLE)]
    return [str(ROLE_LIMITS[role]) for role in roles]

"""The roles of the back office, as groups, and the permissions each has.

- platform administrator (a superuser): everything, in every municipality, including
  adding and removing home municipalities;
- administrator: everything in their own municipalities, including their users,
  roles and the access log;
- editor: the whole register (add, change, delete, view), but not users or the log;
- viewer: reads the register; sees no contact person's e-mail or phone.

Every role but the platform administrator works within the user's municipalities
(`User.municipalities`): the back office and the API show and change nothing else.

Groups are made by a migration; their permissions are brought up to date after
every `migrate`, so a model added later is covered without a new data migration.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "administrator"
EDITOR = "editor"
VIEWER = "viewer"
ROLES = (ADMINISTRATOR, EDITOR, VIEWER)
# A role's group is named in English; staff read it in their own language.
ROLE_LABELS = {
    ADMINISTRATOR: _("administrator"),
    EDITOR: _("editor"),
    VIEWER: _("viewer"),
}

REGISTER_APPS = (
    "core",
    "places",
    "partnerships",
    "projects",
    "activities",
    "results",
    "contacts",
    "eu",
)
# Records of the register that only administrators may see.
ADMINISTRATORS_ONLY = {("core", "accesslogentry")}
# What only a platform administrator (a superuser) may do: add or remove a home
# municipality. A municipality's administrator may change their own.
# The roles themselves (auth groups) are the platform's too: a municipality's
# administrator gives roles, but cannot change what a role may do.
PLATFORM_ONLY = {
    ("places", "add_municipality"),
    ("places", "delete_municipality"),
    ("auth", "add_group"),
    ("auth", "change_group"),
    ("auth", "delete_group"),
}
CONTACT_DETAILS = ("contacts", "view_contact_details")
# Everyone's sign-in attempts and lock-outs (django-axes) and second factors
# (django-otp) are the platform's: they are not scoped to a municipality, and a
# factor's record holds its secret.
PLATFORM_ONLY_APPS = {"axes", "otp_totp", "otp_static", "django_otp_webauthn"}


def role_grants(role: str, app_label: str, model: str, codename: str) -> bool:
    """Tell whether a role holds the permission `app_label.codename` on `model`."""
    if role == ADMINISTRATOR:
        return (
            app_label not in PLATFORM_ONLY_APPS
            and (app_label, codename) not in PLATFORM_ONLY
        )
    if app_label not in REGISTER_APPS or (app_label, model) in ADMINISTRATORS_ONLY:
        return False
    if model.startswith("historical"):
        return codename.startswith("view_")
    if role == EDITOR:
        return True
    return codename.startswith("view_") and (app_label, codename) != CONTACT_DETAILS


def sync_role_permissions(group_model: Any, permission_model: Any) -> None:
    """Give each role group exactly the permissions `role_grants` allows.

    Takes the model classes so that a migration can pass its historical models.
    """
    permissions = list(
        permission_model.objects.select_related("content_type").order_by("pk")
    )
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set(
            [
                permission
                for permission in permissions
                if role_grants(
                    role,
                    permission.content_type.app_label,
                    permission.content_type.model,
                    permission.codename,
                )
            ]
        )

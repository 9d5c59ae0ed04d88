from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    # post_migrate is sent once per app that has models; the last one's permissions
    # exist only then, so the roles are brought up to date after the last one.
    from django.apps import apps

    with_models = [app for app in apps.get_app_configs() if app.models_module]
    if sender.label != with_models[-1].label:
        return
    from django.contrib.auth.models import Group, Permission

    from twinning.accounts.roles import sync_role_permissions

    sync_role_permissions(Group, Permission)


class AccountsConfig(AppConfig):
    name = "twinning.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="twinning.accounts.sync_roles")

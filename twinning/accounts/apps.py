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


def _log_lockout(
    sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any
) -> None:
    # django-axes has just locked an account or an address; say who, and until when
    # (the lock ends a cool-off period after the last attempt).
    import logging

    from django.conf import settings
    from django.utils import timezone

    until = timezone.localtime() + settings.AXES_COOLOFF_TIME
    logging.getLogger("twinning.accounts").warning(
        "Sign-in locked after %d failures for username %r from address %s until %s.",
        settings.AXES_FAILURE_LIMIT,
        username,
        ip_address,
        until.isoformat(timespec="minutes"),
    )


class AccountsConfig(AppConfig):
    name = "twinning.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="twinning.accounts.sync_roles")
        from axes.signals import user_locked_out

        user_locked_out.connect(_log_lockout, dispatch_uid="twinning.accounts.lockout")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "twinning.core"
    label = "core"
    verbose_name = _("Sources and access log")

    def ready(self) -> None:
        # The services name themselves as the writers of this app's models.
        from twinning.core import services  # noqa: F401

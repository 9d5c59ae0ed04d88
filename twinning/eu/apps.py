from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EuConfig(AppConfig):
    name = "twinning.eu"
    label = "eu"
    verbose_name = _("EU work")

    def ready(self) -> None:
        # The services name themselves as the writers of this app's models.
        from twinning.eu import services  # noqa: F401

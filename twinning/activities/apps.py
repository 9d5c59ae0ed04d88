from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "twinning.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        # The services name themselves as the writers of this app's models.
        from twinning.activities import services  # noqa: F401

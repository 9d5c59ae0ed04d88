from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "twinning.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        # The services name themselves as the writers of this app's models.
        from twinning.results import services  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "twinning.places"
    label = "places"
    verbose_name = _("Places and organisations")

    def ready(self) -> None:
        # The services name themselves as the writers of this app's models.
        from twinning.places import services  # noqa: F401

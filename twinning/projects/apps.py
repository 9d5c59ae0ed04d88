from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "twinning.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # The services name themselves as the writers of this app's models.
        from twinning.projects import services  # noqa: F401

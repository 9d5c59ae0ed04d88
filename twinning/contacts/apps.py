from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "twinning.contacts"
    label = "contacts"
    verbose_name = _("Contact persons")

    def ready(self) -> None:
        # The services name themselves as the writers of this app's models.
        from twinning.contacts import services  # noqa: F401

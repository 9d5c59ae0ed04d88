from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataConfig(AppConfig):
    """The shipped datasets and the command that loads them through the services."""

    name = "twinning.data"
    label = "data"
    verbose_name = _("Shipped datasets")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "twinning.core"
    label = "core"
    verbose_name = _("Sources and access log")

    def ready(self) -> None:
        # The services name themselves as the writers of this app's models.
        # A session's clock starts when its user signs in.
        from django.contrib.auth.signals import user_logged_in

        from twinning.core import services  # noqa: F401
        from twinning.core.middleware import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="twinning.core.sign_in")

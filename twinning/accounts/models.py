"""Users of the back office. Roles are groups: see `accounts.roles`."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff who signs in to the back office."""

    municipalities = models.ManyToManyField(
        "places.Municipality",
        verbose_name=_("municipalities"),
        blank=True,
        related_name="staff",
        help_text=_("The home municipalities whose register this person works on."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

"""Users of the back office and their API tokens; roles are groups: `accounts.roles`."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at=None)


class ApiToken(models.Model):
    """A personal token with which a member of staff writes through the REST API.

    Only the SHA-256 hash of the secret is stored; the secret itself is shown once,
    when the token is made (see `accounts.tokens`). The first characters of the
    secret (`prefix`) are kept in clear so that people can tell their tokens apart.
    A token acts with its owner's role; revoking it ends its use for good.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, such as “Open data portal import”."),
    )
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    key_hash = models.CharField(
        _("hash of the secret"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Who made and who revoked a token; the hash and the time of use are left out.
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

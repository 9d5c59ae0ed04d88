"""Users of the back office and their API tokens; roles are groups: `accounts.roles`."""

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.core.fields import owner_field
from twinning.core.models import HashedSecret


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


class TokenScope(models.TextChoices):
    """What a token may do: read only, or read and write (as its owner's role)."""

    READ = "read", _("read only")
    WRITE = "write", _("read and write")


# A token's default life.
TOKEN_LIFETIME = dt.timedelta(days=365)


def token_expiry_default() -> dt.datetime:
    return timezone.now() + TOKEN_LIFETIME


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        """Return the tokens neither revoked nor expired."""
        return self.filter(revoked_at=None, expires_at__gt=timezone.now())


class ApiToken(HashedSecret):
    """A personal token with which a member of staff uses the REST API.

    Only the SHA-256 hash of the secret is stored; the secret itself is shown once,
    when the token is made (see `accounts.tokens`). The first characters of the
    secret (`prefix`) are kept in clear so that people can tell their tokens apart.
    A token acts with its owner's role, narrowed by its scope (read only, or read
    and write); it is refused after it expires, and revoking it ends its use for
    good.
    """

    user = owner_field(related_name="api_tokens")
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, such as “Open data portal import”."),
    )
    scope = models.CharField(
        _("scope"),
        max_length=5,
        choices=TokenScope.choices,
        default=TokenScope.READ,
        help_text=_(
            "A read-only token writes nothing, whatever its owner’s role. Only "
            "roles that may write can have a token that writes."
        ),
    )
    expires_at = models.DateTimeField(
        _("expires"),
        default=token_expiry_default,
        help_text=_("After this the token is refused. A year from now unless set."),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Who made and who revoked a token; the hash and the time of use are left out.
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta(HashedSecret.Meta):
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE

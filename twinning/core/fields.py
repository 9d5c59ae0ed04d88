"""Model fields shared by the domain apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.dates import validate_partial_date
from twinning.core.validators import validate_currency_code

if TYPE_CHECKING:
    from twinning.accounts.models import User

    # For the type checker only: what the shared fields point to.
    from twinning.core.models import Source
    from twinning.partnerships.models import Partnership
    from twinning.places.models import Municipality
    from twinning.projects.models import Project


class PartialDateField(models.CharField):
    """A partial date, stored as its text at its precision ("2009-10", "196X-early")."""

    default_validators = [validate_partial_date]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "help_text",
            _(
                "YYYY, YYYY-MM or YYYY-MM-DD; where the sources know less, 1962~ "
                "(about 1962), 196X (the 1960s) or 196X-early, -mid, -late"
            ),
        )
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs


# Fields that many models of the register declare alike. Each returns a new field,
# so that the declarations read as what they are and stay the same everywhere.


def slug_field(*, unique: bool = True) -> models.SlugField[str, str]:
    """Return the slug a record's addresses use.

    A portfolio record's slug is unique within its municipality (`unique=False`,
    with a `unique_rule` on the municipality and the slug): Aarhus–Bergen and
    Odense–Bergen may both be "bergen".
    """
    return models.SlugField(_("slug"), max_length=100, unique=unique)


def amount_field(
    verbose_name: Any, *, max_digits: int = 14, validators: list[Any] | None = None
) -> models.DecimalField[Any, Any]:
    """Return an optional sum of money, to the cent (of up to a trillion)."""
    checks: dict[str, Any] = {"validators": validators} if validators else {}
    return models.DecimalField(
        verbose_name,
        max_digits=max_digits,
        decimal_places=2,
        null=True,
        blank=True,
        **checks,
    )


def currency_field(
    *, default: str = "", help_text: Any = None
) -> models.CharField[str, str]:
    """Return the ISO 4217 currency of a record's amounts.

    With a `default` there always is one; without, it stays empty until an amount
    is given.
    """
    given: dict[str, Any] = {"default": default} if default else {"blank": True}
    return models.CharField(
        _("currency"),
        max_length=3,
        validators=[validate_currency_code],
        help_text=help_text or _("ISO 4217 code, such as DKK."),
        **given,
    )


def source_field() -> models.ForeignKey[Source | None, Source | None]:
    """Return the optional source of one fact."""
    return models.ForeignKey(
        "core.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


def sources_field() -> models.ManyToManyField[Source, Any]:
    """Return the sources a record's facts come from."""
    return models.ManyToManyField(
        "core.Source", verbose_name=_("sources"), blank=True, related_name="+"
    )


def internal_note_field() -> models.TextField[str, str]:
    """Return the note staff keep for themselves: never shown to the public."""
    return models.TextField(
        _("internal note"), blank=True, help_text=_("Never shown to the public.")
    )


def municipality_field(
    *, related_name: str
) -> models.ForeignKey[Municipality, Municipality]:
    """Return the home municipality whose portfolio a record belongs to."""
    return models.ForeignKey(
        "places.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        related_name=related_name,
    )


def owner_field(*, related_name: str) -> models.ForeignKey[User, User]:
    """Return the member of staff a record belongs to, deleted along with them."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


def _belongs_to(to: str, verbose_name: Any, related_name: str) -> Any:
    """Return the optional link to what a record belongs to, kept while it is."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


def partnership_field(
    *, related_name: str
) -> models.ForeignKey[Partnership | None, Partnership | None]:
    """Return the partnership a record may belong to."""
    return _belongs_to("partnerships.Partnership", _("partnership"), related_name)


def project_field(
    *, related_name: str
) -> models.ForeignKey[Project | None, Project | None]:
    """Return the project a record may belong to."""
    return _belongs_to("projects.Project", _("project"), related_name)

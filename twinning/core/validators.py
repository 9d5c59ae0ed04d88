"""Validators for codes from international standards."""

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_country_code(value: str) -> None:
    """Refuse anything but an ISO 3166-1 alpha-2 country code ("DK", "GL")."""
    if value and pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(
            _("“%(value)s” is not an ISO 3166-1 alpha-2 country code."),
            code="unknown_country",
            params={"value": value},
        )


def validate_currency_code(value: str) -> None:
    """Refuse anything but an ISO 4217 currency code ("DKK", "EUR")."""
    if value and pycountry.currencies.get(alpha_3=value) is None:
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code."),
            code="unknown_currency",
            params={"value": value},
        )

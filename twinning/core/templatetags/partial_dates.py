"""The `partial_date` filter every face's templates use: `{% load partial_dates %}`."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from twinning.core.dates import PartialDate, exact_iso_date

register = template.Library()


@register.filter
def partial_date(value: str | None) -> str:
    """Print "1946", "2009-10" or "2022-03-09" at its precision, in the language."""
    if not value:
        return ""
    return PartialDate.parse(value).format(get_language())


@register.filter
def exact_date(value: str | None) -> str:
    """Return the date for a `datetime` attribute, or "" for an approximate one."""
    return exact_iso_date(value) or ""

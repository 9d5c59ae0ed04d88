"""Print a report's cells as its language writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

from twinning.reports.selectors import Amount, date_text, number_text, partial_text

register = template.Library()


@register.filter
def cell(value: Any, kind: str = "text") -> str:
    """Print a cell of a report's table by its column's type."""
    if value is None or value == "":
        return ""
    language = get_language() or "da"
    if isinstance(value, Amount):
        amount = number_text(value.value.quantize(Decimal("0.01")), language)
        return f"{amount} {value.currency}"
    if isinstance(value, dt.date):
        return date_text(value)
    if kind == "partial_date":
        return partial_text(str(value))
    if isinstance(value, int | Decimal):
        return number_text(value, language)
    return str(value)


@register.filter
def number(value: Any) -> str:
    """Print a figure in the language: 1.234 in Danish, 1,234 in English."""
    if value is None:
        return ""
    return number_text(value, get_language() or "da")

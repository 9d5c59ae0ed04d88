"""Partial dates: "1946", "2009-10", "2022-03-09"; kept at their precision.

A partial date is stored as its ISO 8601 text at its precision. That text sorts
correctly as a string ("1946" < "1946-05" < "1964"), so ordering and range filters
work in the database without a second column, and the precision is its length.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from babel.dates import format_date
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

BABEL_LOCALES = {"en": "en_GB"}
PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Return the partial date written as "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
        match = PARTIAL_DATE_RE.match(text.strip()) if text else None
        if not match:
            raise ValidationError(
                _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD, not “%(value)s”."),
                code="invalid_partial_date",
                params={"value": text},
            )
        year = int(match.group(1))
        month, day = (int(part) if part else None for part in match.groups()[1:])
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date in the calendar."),
                code="invalid_partial_date",
                params={"value": text},
            ) from None
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        """Return the first day the partial date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """Return the last day the partial date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def isoformat(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def format(self, language: str | None = None) -> str:
        """Return the date for people at its precision: "9. marts 2022"."""
        locale = (language or get_language() or "da").split("-")[0]
        # English as written in Europe: "9 March 2022".
        locale = BABEL_LOCALES.get(locale, locale)
        if self.precision is Precision.YEAR:
            return str(self.year)
        if self.precision is Precision.MONTH:
            return format_date(self.earliest, "LLLL y", locale=locale)
        return format_date(self.earliest, "long", locale=locale)

    def __str__(self) -> str:
        return self.isoformat()


def validate_partial_date(value: str) -> None:
    """Refuse text that is not a partial date."""
    PartialDate.parse(value)


def partial_date_or_none(value: str | None) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def ends_before_start(start: str | None, end: str | None) -> bool:
    """Tell whether an end lies wholly before a start, each at its own precision.

    "2022" as an end does not contradict "2022-04" as a start: the end may be
    any day of 2022. Compare the end with the start cut to the end's precision.
    """
    if not start or not end:
        return False
    return end < start[: len(end)]

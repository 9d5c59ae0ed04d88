"""Partial dates: "1946", "2009-10", "2022-03-09"; kept at their precision.

A partial date is stored as its ISO 8601 text at its precision. That text sorts
correctly as a string ("1946" < "1946-05" < "1964"), so ordering and range filters
work in the database without a second column, and the precision is its length.

Where a source knows less, the register holds that too, in the notation of ISO
8601-2's extended date/time format where it has one:

- "196X": a decade, "the 1960s";
- "196X-early", "196X-mid", "196X-late": part of a decade, "the early 1960s"
  (its first four years, the middle four, the last four);
- "1962~": a year given as approximate, "c. 1962".

These sort after the exact dates of the same decade or year and before the next
("1969" < "196X" < "1970"; "1962-12-31" < "1962~" < "1963"), so the rules above
keep holding; an end is compared with a start by their first characters alone,
as for the exact forms.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import total_ordering

from babel.dates import format_date
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

BABEL_LOCALES = {"en": "en_GB"}
# The forms, for the database's check constraints and the API's schema alike.
PARTIAL_DATE_PATTERN = (
    r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|[0-9]{4}~|[0-9]{3}X(-(early|mid|late))?)$"
)
PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
CIRCA_RE = re.compile(r"^(\d{4})~$")
DECADE_RE = re.compile(r"^(\d{3})X(?:-(early|mid|late))?$")
# The years of a decade each part covers, counted from its first year.
DECADE_PARTS = {None: (0, 9), "early": (0, 3), "mid": (3, 6), "late": (6, 9)}


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    CIRCA = "circa"  # a year, given as approximate
    DECADE = "decade"  # a decade or a part of one


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month, the year, about the year, or the decade."""

    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False
    # For a decade, `year` is its first year and `decade` the part: "", "early"...
    decade: str | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Return the partial date written in one of the forms of this module."""
        text = text.strip() if text else ""
        if circa := CIRCA_RE.match(text):
            return cls(int(circa.group(1)), circa=True)
        if decade := DECADE_RE.match(text):
            return cls(int(decade.group(1)) * 10, decade=decade.group(2) or "")
        match = PARTIAL_DATE_RE.match(text)
        if not match:
            raise ValidationError(
                _(
                    "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 1962~ for "
                    "about 1962, 196X for the 1960s, 196X-early, -mid or -late "
                    "for part of them), not “%(value)s”."
                ),
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

    def __lt__(self, other: object) -> bool:
        # The stored text sorts as the dates do; see the module's description.
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.isoformat() < other.isoformat()

    @property
    def precision(self) -> Precision:
        if self.decade is not None:
            return Precision.DECADE
        if self.circa:
            return Precision.CIRCA
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def is_exact(self) -> bool:
        """Tell whether the date is a calendar year, month or day (ISO 8601)."""
        return self.decade is None and not self.circa

    @property
    def earliest(self) -> dt.date:
        """Return the first day the partial date can mean."""
        if self.decade is not None:
            return dt.date(self.year + DECADE_PARTS[self.decade or None][0], 1, 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """Return the last day the partial date can mean."""
        if self.decade is not None:
            return dt.date(self.year + DECADE_PARTS[self.decade or None][1], 12, 31)
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def isoformat(self) -> str:
        if self.decade is not None:
            part = f"-{self.decade}" if self.decade else ""
            return f"{self.year // 10:03d}X{part}"
        if self.circa:
            return f"{self.year:04d}~"
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def format(self, language: str | None = None) -> str:
        """Return the date for people at its precision: "9. marts 2022"."""
        language = (language or get_language() or "da").split("-")[0]
        if not self.is_exact:
            with override(language):
                if self.decade is not None:
                    return str(DECADE_WORDS[self.decade]) % {"decade": self.year}
                return str(CIRCA_WORDS) % {"year": self.year}
        # English as written in Europe: "9 March 2022".
        locale = BABEL_LOCALES.get(language, language)
        if self.precision is Precision.YEAR:
            return str(self.year)
        if self.precision is Precision.MONTH:
            return format_date(self.earliest, "LLLL y", locale=locale)
        return format_date(self.earliest, "long", locale=locale)

    def __str__(self) -> str:
        return self.isoformat()


# The words of the approximate forms. Each is a whole phrase, as a sentence puts it
# after "since" ("since the early 1960s", "siden begyndelsen af 1960'erne").
CIRCA_WORDS = _("c. %(year)d")
DECADE_WORDS = {
    "": _("the %(decade)ds"),
    "early": _("the early %(decade)ds"),
    "mid": _("the mid-%(decade)ds"),
    "late": _("the late %(decade)ds"),
}


def has_passed(value: str | None, today: dt.date) -> bool:
    """Tell whether a stored date lies before `today`, at the date's precision.

    The rule the database's filters use (`today` cut to the date's length), so a
    page and a list agree: "2022-04" has passed on 2022-05-01, "2022" only in 2023.
    """
    if not value:
        return False
    return value < today.isoformat()[: len(value)]


def exact_iso_date(value: str | None) -> str | None:
    """Return a stored date in ISO 8601's basic forms, or None.

    For what machines read: schema.org's dates, HTML's `datetime`. An approximate
    date ("196X-early") has no such form and is left out.
    """
    if not value:
        return None
    date = PartialDate.parse(value)
    return date.isoformat() if date.is_exact else None


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

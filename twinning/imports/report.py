"""What an import found and did: the report, its problems, and the rows it read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.core.tables import (
    ACTIVITY_COLUMNS,
    PARTNERSHIP_COLUMNS,
    PLACE_COLUMNS,
)

KINDS: dict[str, tuple[str, ...]] = {
    "places": PLACE_COLUMNS,
    "partnerships": PARTNERSHIP_COLUMNS,
    "activities": ACTIVITY_COLUMNS,
}


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with a file: its row (1 is the header, 0 the whole file),
    column and value, and what is wrong, in the words the back office uses."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return _("file: %(message)s") % {"message": self.message}
        shows_value = not self.value or self.value in self.message
        if not self.column:
            return _("row %(row)s: %(message)s") % {
                "row": self.row,
                "message": self.message,
            }
        if shows_value:
            return _("row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("row %(row)s, column %(column)s, value “%(value)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What an import did, or (dry run, or any problem) would have done."""

    kind: str
    file_name: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    partners_created: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        """Tell whether the records were written: no dry run and no problem."""
        return self.ok and not self.dry_run

    def summary(self) -> str:
        """Return the counts and the outcome in a sentence or three."""
        parts = [
            ngettext(
                "%(rows)s row: %(created)s new, %(updated)s changed, "
                "%(unchanged)s unchanged.",
                "%(rows)s rows: %(created)s new, %(updated)s changed, "
                "%(unchanged)s unchanged.",
                self.rows,
            )
            % {
                "rows": self.rows,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
            }
        ]
        if self.partners_created:
            parts.append(
                ngettext(
                    "%(count)s new partner.",
                    "%(count)s new partners.",
                    self.partners_created,
                )
                % {"count": self.partners_created}
            )
        if self.problems:
            parts.append(
                ngettext(
                    "%(count)s problem: nothing was imported.",
                    "%(count)s problems: nothing was imported.",
                    len(self.problems),
                )
                % {"count": len(self.problems)}
            )
        elif self.dry_run:
            parts.append(_("Dry run: nothing was written."))
        return " ".join(parts)


class RowInvalid(Exception):
    """The row has problems; its savepoint is rolled back."""


@dataclass
class Row:
    """One record of the file: its spreadsheet row number and its cells by column."""

    number: int
    values: dict[str, str]

    def has(self, column: str) -> bool:
        return column in self.values

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


Progress = Callable[[Sequence[Row]], Iterable[Row]]

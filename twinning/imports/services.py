"""Import places, partnerships and activities from the open-data tables (CSV, XLSX).

A table downloaded from `/open-data/` can be imported as it is: the columns are those
of `exports/columns.py`. `import_table` reads the file (`readers.py`: CSV as Danish
Excel saves it, or XLSX), checks the header, then runs every row through the same
services as the back office (`rows.py`), each row in a savepoint, so that the models'
own validation (`full_clean()`) judges it and its messages are the ones staff see
everywhere. Every problem of every row is collected (`report.py`), a key that is
there twice among them; if there is any, or if it is a dry run, the whole
transaction is rolled back: all or nothing. A wrong header stops the import before
any row is read. A file is bounded (settings, `readers.Limits`): an XLSX's unpacked
size is checked from its zip directory before it is opened (a zip bomb is refused
at once), and the number of rows and the time to read and check them are limited.

A file may leave columns out: a missing column leaves that field of an existing
record as it is (a new record gets the model's default), while an empty cell empties
the field. `external_id` is required; status, started and ended come together, and
so do partner_type and partner_external_id. A column the table does not have is a
problem, so that a misspelt column is not silently ignored.

Partnerships: a partner (place or organisation) missing from the register is made
from partner_type, partner_external_id, the names and the country (an organisation
as kind "other"); an existing partner is used as it is, its names untouched (they
are the place's own, imported with the places table). Themes and the group are
named by their slugs and must exist. New records get the models' defaults for what
the tables do not carry: a partnership is public, an activity is not (an import does
not publish a visit before someone has looked at it).

Rows are matched to records by `external_id`, the record's slug. A row that is the
same as its record writes nothing (no version bump, no history record); a row that
differs updates the record through its update service with the version just read.

A partnership's status is never set (see `partnerships/models.py`): the import adds
the events that lead to the file's status, start and end, and only adds them:

- a start → an `established` event on that date;
- no start, but going on (active, limited, suspended) → a `confirmed` event;
- terminated → a `terminated` event on the end date (after a `confirmed` event on
  the same date if there is no start);
- limited or suspended → a `limited`/`suspended` event; active again after that →
  a `resumed` event;
- intent → an `intent` event.

The file gives no date for a `confirmed`, `limited`, `suspended`, `resumed` or
`intent` event. Such an event is dated the day of the import (or the latest event's
date, if that lies later) with a note saying so, as the shipped dataset dates its
`confirmed` events by the page that listed them: dating a limitation by the start
would claim it was limited from the beginning. Status, start and end, the three
columns the downloads carry, come back the same either way. A history that adding
events cannot turn into the file's (a different start, say) is reported as a problem
of the row, to be corrected in the back office: an import never rewrites events.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from twinning.core.services import Actor
from twinning.imports.readers import (
    Limits,
    Table,
    TableError,
    file_bytes,
    read_table,
)
from twinning.imports.report import (
    KINDS,
    ImportProblem,
    ImportReport,
    Progress,
    Row,
)
from twinning.imports.rows import TableImport
from twinning.places.models import Municipality

__all__ = [
    "KINDS",
    "ImportProblem",
    "ImportReport",
    "import_from_bytes",
    "import_table",
]

# Columns that mean something only together: a file has all of a group or none.
COLUMN_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "partnerships": (
        ("status", "started", "ended"),
        ("partner_type", "partner_external_id"),
    ),
    "activities": (),
    "places": (),
}
DATE_COLUMNS = frozenset({"started", "ended"})
DANISH_DATE_RE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
DECIMAL_COMMA_RE = re.compile(r"^-?\d+,\d+$")
THOUSANDS_RE = re.compile(r"^\d{1,3}(?:[. \u00a0]\d{3})+$")


def import_table(
    *,
    kind: str,
    file: str | os.PathLike[str] | IO[bytes] | File,
    municipality: Municipality | None,
    actor: Actor,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a table of places, partnerships or activities; all rows or none.

    `file` is a path or a file object (an upload). Nothing is written on a dry run,
    nor when any row has a problem; the report lists every problem by row, column
    and value. `progress` wraps the rows for a progress bar.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind != "places" and municipality is None:
        raise ValueError(f"Importing {kind} needs the home municipality.")
    content, name = file_bytes(file)
    report = ImportReport(kind=kind, file_name=name, dry_run=dry_run)
    limits = Limits.from_settings()

    def check_header(columns: list[str]) -> None:
        problems = _header_problems(columns, kind)
        if problems:
            raise HeaderRefused(problems)

    try:
        table = read_table(content, name=name, limits=limits, check_header=check_header)
    except HeaderRefused as refused:
        report.problems.extend(refused.problems)
        return report
    except TableError as error:
        report.problems.append(ImportProblem(0, "", name, str(error)))
        return report
    rows = _rows(table, kind, report)
    report.rows = len(table.rows)
    if rows is None:
        return report
    importer = TableImport(
        kind=kind,
        municipality=municipality,
        actor=actor,
        report=report,
        file_name=name,
    )

    def within_time(rows: Sequence[Row]) -> Iterable[Row]:
        for number, row in enumerate(progress(rows) if progress else rows):
            if number % 100 == 0:
                limits.check_time()
            yield row

    try:
        importer.run(rows, within_time)
    except TableError as error:  # out of time: everything was rolled back
        report.problems.append(ImportProblem(0, "", name, str(error)))
    # Every problem of the file, duplicates and rows alike, in the file's order.
    report.problems.sort(key=lambda problem: problem.row)
    return report


class HeaderRefused(TableError):
    """The header is wrong: the rows are not read at all."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems


def import_from_bytes(
    *,
    kind: str,
    content: bytes,
    name: str,
    municipality: Municipality | None,
    actor: Actor,
    dry_run: bool,
) -> ImportReport:
    """Import a file held in memory (an upload kept between check and confirm)."""
    return import_table(
        kind=kind,
        file=ContentFile(content, name=name),
        municipality=municipality,
        actor=actor,
        dry_run=dry_run,
    )


def _header_problems(columns: list[str], kind: str) -> list[ImportProblem]:
    """Return what is wrong with a header, before any row is read."""
    known = KINDS[kind]
    problems: list[ImportProblem] = []
    for index, column in enumerate(columns):
        if not column:
            continue  # a problem only if the column has data: see `_rows`
        if column not in known:
            problems.append(
                ImportProblem(
                    1,
                    column,
                    column,
                    _(
                        "“%(value)s” is not a column of the %(kind)s table. The "
                        "columns are: %(columns)s."
                    )
                    % {"value": column, "kind": kind, "columns": ", ".join(known)},
                )
            )
        elif columns.index(column) != index:
            problems.append(
                ImportProblem(
                    1,
                    column,
                    column,
                    _("The column “%(value)s” is there twice.") % {"value": column},
                )
            )
    present = set(columns)
    if "external_id" not in present:
        problems.append(
            ImportProblem(
                1,
                "external_id",
                "",
                _(
                    "The column “external_id” is missing: it says which record each "
                    "row is."
                ),
            )
        )
    for group in COLUMN_GROUPS[kind]:
        if present & set(group) and not set(group) <= present:
            problems.append(
                ImportProblem(
                    1,
                    "",
                    "",
                    _("The columns %(columns)s go together: add %(missing)s.")
                    % {
                        "columns": ", ".join(group),
                        "missing": ", ".join(c for c in group if c not in present),
                    },
                )
            )
    return problems


def _rows(table: Table, kind: str, report: ImportReport) -> list[Row] | None:
    """Return the rows to import, putting the problems of single rows (too many
    cells, a key that is there twice) in the report; None when a column with data
    has no name, which leaves the rows unreadable."""
    columns = table.columns
    for index, column in enumerate(columns):
        if not column and any(
            index < len(cells) and cells[index] for _n, cells in table.rows
        ):
            report.problems.append(
                ImportProblem(1, "", "", _("A column with data has no name."))
            )
            return None
    rows = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            report.problems.append(
                ImportProblem(
                    number,
                    "",
                    "",
                    _(
                        "The row has %(cells)s cells, but the header has %(columns)s "
                        "columns."
                    )
                    % {"cells": len(cells), "columns": len(columns)},
                )
            )
            continue
        values = {
            column: _normalise(column, cells[index] if index < len(cells) else "")
            for index, column in enumerate(columns)
            if column
        }
        external_id = values.get("external_id", "")
        if external_id in seen:
            report.problems.append(
                ImportProblem(
                    number,
                    "external_id",
                    external_id,
                    _("“%(value)s” is also on row %(row)s.")
                    % {"value": external_id, "row": seen[external_id]},
                )
            )
            continue
        if external_id:
            seen[external_id] = number
        rows.append(Row(number, values))
    return rows


def _normalise(column: str, value: str) -> str:
    """Undo what a Danish spreadsheet does to codes, numbers and dates."""
    value = value.strip()
    if column in ("country", "partner_country"):
        return value.upper()
    if column in ("latitude", "longitude") and DECIMAL_COMMA_RE.match(value):
        return value.replace(",", ".")
    if column in ("population", "geonames_id") and THOUSANDS_RE.match(value):
        return re.sub(r"[. \u00a0]", "", value)
    if column in DATE_COLUMNS:
        match = DANISH_DATE_RE.match(value)
        if match:
            day, month, year = match.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return value

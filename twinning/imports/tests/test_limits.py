"""Bounded imports: a zip bomb, too many rows, too long, and every problem listed.

The zip bomb is built here: a workbook whose sheet is 200 MB of spaces, which
packs to a few hundred kilobytes.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from twinning.imports.services import import_table
from twinning.imports.tests.files import csv_bytes, place_row, write_csv
from twinning.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_in_english(settings: Any) -> None:
    """Answer in English a client that names no language (Danish is the default)."""
    settings.LANGUAGE_CODE = "en"


MB = 1_000_000


def zip_bomb(unpacked: int = 200 * MB) -> bytes:
    """Return an XLSX-shaped zip whose sheet unpacks to `unpacked` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b" " * MB
            for _ in range(unpacked // MB):
                sheet.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb()


def run(kind: str, path: Path, actor: Any, **options: Any) -> Any:
    return import_table(
        kind=kind, file=path, municipality=None, actor=actor, dry_run=True, **options
    )


def test_a_zip_bomb_is_refused_at_once_without_unpacking(
    tmp_path: Path, editor: Any, bomb: bytes
) -> None:
    assert len(bomb) < 1 * MB  # small on disk
    path = tmp_path / "places.xlsx"
    path.write_bytes(bomb)
    tracemalloc.start()
    started = time.monotonic()
    report = run("places", path, editor)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert elapsed < 1
    assert peak < 100 * MB
    [problem] = report.problems
    assert problem.row == 0
    assert "unpacks to 200 MB, more than the 50 MB" in problem.message
    assert not report.written


def test_a_zip_bomb_uploaded_in_the_back_office_is_refused_with_the_reason(
    editor_client: Client, bomb: bytes
) -> None:
    upload = SimpleUploadedFile("places.xlsx", bomb)
    response = editor_client.post(
        "/admin/imports/", {"kind": "places", "file": upload, "check": "1"}
    )
    assert response.status_code == 200
    assert "unpacks to 200 MB" in response.content.decode()


@override_settings(TWINNING_IMPORT_MAX_ROWS=3)
def test_a_file_with_more_rows_than_the_limit_is_refused(
    tmp_path: Path, editor: Any
) -> None:
    rows = [place_row(external_id=f"place-{n}") for n in range(4)]
    report = run("places", write_csv(tmp_path / "p.csv", "places", rows), editor)
    assert [str(problem) for problem in report.problems] == [
        "file: The file has more than 3 rows. Split it into files of at most 3 rows."
    ]
    assert not Place.objects.filter(slug__startswith="place-").exists()


@override_settings(TWINNING_IMPORT_MAX_ROWS=3)
def test_a_wrong_header_is_reported_before_any_row_is_read(
    tmp_path: Path, editor: Any
) -> None:
    columns = ["external_id", "name_dk"]
    content = csv_bytes(columns, [{"external_id": f"p{n}"} for n in range(10)])
    path = tmp_path / "p.csv"
    path.write_bytes(content)
    report = run("places", path, editor)
    [problem] = report.problems
    assert problem.row == 1
    assert "“name_dk” is not a column of the places table" in problem.message


@override_settings(TWINNING_IMPORT_MAX_SECONDS=0)
def test_checking_stops_when_it_takes_too_long(tmp_path: Path, editor: Any) -> None:
    rows = [place_row(external_id=f"place-{n}") for n in range(600)]
    report = run("places", write_csv(tmp_path / "p.csv", "places", rows), editor)
    assert [problem.message for problem in report.problems] == [
        "Checking the file took longer than 0 seconds, so it was stopped. Split it "
        "into smaller files."
    ]


def test_every_problem_is_listed_a_duplicate_among_them(
    tmp_path: Path, editor: Any
) -> None:
    rows = [
        place_row(external_id="odense"),
        place_row(external_id="odense"),
        place_row(external_id="vejle", name_da="Vejle", country="XX"),
        place_row(external_id="kolding", name_da="Kolding", latitude="123"),
    ]
    report = run("places", write_csv(tmp_path / "p.csv", "places", rows), editor)
    listed = [(problem.row, problem.column) for problem in report.problems]
    assert (3, "external_id") in listed  # the duplicate
    assert (4, "country") in listed
    assert (5, "latitude") in listed
    rows = [row for row, _column in listed]
    assert rows == sorted(rows)
    assert not report.written

"""The council report of the shipped dataset, written by the command."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

NAMES = {"Bergen", "Tshwane", "Rostock", "Harbin"}


def pdf_info(path: Path) -> dict[str, str]:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.fail("pdfinfo is missing: apt-get install poppler-utils")
    # poppler's tools, on a file the test wrote.
    out = subprocess.run([pdfinfo, str(path)], check=True, capture_output=True)  # noqa: S603
    lines = out.stdout.decode().splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    out = subprocess.run([pdftotext, str(path), "-"], check=True, capture_output=True)  # noqa: S603
    return out.stdout.decode()


def test_the_2025_report_in_danish_is_a_tagged_pdf_with_the_partners(tmp_path):
    output = tmp_path / "report.pdf"

    call_command(
        "council_report", year=2025, language="da", output=str(output), stdout=None
    )

    info = pdf_info(output)
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert info["Title"].startswith("Internationale relationer")
    text = pdf_text(output)
    for name in NAMES:
        assert name in text
    # The seven collaborations known only as going on, with when they last were.
    assert "Sidst bekræftet" in text
    assert "12. oktober 2023" in text


def test_the_2025_workbook_lists_the_partnerships_active_at_the_year_s_end(tmp_path):
    output = tmp_path / "report.xlsx"

    call_command(
        "council_report",
        year=2025,
        language="da",
        output_format="xlsx",
        output=str(output),
    )

    sheet = load_workbook(output)["Partnerskaber"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert NAMES <= rows.keys()
    assert rows["Harbin"][2].value == "Begrænset"
    assert "Sankt Petersborg" not in rows
    assert len(rows) == 18


def test_a_period_ending_before_it_starts_is_refused_by_name(tmp_path):
    with pytest.raises(CommandError, match="ends before it starts"):
        call_command(
            "council_report",
            date_from="2025-06-01",
            date_to="2025-01-01",
            output=str(tmp_path / "r.pdf"),
        )


def test_an_unknown_municipality_is_refused_by_name(tmp_path):
    with pytest.raises(CommandError, match="nowhere"):
        call_command(
            "council_report",
            year=2025,
            municipality="nowhere",
            output=str(tmp_path / "r.pdf"),
        )

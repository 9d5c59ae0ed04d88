"""Read a table from a CSV or XLSX file the way Danish Excel saves it.

CSV: the separator is told from the header row (";" from Danish Excel, "," from
most other programs, or a tab); the text is UTF-8, with or without a byte order
mark, or else Windows-1252, the code page Danish Excel writes "CSV (semikolon-
separeret)" in. A guessing library is not used on purpose: a short file with one
"Å" is guessed wrong often enough, and these are the only two encodings a Danish
spreadsheet saves in, so both are tried in turn, UTF-8 first (Windows-1252 text
with letters beyond ASCII is almost never valid UTF-8).

XLSX: the first sheet, the header in row 1, read with openpyxl without running
formulas (their cached values are read). Dates in cells become ISO partial dates at
the precision the cell's number format shows.

Rows are numbered as a spreadsheet numbers them: the header is row 1, so the first
record is row 2; a cell with line breaks in it is still one row. Blank rows (Excel
leaves ";;;;" at the end of a sheet) are skipped but keep their numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from twinning.core.tables import unescape_cell

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = (";", ",", "\t")
XLSX_MAGIC = b"PK\x03\x04"
# The Compound File header of .xls (Excel 97-2003), which openpyxl cannot read.
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class TableError(ValueError):
    """The file cannot be read as a table at all (not one of its rows)."""


@dataclass(frozen=True)
class Limits:
    """How much a file may hold and how long reading it may take (settings).

    `uncompressed_bytes` bounds what an XLSX unpacks to, checked from the zip's
    directory before anything is unpacked, so a zip bomb is refused at once;
    `rows` bounds the records; `seconds` the time to read and check them.
    """

    uncompressed_bytes: int
    rows: int
    seconds: float
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            uncompressed_bytes=settings.TWINNING_IMPORT_MAX_UNCOMPRESSED_BYTES,
            rows=settings.TWINNING_IMPORT_MAX_ROWS,
            seconds=settings.TWINNING_IMPORT_MAX_SECONDS,
        )

    def check_rows(self, count: int) -> None:
        """Refuse the file once it holds more records than the limit."""
        if count > self.rows:
            raise TableError(
                _(
                    "The file has more than %(limit)s rows. Split it into files of "
                    "at most %(limit)s rows."
                )
                % {"limit": f"{self.rows:,}"}
            )

    def check_time(self) -> None:
        """Refuse to go on once reading and checking have taken too long."""
        if time.monotonic() - self.started > self.seconds:
            raise TableError(
                _(
                    "Checking the file took longer than %(seconds)s seconds, so it "
                    "was stopped. Split it into smaller files."
                )
                % {"seconds": f"{self.seconds:g}"}
            )


# How often (in rows) reading looks at the clock.
CLOCK_EVERY = 500
# Called with the header as soon as it is read, before the rows: may raise.
HeaderCheck = Callable[[list[str]], None]


@dataclass
class Table:
    """The header and the rows of one table, each row with its spreadsheet number."""

    name: str
    columns: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str = ""
    separator: str = ""


def file_bytes(file: str | os.PathLike[str] | IO[bytes] | File) -> tuple[bytes, str]:
    """Return the content and the name of a path or an (uploaded) file object."""
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        return path.read_bytes(), path.name
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read()
    if isinstance(content, str):
        content = content.encode("utf-8")
    return content, Path(str(getattr(file, "name", "") or "")).name


def read_table(
    content: bytes,
    *,
    name: str = "",
    limits: Limits | None = None,
    check_header: HeaderCheck | None = None,
) -> Table:
    """Return the table in an XLSX or CSV file's content.

    Raises TableError when the file is neither, or is empty, or goes beyond the
    limits (the settings' unless given). `check_header` sees the header before any
    row is read, so a file with a wrong header is refused without reading on.
    """
    limits = limits or Limits.from_settings()
    if content.startswith(XLSX_MAGIC):
        check_unpacked_size(content, limits)
        return _read_xlsx(content, name, limits, check_header)
    if content.startswith(XLS_MAGIC):
        raise TableError(
            _(
                "This is an Excel 97-2003 workbook (.xls). Save it as an Excel "
                "workbook (.xlsx) or as CSV and try again."
            )
        )
    return _read_csv(content, name, limits, check_header)


def check_unpacked_size(content: bytes, limits: Limits) -> None:
    """Refuse an XLSX whose parts unpack to more than the limit, before unpacking.

    The sizes are those the zip's directory declares; Python's zip reader never
    unpacks more of a part than its declared size, so they bound the work.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise TableError(
            _("The workbook cannot be read: %(error)s") % {"error": error}
        ) from error
    if unpacked > limits.uncompressed_bytes:
        raise TableError(
            _(
                "The workbook unpacks to %(size)s MB, more than the %(limit)s MB "
                "an import may hold. It was not opened. Save it again from the "
                "spreadsheet, or split it."
            )
            % {
                "size": f"{unpacked / 1_000_000:,.0f}",
                "limit": f"{limits.uncompressed_bytes / 1_000_000:,.0f}",
            }
        )


def decode(content: bytes) -> tuple[str, str]:
    """Return the text and its encoding: UTF-8 (BOM or not), else Windows-1252."""
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TableError(
        _(
            "The file is neither UTF-8 nor Windows-1252 text. Save it from the "
            "spreadsheet as “CSV UTF-8” or as an Excel workbook (.xlsx)."
        )
    )


def _separator(header_line: str) -> str:
    # The header holds column names only, none of which contains a separator, so
    # counting them there is reliable where csv.Sniffer guesses from the data.
    counts = {separator: header_line.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def _read_csv(
    content: bytes, name: str, limits: Limits, check_header: HeaderCheck | None
) -> Table:
    text, encoding = decode(content)
    if not text.strip():
        raise TableError(_("The file is empty."))
    header_line = text.lstrip("\ufeff").splitlines()[0]
    separator = _separator(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records = iter(reader)
    try:
        header = next(records)
    except csv.Error as error:
        raise TableError(str(error)) from error
    table = Table(
        name=name,
        columns=[normalise_header(cell) for cell in header],
        encoding=encoding,
        separator=separator,
    )
    if check_header is not None:
        check_header(table.columns)
    number = 1
    while True:
        if number % CLOCK_EVERY == 0:
            limits.check_time()
        try:
            cells = next(records)
        except StopIteration:
            break
        except csv.Error as error:
            raise TableError(
                _("Row %(row)s cannot be read: %(error)s")
                % {"row": number + 1, "error": error}
            ) from error
        number += 1
        if any(cell.strip() for cell in cells):
            table.rows.append((number, [clean_text(cell) for cell in cells]))
            limits.check_rows(len(table.rows))
    return table


def _read_xlsx(
    content: bytes, name: str, limits: Limits, check_header: HeaderCheck | None
) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise TableError(
            _("The workbook cannot be read: %(error)s") % {"error": error}
        ) from error
    try:
        if not workbook.worksheets:
            raise TableError(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        try:
            header = next(rows)
        except StopIteration:
            raise TableError(_("The file is empty.")) from None
        columns = [normalise_header(xlsx_text(cell)) for cell in header]
        while columns and not columns[-1]:
            columns.pop()
        table = Table(name=name, columns=columns)
        if check_header is not None:
            check_header(table.columns)
        for number, cells in enumerate(rows, start=2):
            if number % CLOCK_EVERY == 0:
                limits.check_time()
            values = [xlsx_text(cell) for cell in cells]
            if any(values):
                table.rows.append((number, values))
                limits.check_rows(len(table.rows))
        return table
    finally:
        workbook.close()


def normalise_header(text: str) -> str:
    return text.strip().lstrip("\ufeff").strip().lower()


def clean_text(text: str) -> str:
    """Return a cell's text trimmed, with Windows line ends and the escape undone."""
    return unescape_cell(text.replace("\r\n", "\n").replace("\r", "\n").strip())


def xlsx_text(cell: Any) -> str:
    """Return a worksheet cell as the text a CSV of the same table would hold."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return date_cell_text(value, getattr(cell, "number_format", "") or "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    return clean_text(str(value))


def date_cell_text(value: dt.date, number_format: str) -> str:
    """Return a date cell at the precision its format shows: "mmm yyyy" → "2009-10".

    Text inside quotes or brackets of the format ("[$-406]", "\"år\"") is not read
    as a day or month code.
    """
    codes = _format_codes(number_format.lower())
    if "d" in codes:
        return value.strftime("%Y-%m-%d")
    if "m" in codes:
        return value.strftime("%Y-%m")
    if "y" in codes:
        return value.strftime("%Y")
    return value.strftime("%Y-%m-%d")


def _format_codes(number_format: str) -> str:
    codes = []
    quoted = bracketed = False
    for char in number_format:
        if char == '"':
            quoted = not quoted
        elif char == "[" and not quoted:
            bracketed = True
        elif char == "]" and not quoted:
            bracketed = False
        elif not quoted and not bracketed:
            codes.append(char)
    return "".join(codes)

"""Write a council report as HTML, as a tagged PDF (WeasyPrint) and as XLSX.

The PDF and the HTML come from one template in both languages. The PDF is PDF/UA-1
(WeasyPrint's `pdf/ua-1` variant): tagged, with the document's language and title,
alternative text on every chart and the map, and the fonts embedded. The fonts are
DKFDS's IBM Plex Sans from the npm package (installed with the front end), with
DejaVu Sans from the system as the fallback; nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from twinning.core.dates import PartialDate, Precision
from twinning.reports.selectors import Amount, CouncilReport, Table

STATIC = Path(__file__).resolve().parent / "static" / "reports"
FORMATS = ("pdf", "xlsx", "html")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def fonts_dir() -> Path:
    return Path(settings.PROJECT_DIR) / "node_modules" / "dkfds" / "dist" / "fonts"


def font_css() -> str:
    """Return the @font-face rules of IBM Plex Sans, read from local files."""
    folder = fonts_dir() / "IBMPlexSans" / "complete" / "ttf"
    rules = []
    for weight, style, name in (
        (400, "normal", "Regular"),
        (400, "italic", "Italic"),
        (600, "normal", "SemiBold"),
        (700, "normal", "Bold"),
    ):
        path = folder / f"IBMPlexSans-{name}.ttf"
        if path.exists():
            rules.append(
                '@font-face { font-family: "IBM Plex Sans"; '
                f'src: url("{path.as_uri()}"); font-weight: {weight}; '
                f"font-style: {style}; }}"
            )
    return "\n".join(rules)


def report_css(*, for_print: bool) -> str:
    css = (STATIC / "report.css").read_text(encoding="utf-8")
    if for_print:
        css += "\n" + (STATIC / "print.css").read_text(encoding="utf-8")
    return css


def render_html(report: CouncilReport) -> str:
    """Return the report as a whole HTML document, its style inside.

    The file is written to disk for a person to open or send on, so it carries
    its style with it. No page the site serves has an inline style sheet (the
    Content-Security-Policy refuses them); the staff page's preview links the
    same style sheet instead.
    """
    with translation.override(report.language):
        html = render_to_string("reports/document.html", {"report": report})
    style = f"<style>{report_css(for_print=False)}</style>\n</head>"
    return html.replace("</head>", style, 1)


def render_pdf(report: CouncilReport) -> bytes:
    """Return the report as a tagged PDF/UA-1 document on A4."""
    from weasyprint import CSS, HTML  # imported here: it loads pango, which is slow
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint logs each page it lays out; a report of a thousand pages would
    # fill the log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    fonts = FontConfiguration()
    with translation.override(report.language):
        html = render_to_string("reports/document.html", {"report": report})
    document = HTML(string=html, base_url=str(STATIC))
    stylesheets = [
        CSS(string=font_css(), font_config=fonts),
        CSS(string=report_css(for_print=True), font_config=fonts),
    ]
    return document.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=False,
        custom_metadata=True,
    )


# --- XLSX -----------------------------------------------------------------------------

# Excel's names may not hold []:*?/\ and are at most 31 characters.
SHEET_TABLES = (
    "summary",
    "partnership_list",
    "partnerships",
    "changes",
    "activities",
    "activity_list",
    "costs",
    "cost_totals",
    "results",
    "result_list",
    "indicators",
)


def _sheet_name(title: str, taken: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:31].strip()
    base, index = name, 2
    while name in taken:
        suffix = f" {index}"
        name = base[: 31 - len(suffix)] + suffix
        index += 1
    taken.add(name)
    return name


def _amount_format(currency: str) -> str:
    # Shown with the locale's separators in Excel: 1.234,50 "DKK" in Danish Excel.
    return f'#,##0.00 "{currency}"'


def _write_table(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Font

    sheet.append([column.label for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Cells are made by row and column: `sheet.max_row` counts every cell, and
    # asking it once a row would make a sheet of 20,000 rows take minutes.
    for row_number, row in enumerate(table.rows, start=2):
        for column_number, (column, value) in enumerate(
            zip(table.columns, row, strict=True), start=1
        ):
            number_format = None
            if isinstance(value, Amount):
                number_format = _amount_format(value.currency)
                value = value.value
            elif column.type == "partial_date" and value:
                value, number_format = _partial_cell(str(value))
            elif isinstance(value, dt.date):
                number_format = "yyyy-mm-dd"
            elif isinstance(value, Decimal):
                number_format = "#,##0.##"
            elif value == "":
                value = None
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if number_format:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        widest = max(
            [len(str(column.label))]
            + [len(str(row[index - 1] or "")) for row in table.rows[:200]]
        )
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
            max(widest + 2, 10), 60
        )


def _partial_cell(text: str) -> tuple[Any, str | None]:
    """Return a date of day precision as a date; any other precision stays as text
    ("2009-10", "196X-early")."""
    date = PartialDate.parse(text)
    if date.precision is Precision.DAY:
        return date.earliest, "yyyy-mm-dd"
    return text, None


def render_xlsx(report: CouncilReport) -> bytes:
    """Return the report as a workbook with one sheet per table, typed cells and
    frozen header rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    if workbook.active is not None:  # the sheet a new workbook comes with
        workbook.remove(workbook.active)
    taken: set[str] = set()
    for key in SHEET_TABLES:
        table = report.tables[key]
        sheet = workbook.create_sheet(_sheet_name(table.sheet, taken))
        _write_table(sheet, table)
    workbook.properties.title = f"{report.title}, {report.period}"
    workbook.properties.language = report.language
    workbook.properties.creator = report.municipality.name
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(report: CouncilReport, output_format: str) -> bytes:
    """Return the report in a format: "pdf", "xlsx" or "html"."""
    if output_format == "pdf":
        return render_pdf(report)
    if output_format == "xlsx":
        return render_xlsx(report)
    if output_format == "html":
        return render_html(report).encode("utf-8")
    raise ValueError(f"No report format {output_format!r}.")

"""The participant lists of a funded activity as the grant report asks for them.

One workbook per activity: the sheet "Participants" names the call, the
application and the activity, then lists the towns (town, country, local or
invited, number of participants, signed list, scan) and, below them, the totals
against the call's thresholds; the sheet "By country" counts the participants of
each country. No names of people: the signed lists are the evidence and stay on
paper or as scans, with staff.
"""

from __future__ import annotations

import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from twinning.core.dates import PartialDate
from twinning.core.text import country_name
from twinning.eu.selectors import ThresholdCheck

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOWNS_HEADER_ROW = 8


def _country(code: str) -> str:
    return country_name(code, get_language() or "da")


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _dates(started: str, ended: str) -> str:
    first = PartialDate.parse(started).format()
    if not ended or ended == started:
        return first
    return f"{first} – {PartialDate.parse(ended).format()}"


def participant_report_xlsx(check: ThresholdCheck) -> bytes:
    """Return the workbook of one funded activity's participant lists."""
    bold = Font(bold=True)
    book = Workbook()
    # A new workbook's one sheet, made under the name the report gives it.
    book.remove(book.worksheets[0])
    sheet = book.create_sheet(_("Participants")[:31])
    activity, application, call = check.activity, check.application, check.call
    sheet.append([_("Participants of a funded activity")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Call"), f"{call.call_identifier} {call.title}".strip()])
    sheet.append([_("Application"), application.title])
    sheet.append([_("Activity"), activity.title])
    sheet.append([_("Dates"), _dates(activity.started, activity.ended)])
    sheet.append([_("Place"), activity.place.name if activity.place else ""])
    sheet.append([])
    sheet.append(
        [
            _("Town"),
            _("Country"),
            _("Participation"),
            _("Participants"),
            _("Signed list"),
            _("Scan"),
        ]
    )
    for cell in sheet[TOWNS_HEADER_ROW]:
        cell.font = bold
    for item in check.lists:
        sheet.append(
            [
                item.town.name,
                _country(item.town.country),
                str(item.get_participation_display()),
                item.participants,
                _yes(item.signed),
                _yes(bool(item.scan)),
            ]
        )
    sheet.append([])
    sheet.append([_("Threshold"), _("Counted"), _("Least required"), _("Met")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for label, counted, least, met in (
        (
            _("Direct participants"),
            check.direct,
            call.min_direct_participants,
            check.direct_met,
        ),
        (
            _("Invited participants"),
            check.invited,
            call.min_invited_participants,
            check.invited_met,
        ),
        (
            _("Countries"),
            len(check.by_country),
            call.min_countries,
            check.countries_met,
        ),
    ):
        sheet.append([label, counted, least if least is not None else "", _yes(met)])
    sheet.append(
        [
            _("Every town's count backed by a signed list"),
            len(check.lists) - len(check.without_evidence),
            len(check.lists),
            _yes(not check.without_evidence),
        ]
    )
    for column, width in zip("ABCDEF", (34, 22, 16, 14, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width

    countries = book.create_sheet(_("By country")[:31])
    countries.append([_("Country code"), _("Country"), _("Participants")])
    for cell in countries[1]:
        cell.font = bold
    for code, count in check.by_country:
        countries.append([code, _country(code), count])
    countries.append([_("Total"), "", check.direct])
    countries[countries.max_row][0].font = bold

    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()

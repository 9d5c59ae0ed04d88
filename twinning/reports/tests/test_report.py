"""The council report's figures, checked against counts the test makes itself.

A year of a second municipality's partnerships, activities, costs, results and
indicators is built with the factories; what the test built, it counts by itself,
and the report must say the same, in Danish and in English, in the PDF's source
and in the spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.utils.text import capfirst
from openpyxl import load_workbook

from twinning.accounts.roles import EDITOR
from twinning.accounts.services import user_create
from twinning.activities.choices import ActivityKind, BudgetKind, FollowUpStatus
from twinning.activities.tests.factories import (
    ActivityFactory,
    BudgetLineFactory,
    FollowUpFactory,
    ParticipantFactory,
)
from twinning.core.services import writer_for
from twinning.partnerships.choices import EventKind
from twinning.partnerships.services import partnership_add_event, partnership_terminate
from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    PlaceFactory,
    home,
)
from twinning.projects.models import Project
from twinning.reports.rendering import render_html, render_xlsx
from twinning.reports.selectors import council_report
from twinning.results.choices import ResultKind
from twinning.results.models import Indicator, IndicatorPeriod
from twinning.results.tests.factories import ResultFactory

pytestmark = pytest.mark.django_db

YEAR_START, YEAR_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
KINDS = [
    ActivityKind.INCOMING_VISIT,
    ActivityKind.OUTGOING_VISIT,
    ActivityKind.MEETING,
    ActivityKind.INCOMING_VISIT,
    ActivityKind.SEMINAR,
    ActivityKind.OUTGOING_VISIT,
    ActivityKind.INCOMING_VISIT,
    ActivityKind.BUSINESS_MISSION,
    ActivityKind.MEETING,
    ActivityKind.CONFERENCE,
    ActivityKind.INCOMING_VISIT,
    ActivityKind.STAFF_EXCHANGE,
]


@pytest.fixture(scope="module")
def year(module_records):
    """A year (2025) of a second municipality's international relations.

    Returns what was made, so that the test can count it by itself. It is built once
    for the module's tests, which only read it (each runs in a savepoint of its own).
    """
    editor = user_create(
        username="year-editor",
        password="not used",
        role=EDITOR,
        municipalities=[home()],
    )
    municipality = MunicipalityFactory(slug="roskilde", name_da="Roskilde Kommune")
    made = {"municipality": municipality}

    def partnership(name, country="SE"):
        place = PlaceFactory(
            name_en=name,
            name_da=name,
            country=country,
            latitude=Decimal("55.6"),
            longitude=Decimal("12.1"),
        )
        return PartnershipFactory(
            municipality=municipality, partner_place=place, slug=place.slug
        )

    # Established long ago; established in the year by the council; ended in the
    # year by the council; only an intent; established after the year.
    old = partnership("Oldtown")
    partnership_add_event(
        partnership=old, actor=editor, kind=EventKind.ESTABLISHED, date="2001"
    )
    new = partnership("Newtown")
    partnership_add_event(
        partnership=new,
        actor=editor,
        kind=EventKind.ESTABLISHED,
        date="2025-03-12",
        decided_by="City Council",
        reference="Case 2025-17",
    )
    ended = partnership("Endtown", country="NO")
    partnership_add_event(
        partnership=ended, actor=editor, kind=EventKind.ESTABLISHED, date="1990"
    )
    partnership_terminate(
        partnership=ended,
        actor=editor,
        on="2025-06-30",
        decided_by="City Council",
        reference="Case 2025-40",
    )
    intent = partnership("Maybetown")
    partnership_add_event(
        partnership=intent, actor=editor, kind=EventKind.INTENT, date="2025-09"
    )
    later = partnership("Latertown")
    partnership_add_event(
        partnership=later, actor=editor, kind=EventKind.ESTABLISHED, date="2026-02"
    )
    made["partnerships"] = {
        "old": old,
        "new": new,
        "ended": ended,
        "intent": intent,
        "later": later,
    }

    # A year of activities, one a month and one more in December, in turn in
    # the two partnerships; one of 2024 and one of Aarhus that do not count.
    organisation = OrganisationFactory()
    activities = []
    for index, kind in enumerate(KINDS):
        activities.append(
            ActivityFactory(
                municipality=municipality,
                partnership=(old, new)[index % 2],
                kind=kind,
                started=f"2025-{index + 1:02d}-15",
            )
        )
    activities.append(
        ActivityFactory(
            municipality=municipality,
            partnership=old,
            kind=ActivityKind.MEETING,
            started="2025-12",  # known to the month only
        )
    )
    ActivityFactory(municipality=municipality, partnership=old, started="2024-11-02")
    ActivityFactory(municipality=home(), started="2025-05-05")
    made["activities"] = activities

    participants = []
    for index, activity in enumerate(activities[:6]):
        participants.append(
            ParticipantFactory(
                activity=activity,
                organisation=organisation,
                headcount=index + 2 if index % 3 else None,
            )
        )
    made["participants"] = participants

    lines = []
    for index, activity in enumerate(activities):
        lines.append(
            BudgetLineFactory(
                activity=activity,
                kind=(BudgetKind.TRAVEL, BudgetKind.HOSPITALITY)[index % 2],
                planned=Decimal(1000 + 250 * index),
                actual=Decimal(900 + 300 * index) if index % 4 else None,
                currency="DKK",
            )
        )
    made["lines"] = lines

    results = [
        ResultFactory(
            municipality=municipality,
            partnership=old,
            kind=ResultKind.BUSINESS_DEAL,
            achieved_on="2025-04",
            value=Decimal("250000.00"),
            currency="DKK",
            evidence="Signed contract",
        ),
        ResultFactory(
            municipality=municipality,
            partnership=new,
            kind=ResultKind.BUSINESS_DEAL,
            achieved_on="2025-10-01",
            value=Decimal("125000.50"),
            currency="DKK",
        ),
        ResultFactory(
            municipality=municipality,
            partnership=new,
            kind=ResultKind.KNOWLEDGE_SHARING,
            achieved_on="2025",
        ),
        ResultFactory(
            municipality=municipality,
            partnership=old,
            kind=ResultKind.NETWORK,
            achieved_on="2024-12-31",
        ),
    ]
    made["results"] = results

    FollowUpFactory(activity=activities[0], due=dt.date(2026, 1, 15))
    FollowUpFactory(activity=activities[1], due=dt.date(2025, 12, 1))
    FollowUpFactory(activity=activities[2], status=FollowUpStatus.DONE)

    project = writer_for(Project).create(
        actor=editor,
        municipality=municipality,
        slug="water",
        title_en="Clean water",
        title_da="Rent vand",
        partnership=old,
        started="2024-01",
        ended="2026-12",
        budget_amount=Decimal("5000000"),
        budget_currency="DKK",
        budget_value_date=dt.date(2024, 1, 1),
    )
    indicator = writer_for(Indicator).create(
        actor=editor,
        project=project,
        title_en="Water losses (%)",
        title_da="Vandtab (%)",
        baseline_year=2023,
        baseline_value=Decimal("30"),
    )
    writer_for(IndicatorPeriod).create(
        actor=editor,
        indicator=indicator,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        target_value=Decimal("25"),
        actual_value=Decimal("22"),
    )
    writer_for(IndicatorPeriod).create(
        actor=editor,
        indicator=indicator,
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 12, 31),
        target_value=Decimal("29"),
        actual_value=Decimal("31"),
    )
    made["project"] = project
    return made


def report_of(year, language="en"):
    return council_report(
        municipality=year["municipality"],
        date_from=YEAR_START,
        date_to=YEAR_END,
        language=language,
        today=dt.date(2026, 1, 10),
    )


def figures(report):
    return {figure.key: figure.value for figure in report.figures}


def test_every_summary_figure_is_what_the_register_holds_for_the_year(year):
    report = report_of(year)

    kinds = Counter(activity.kind for activity in year["activities"])
    people = sum(p.headcount or 1 for p in year["participants"])
    assert figures(report) == {
        "active": 2,  # Oldtown and Newtown; Endtown ended, Maybetown an intent
        "begun": 1,
        "ended": 1,
        "activities": len(KINDS) + 1,
        "incoming_visits": kinds[ActivityKind.INCOMING_VISIT],
        "outgoing_visits": kinds[ActivityKind.OUTGOING_VISIT],
        "participants": people,
        "results": 3,  # not the one of 2024
        "follow_ups_open": 2,
    }
    assert kinds[ActivityKind.INCOMING_VISIT] == 4
    # Six participant rows, two of them without a number of people.
    assert people == 1 + 3 + 4 + 1 + 6 + 7


def test_partnerships_are_counted_by_kind_and_status_on_the_last_day(year):
    rows = report_of(year).tables["partnerships"].rows

    assert rows == [
        ("Cooperation", "Intent", 1),
        ("Cooperation", "Active", 2),
        ("Cooperation", "Terminated", 1),
    ]


def test_the_year_s_beginnings_and_endings_come_with_their_decisions(year):
    rows = report_of(year).tables["changes"].rows

    assert rows == [
        ("2025-03-12", "Newtown", "Established", "City Council", "Case 2025-17"),
        ("2025-06-30", "Endtown", "Terminated", "City Council", "Case 2025-40"),
    ]


def test_costs_add_up_by_partnership_and_category(year):
    report = report_of(year)
    expected = {}
    for line in year["lines"]:
        key = (
            line.activity.partnership.partner_name,
            capfirst(line.get_kind_display()),
        )
        planned, actual = expected.get(key, (Decimal(0), None))
        if line.actual is not None:
            actual = (actual or Decimal(0)) + line.actual
        expected[key] = (planned + line.planned, actual)

    found = {
        (name, category): (
            planned.value if planned else None,
            actual.value if actual else None,
        )
        for name, category, planned, actual in report.tables["costs"].rows
    }
    assert found == expected
    totals = {row[0]: row for row in report.tables["cost_totals"].rows}
    assert totals["Travel"][1].value == sum(
        line.planned for line in year["lines"] if line.kind == BudgetKind.TRAVEL
    )
    assert {row[2].currency for row in report.tables["costs"].rows} == {"DKK"}


def test_results_are_counted_by_type_with_their_values(year):
    rows = report_of(year).tables["results"].rows

    assert [(kind, count) for kind, count, _value in rows] == [
        ("Business deal", 2),
        ("Knowledge sharing", 1),
    ]
    assert rows[0][2].value == Decimal("375000.50")
    assert rows[1][2] is None


def test_indicators_of_the_year_stand_against_their_targets(year):
    rows = report_of(year).tables["indicators"].rows

    assert rows == [
        (
            "Clean water",
            "Water losses (%)",
            dt.date(2025, 1, 1),
            dt.date(2025, 12, 31),
            Decimal("30.00"),
            Decimal("25.00"),
            Decimal("22.00"),
        )
    ]


def test_each_partnership_of_the_year_has_its_page_with_what_it_brought(year):
    pages = {page.name: page for page in report_of(year).partnership_pages}

    # Active at the year's end, or with something recorded in the year.
    assert set(pages) == {"Oldtown", "Newtown", "Endtown", "Maybetown"}
    old = pages["Oldtown"]
    assert old.status == "Active"
    assert old.last_evidence == "2001"
    assert len(old.activities) == 7
    assert [r.kind for r in old.results] == [ResultKind.BUSINESS_DEAL]
    assert [f.activity for f in old.follow_ups] == [year["activities"][0]]
    assert pages["Endtown"].status == "Terminated"
    assert [e.kind for e in pages["Endtown"].events] == [EventKind.TERMINATED]


def test_another_municipality_s_records_stay_out(year):
    report = report_of(year)

    html = render_html(report)
    assert "Bergen" not in html
    assert all(
        p.partnership.municipality == year["municipality"]
        for p in (report.partnership_pages)
    )


def test_the_danish_and_english_reports_have_the_same_figures(year):
    danish, english = report_of(year, "da"), report_of(year, "en")

    assert figures(danish) == figures(english)
    for key, table in english.tables.items():
        other = danish.tables[key]
        assert [_numbers(row) for row in other.rows] == [
            _numbers(row) for row in table.rows
        ], key
    assert danish.tables["activities"].rows[0][0] == "Indgående delegationsbesøg"
    assert english.tables["activities"].rows[0][0] == "Incoming delegation visit"


def _numbers(row):
    return [
        getattr(value, "value", value)
        for value in row
        if isinstance(value, int | Decimal | dt.date) or hasattr(value, "currency")
    ]


def test_the_danish_and_english_workbooks_hold_the_same_numbers(year):
    books = {
        language: load_workbook(io.BytesIO(render_xlsx(report_of(year, language))))
        for language in ("da", "en")
    }

    def numbers(book):
        return [
            [
                cell.value
                for row in sheet.iter_rows(min_row=2)
                for cell in row
                if not isinstance(cell.value, str)
            ]
            for sheet in book.worksheets
        ]

    assert numbers(books["da"]) == numbers(books["en"])
    assert books["da"].sheetnames[:2] == ["Sammendrag", "Partnerskaber"]


def test_the_workbook_has_a_sheet_per_table_with_typed_cells(year):
    book = load_workbook(io.BytesIO(render_xlsx(report_of(year))))

    assert book.sheetnames == [
        "Summary",
        "Partnerships",
        "Partnerships by status",
        "Begun and ended",
        "Activities by kind",
        "Activities",
        "Costs",
        "Costs by category",
        "Results by type",
        "Results",
        "Indicators",
    ]
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(2)}
    assert summary["Activities"] == 13
    costs = book["Costs"]
    planned = costs.cell(2, 3)
    assert isinstance(planned.value, int | float)
    assert '"DKK"' in planned.number_format
    changes = book["Begun and ended"]
    assert changes.cell(2, 1).value.date() == dt.date(2025, 3, 12)
    activities = book["Activities"]
    # A start known to the month stays text: Excel has no date of a month.
    assert "2025-12" in [row[0].value for row in activities.iter_rows(2)]


def test_the_printed_summary_names_the_costliest_and_adds_up_the_rest(
    year, monkeypatch
):
    monkeypatch.setattr("twinning.reports.selectors.COSTLIEST", 1)
    totals = Counter()
    for line in year["lines"]:
        name = line.activity.partnership.partner_name
        totals[name] += line.actual if line.actual is not None else line.planned

    rows = report_of(year).tables["costs_top"].rows

    costliest = max(totals, key=totals.get)
    assert {row[0] for row in rows} == {costliest, "1 other partnership"}
    planned = sum(row[2].value for row in rows)
    assert planned == sum(line.planned for line in year["lines"])

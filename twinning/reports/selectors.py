"""The council report's contents, gathered from the domain's selectors.

Every figure comes from the selectors the staff pages and the API use: what was
active on the period's end (`partnerships_on`), the activities, results, events and
indicator periods of a period, the stale facts of the dashboard. This module only
counts and groups what they return, for one municipality and one period, in the
language the report is built in. Queries are a fixed number, however many
partnerships and activities there are.

A council report goes to the City Council: it holds the register as staff see it
(internal activities and costs too), but no internal note, internal reason or
contact person's name or details.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.activities.choices import ActivityKind, BudgetKind
from twinning.activities.models import Activity, BudgetLine, FollowUp
from twinning.activities.selectors import (
    activities_between,
    budget_lines_of,
    follow_ups_open_of,
    participants_count,
)
from twinning.core.dates import PartialDate
from twinning.partnerships.choices import EventKind, PartnershipKind, PartnershipStatus
from twinning.partnerships.models import Partnership, PartnershipEvent
from twinning.partnerships.selectors import (
    ACTIVE_STATUSES,
    partnership_events_between,
    partnerships_on,
)
from twinning.places.models import Municipality, Place
from twinning.places.worldmap import world_map
from twinning.projects.models import Project
from twinning.projects.selectors import StaleFact, projects_running_in, stale_facts
from twinning.reports.charts import Chart, Marker, bar_chart, partner_map
from twinning.results.choices import ResultKind
from twinning.results.models import Result
from twinning.results.selectors import indicator_periods_between, results_between

BABEL_LOCALES = {"da": "da_DK", "en": "en_GB"}
# The event that begins a partnership in a period: a confirmation that it goes on
# is evidence, not a beginning.
BEGINNINGS = (EventKind.ESTABLISHED,)
# How many partnerships the printed summary of costs names, the costliest first.
COSTLIEST = 25


@dataclass(frozen=True)
class Amount:
    """A sum of money in one currency."""

    value: Decimal
    currency: str


@dataclass(frozen=True)
class Column:
    """A column of a table: its heading and the type of its cells.

    Types: "text", "count" (int), "amount" (Amount), "number" (Decimal),
    "date" (a full date) and "partial_date" (ISO text at its precision).
    """

    label: str
    type: str = "text"


@dataclass
class Table:
    """A table of the report; the spreadsheet has one sheet per table."""

    key: str
    sheet: str
    title: str
    columns: list[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    """One figure of the summary."""

    key: str
    label: str
    value: int


@dataclass
class PartnershipPage:
    """What a partnership brought in the period: its page of the report."""

    partnership: Partnership
    name: str
    kind: str
    status: str
    started: str
    last_evidence: str
    events: list[PartnershipEvent]
    activities: list[Activity]
    results: list[Result]
    costs: list[tuple[str, Amount | None, Amount | None]]
    follow_ups: list[FollowUp]


@dataclass
class CouncilReport:
    """The yearly (or any period's) report of one municipality to its council."""

    municipality: Municipality
    language: str
    date_from: dt.date
    date_to: dt.date
    made_on: dt.date
    figures: list[Figure]
    tables: dict[str, Table]
    charts: dict[str, Chart]
    partnership_pages: list[PartnershipPage]
    projects: list[Project]
    stale: list[StaleFact]
    partner_map: Chart

    @property
    def title(self) -> str:
        return _("International relations of %(municipality)s") % {
            "municipality": self.municipality.name
        }

    @property
    def period(self) -> str:
        return f"{date_text(self.date_from)} – {date_text(self.date_to)}"

    def number(self, value: Decimal | int) -> str:
        return number_text(value, self.language)


def number_text(value: Decimal | int, language: str) -> str:
    """Return a figure as the report's language writes it (1.234,50 in Danish)."""
    return format_decimal(value, locale=BABEL_LOCALES.get(language, "en_GB"))


def date_text(day: dt.date) -> str:
    return PartialDate(day.year, day.month, day.day).format()


def partial_text(text: str) -> str:
    return PartialDate.parse(text).format() if text else ""


def _status_on(partnership: Partnership) -> str:
    """Return the status on the period's end, which `partnerships_on` annotates."""
    return str(partnership.status_on)  # type: ignore[attr-defined]


def _last_evidence(partnership: Partnership) -> str:
    return partnership.last_evidence or ""  # type: ignore[attr-defined]


def _partnership_of(record: Activity | Result | None) -> int | None:
    if record is None:
        return None
    if record.partnership_id:
        return record.partnership_id
    project = record.project
    return project.partnership_id if project is not None else None


def _amount_sum(amounts: Iterable[Any]) -> Decimal | None:
    given = [amount for amount in amounts if amount is not None]
    return sum(given, Decimal(0)) if given else None


def _label(choices: Any, value: str) -> str:
    return capfirst(str(dict(choices.choices).get(value, value)))


def _costs_by_category(
    lines: Sequence[BudgetLine],
) -> list[tuple[str, Amount | None, Amount | None]]:
    grouped: dict[tuple[str, str], list[BudgetLine]] = defaultdict(list)
    for line in lines:
        grouped[(line.kind, line.currency)].append(line)
    order = [kind for kind, _label in BudgetKind.choices]
    found = []
    for (kind, currency), group in sorted(
        grouped.items(), key=lambda item: (order.index(item[0][0]), item[0][1])
    ):
        planned = _amount_sum(line.planned for line in group)
        actual = _amount_sum(line.actual for line in group)
        found.append(
            (
                _label(BudgetKind, kind),
                Amount(planned, currency) if planned is not None else None,
                Amount(actual, currency) if actual is not None else None,
            )
        )
    return found


def council_report(
    *,
    municipality: Municipality,
    date_from: dt.date,
    date_to: dt.date,
    language: str,
    today: dt.date,
) -> CouncilReport:
    """Return the council report of a municipality for a period, in a language."""
    with translation.override(language):
        return _council_report(
            municipality=municipality,
            date_from=date_from,
            date_to=date_to,
            language=language,
            today=today,
        )


def _council_report(
    *,
    municipality: Municipality,
    date_from: dt.date,
    date_to: dt.date,
    language: str,
    today: dt.date,
) -> CouncilReport:
    ours = [municipality]

    partnerships = list(
        partnerships_on(
            Partnership.objects.for_municipality(municipality).select_related(
                "partner_place", "partner_organisation__place"
            ),
            day=date_to,
        ).order_by("slug")
    )
    by_pk = {p.pk: p for p in partnerships}
    events = list(
        partnership_events_between(
            municipalities=ours, date_from=date_from, date_to=date_to
        )
    )
    activities_qs = activities_between(
        municipalities=ours, date_from=date_from, date_to=date_to
    )
    activities = list(activities_qs)
    lines = list(budget_lines_of(activities_qs))
    results = list(
        results_between(municipalities=ours, date_from=date_from, date_to=date_to)
    )
    indicator_periods = list(
        indicator_periods_between(
            municipalities=ours, date_from=date_from, date_to=date_to
        )
    )
    follow_ups = list(follow_ups_open_of(municipalities=ours))
    people = participants_count(activities_qs)

    def number(value: Decimal | int) -> str:
        return number_text(value, language)

    tables: dict[str, Table] = {}
    charts: dict[str, Chart] = {}

    # Partnerships by kind and status on the period's end.
    begun = [p for p in partnerships if _status_on(p) != PartnershipStatus.NONE]
    by_kind_status = Counter((p.kind, _status_on(p)) for p in begun)
    kind_order = [kind for kind, _label in PartnershipKind.choices]
    status_order = [status for status, _label in PartnershipStatus.choices]
    tables["partnerships"] = Table(
        key="partnerships",
        sheet=_("Partnerships by status"),
        title=_("Partnerships by kind and status on %(day)s")
        % {"day": date_text(date_to)},
        columns=[Column(_("Kind")), Column(_("Status")), Column(_("Number"), "count")],
        rows=[
            (_label(PartnershipKind, kind), _label(PartnershipStatus, status), count)
            for (kind, status), count in sorted(
                by_kind_status.items(),
                key=lambda item: (
                    kind_order.index(item[0][0]),
                    status_order.index(item[0][1]),
                ),
            )
        ],
    )
    active = [p for p in partnerships if _status_on(p) in ACTIVE_STATUSES]
    active_by_kind = Counter(p.kind for p in active)
    charts["partnerships"] = bar_chart(
        title=_("Active partnerships by kind"),
        description=", ".join(
            f"{_label(PartnershipKind, kind)}: {number(count)}"
            for kind, count in sorted(
                active_by_kind.items(), key=lambda item: kind_order.index(item[0])
            )
        ),
        rows=[
            (_label(PartnershipKind, kind), [active_by_kind[kind]])
            for kind in kind_order
            if active_by_kind[kind]
        ],
        format_number=number,
    )

    # New and ended in the period, with their decisions.
    changes = [e for e in events if e.kind in (*BEGINNINGS, EventKind.TERMINATED)]
    tables["changes"] = Table(
        key="changes",
        sheet=_("Begun and ended"),
        title=_("Partnerships begun and ended in the period"),
        columns=[
            Column(_("Date"), "partial_date"),
            Column(_("Partner")),
            Column(_("Event")),
            Column(_("Decided by")),
            Column(_("Decision reference")),
        ],
        rows=[
            (
                e.date,
                e.partnership.partner_name,
                _label(EventKind, e.kind),
                e.decided_by,
                e.reference,
            )
            for e in changes
        ],
    )

    # Activities by kind.
    activity_kinds = Counter(a.kind for a in activities)
    tables["activities"] = Table(
        key="activities",
        sheet=_("Activities by kind"),
        title=_("Activities by kind"),
        columns=[Column(_("Kind")), Column(_("Number"), "count")],
        rows=[
            (capfirst(str(label)), activity_kinds[kind])
            for kind, label in ActivityKind.choices
            if activity_kinds[kind]
        ],
    )
    charts["activities"] = bar_chart(
        title=_("Activities by kind"),
        description=", ".join(
            f"{row[0]}: {number(row[1])}" for row in tables["activities"].rows
        ),
        rows=[(str(row[0]), [row[1]]) for row in tables["activities"].rows],
        format_number=number,
    )
    tables["activity_list"] = Table(
        key="activity_list",
        sheet=_("Activities"),
        title=_("Activities in the period"),
        columns=[
            Column(_("From"), "partial_date"),
            Column(_("Until"), "partial_date"),
            Column(_("Activity")),
            Column(_("Kind")),
            Column(_("Partner")),
        ],
        rows=[
            (
                a.started,
                a.ended,
                a.title,
                _label(ActivityKind, a.kind),
                by_pk[pk].partner_name if (pk := _partnership_of(a)) in by_pk else "",
            )
            for a in activities
        ],
    )

    # Costs planned and actual, by partnership and category.
    lines_of: dict[int | None, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        lines_of[_partnership_of(line.activity)].append(line)
    cost_rows = []
    for pk in sorted(lines_of, key=lambda k: (k is None, by_pk[k].slug if k else "")):
        name = by_pk[pk].partner_name if pk in by_pk else _("No partnership")
        for category, planned, actual in _costs_by_category(lines_of[pk]):
            cost_rows.append((name, category, planned, actual))
    tables["costs"] = Table(
        key="costs",
        sheet=_("Costs"),
        title=_("Costs by partnership and category"),
        columns=[
            Column(_("Partnership")),
            Column(_("Category")),
            Column(_("Planned"), "amount"),
            Column(_("Actual"), "amount"),
        ],
        rows=cost_rows,
    )

    # The printed summary names the costliest partnerships and adds up the rest;
    # the spreadsheet has every one.
    def spent(pk: int | None) -> Decimal:
        amounts = [
            line.actual if line.actual is not None else line.planned
            for line in lines_of[pk]
        ]
        return _amount_sum(amounts) or Decimal(0)

    costliest = sorted(lines_of, key=lambda k: (-spent(k), k is None, k or 0))
    named, others = costliest[:COSTLIEST], costliest[COSTLIEST:]
    top_rows = [
        (by_pk[pk].partner_name if pk in by_pk else _("No partnership"), *row)
        for pk in named
        for row in _costs_by_category(lines_of[pk])
    ]
    if others:
        rest = [line for pk in others for line in lines_of[pk]]
        others_label = ngettext(
            "%(count)s other partnership", "%(count)s other partnerships", len(others)
        ) % {"count": len(others)}
        top_rows += [(others_label, *row) for row in _costs_by_category(rest)]
    tables["costs_top"] = Table(
        key="costs_top",
        sheet=_("Costs"),
        title=_("Costs by partnership and category")
        if not others
        else _("Costs of the %(count)s costliest partnerships, by category")
        % {"count": len(named)},
        columns=tables["costs"].columns,
        rows=top_rows,
    )
    by_category = _costs_by_category(lines)
    tables["cost_totals"] = Table(
        key="cost_totals",
        sheet=_("Costs by category"),
        title=_("Costs by category"),
        columns=[
            Column(_("Category")),
            Column(_("Planned"), "amount"),
            Column(_("Actual"), "amount"),
        ],
        rows=by_category,
    )
    currencies = sorted({line.currency for line in lines})
    for currency in currencies:
        rows = [
            (category, planned, actual)
            for category, planned, actual in by_category
            if (planned or actual) and (planned or actual).currency == currency  # type: ignore[union-attr]
        ]
        charts[f"costs_{currency}"] = bar_chart(
            title=_("Costs by category, planned and actual (%(currency)s)")
            % {"currency": currency},
            description="; ".join(
                _("%(category)s: planned %(planned)s, actual %(actual)s")
                % {
                    "category": category,
                    "planned": number(planned.value) if planned else "–",
                    "actual": number(actual.value) if actual else "–",
                }
                for category, planned, actual in rows
            ),
            rows=[
                (
                    category,
                    [
                        planned.value if planned else Decimal(0),
                        actual.value if actual else Decimal(0),
                    ],
                )
                for category, planned, actual in rows
            ],
            series=[_("planned"), _("actual")],
            format_number=number,
        )

    # Results by type, with their values.
    result_rows: list[tuple[str, int | None, Amount | None]] = []
    by_result_kind: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_result_kind[result.kind].append(result)
    for kind, label in ResultKind.choices:
        found = by_result_kind.get(kind, [])
        if not found:
            continue
        values: dict[str, Decimal] = defaultdict(Decimal)
        for result in found:
            if result.value is not None:
                values[result.currency] += result.value
        if not values:
            result_rows.append((capfirst(str(label)), len(found), None))
        for index, (currency, total) in enumerate(sorted(values.items())):
            result_rows.append(
                (
                    capfirst(str(label)),
                    len(found) if index == 0 else None,
                    Amount(total, currency),
                )
            )
    tables["results"] = Table(
        key="results",
        sheet=_("Results by type"),
        title=_("Results by type"),
        columns=[
            Column(_("Type")),
            Column(_("Number"), "count"),
            Column(_("Value"), "amount"),
        ],
        rows=result_rows,
    )
    result_counts = [(str(row[0]), [row[1]]) for row in result_rows if row[1]]
    charts["results"] = bar_chart(
        title=_("Results by type"),
        description=", ".join(f"{label}: {number(v[0])}" for label, v in result_counts),
        rows=result_counts,
        format_number=number,
    )
    tables["result_list"] = Table(
        key="result_list",
        sheet=_("Results"),
        title=_("Results in the period"),
        columns=[
            Column(_("Achieved"), "partial_date"),
            Column(_("Result")),
            Column(_("Type")),
            Column(_("Partner")),
            Column(_("Value"), "amount"),
            Column(_("Evidence")),
        ],
        rows=[
            (
                r.achieved_on,
                r.title,
                _label(ResultKind, r.kind),
                by_pk[pk].partner_name if (pk := _partnership_of(r)) in by_pk else "",
                Amount(r.value, r.currency) if r.value is not None else None,
                r.evidence,
            )
            for r in results
        ],
    )

    # Indicators against their targets.
    tables["indicators"] = Table(
        key="indicators",
        sheet=_("Indicators"),
        title=_("Indicators against their targets"),
        columns=[
            Column(_("Project")),
            Column(_("Indicator")),
            Column(_("Period from"), "date"),
            Column(_("Period until"), "date"),
            Column(_("Baseline"), "number"),
            Column(_("Target"), "number"),
            Column(_("Actual"), "number"),
        ],
        rows=[
            (
                ip.indicator.project.title,
                ip.indicator.title,
                ip.period_start,
                ip.period_end,
                ip.indicator.baseline_value,
                ip.target_value,
                ip.actual_value,
            )
            for ip in indicator_periods
        ],
    )

    visits_in = activity_kinds[ActivityKind.INCOMING_VISIT]
    visits_out = activity_kinds[ActivityKind.OUTGOING_VISIT]
    figures = [
        Figure(
            "active",
            _("Partnerships active on %(day)s") % {"day": date_text(date_to)},
            len(active),
        ),
        Figure(
            "begun",
            _("Partnerships begun in the period"),
            sum(1 for e in changes if e.kind in BEGINNINGS),
        ),
        Figure(
            "ended",
            _("Partnerships ended in the period"),
            sum(1 for e in changes if e.kind == EventKind.TERMINATED),
        ),
        Figure("activities", _("Activities"), len(activities)),
        Figure("incoming_visits", _("Incoming delegation visits"), visits_in),
        Figure("outgoing_visits", _("Outgoing delegation visits"), visits_out),
        Figure("participants", _("Participants"), people),
        Figure("results", _("Results"), len(results)),
        Figure("follow_ups_open", _("Follow-ups open"), len(follow_ups)),
    ]
    tables["summary"] = Table(
        key="summary",
        sheet=_("Summary"),
        title=_("Summary"),
        columns=[Column(_("Figure")), Column(_("Number"), "count")],
        rows=[(f.label, f.value) for f in figures],
    )

    pages = _partnership_pages(
        partnerships=partnerships,
        events=events,
        activities=activities,
        lines=lines,
        results=results,
        follow_ups=follow_ups,
    )
    tables["partnership_list"] = Table(
        key="partnership_list",
        sheet=_("Partnerships"),
        title=_("The partnerships"),
        columns=[
            Column(_("Partner")),
            Column(_("Kind")),
            Column(_("Status at the period's end")),
            Column(_("Since"), "partial_date"),
            Column(_("Last confirmed"), "partial_date"),
            Column(_("Activities"), "count"),
            Column(_("Results"), "count"),
            Column(_("Follow-ups open"), "count"),
        ],
        rows=[
            (
                page.name,
                page.kind,
                page.status,
                page.started,
                page.last_evidence,
                len(page.activities),
                len(page.results),
                len(page.follow_ups),
            )
            for page in pages
        ],
    )
    return CouncilReport(
        municipality=municipality,
        language=language,
        date_from=date_from,
        date_to=date_to,
        made_on=today,
        figures=figures,
        tables=tables,
        charts=charts,
        partnership_pages=pages,
        projects=list(
            projects_running_in(
                municipalities=ours, date_from=date_from, date_to=date_to
            )
        ),
        stale=stale_facts(municipalities=ours, today=today),
        partner_map=_partner_map(municipality, pages, number),
    )


def _partnership_pages(
    *,
    partnerships: list[Partnership],
    events: list[PartnershipEvent],
    activities: list[Activity],
    lines: list[BudgetLine],
    results: list[Result],
    follow_ups: list[FollowUp],
) -> list[PartnershipPage]:
    """Return a page for each partnership active on the period's end or with
    something recorded in the period (an event, an activity, a result)."""
    grouped: dict[str, dict[int | None, list[Any]]] = {
        name: defaultdict(list)
        for name in ("events", "activities", "lines", "results", "follow_ups")
    }
    for event in events:
        grouped["events"][event.partnership_id].append(event)
    for activity in activities:
        grouped["activities"][_partnership_of(activity)].append(activity)
    for line in lines:
        grouped["lines"][_partnership_of(line.activity)].append(line)
    for result in results:
        grouped["results"][_partnership_of(result)].append(result)
    for follow_up in follow_ups:
        grouped["follow_ups"][_partnership_of(follow_up.activity)].append(follow_up)
    pages = []
    for p in partnerships:
        recorded = any(grouped[name].get(p.pk) for name in grouped if name != "lines")
        if _status_on(p) not in ACTIVE_STATUSES and not recorded:
            continue
        pages.append(
            PartnershipPage(
                partnership=p,
                name=p.partner_name,
                kind=_label(PartnershipKind, p.kind),
                status=_label(PartnershipStatus, _status_on(p)),
                started=p.started,
                last_evidence=_last_evidence(p),
                events=grouped["events"].get(p.pk, []),
                activities=grouped["activities"].get(p.pk, []),
                results=grouped["results"].get(p.pk, []),
                costs=_costs_by_category(grouped["lines"].get(p.pk, [])),
                follow_ups=grouped["follow_ups"].get(p.pk, []),
            )
        )
    return sorted(pages, key=lambda page: page.name)


def _place_of(partnership: Partnership) -> Place | None:
    if partnership.partner_place is not None:
        return partnership.partner_place
    organisation = partnership.partner_organisation
    return organisation.place if organisation is not None else None


def _partner_map(
    municipality: Municipality,
    pages: list[PartnershipPage],
    number: Callable[[Decimal | int], str],
) -> Chart:
    markers = []
    for page in pages:
        place = _place_of(page.partnership)
        if place is None or place.latitude is None or place.longitude is None:
            continue
        markers.append(
            Marker(
                name=page.name,
                latitude=float(place.latitude),
                longitude=float(place.longitude),
                ended=_status_on(page.partnership) not in ACTIVE_STATUSES,
            )
        )
    home = municipality.place
    names = ", ".join(dict.fromkeys(marker.name for marker in markers))
    return partner_map(
        world=world_map(),
        title=_("The partners on the world map"),
        description=_("%(count)s partners: %(names)s.")
        % {"count": number(len(markers)), "names": names},
        markers=markers,
        home=(
            (float(home.latitude), float(home.longitude))
            if home is not None
            and home.latitude is not None
            and home.longitude is not None
            else None
        ),
    )


def period_of(
    *, year: int | None, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dt.date, dt.date]:
    """Return the period a report covers: a whole year, or from a day to a day.

    Raises ValueError naming what is wrong: neither or both given, or an end
    before the start.
    """
    if year is not None:
        if date_from is not None or date_to is not None:
            raise ValueError(_("Give a year or a period from and to, not both."))
        if not 1900 <= year <= 2200:
            raise ValueError(_("The year %(year)s is out of range.") % {"year": year})
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if date_from is None or date_to is None:
        raise ValueError(_("Give a year, or both the start and the end of a period."))
    if date_to < date_from:
        raise ValueError(_("The period ends before it starts."))
    return date_from, date_to

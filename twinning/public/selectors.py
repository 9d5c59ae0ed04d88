"""What the public pages show, composed from the domain selectors.

Only public records reach these pages: each comes from its domain's selector, which
applies the model's own rule (`.public()`: the record and all it hangs under are
public), and never an internal note or a contact person. Each function runs a fixed
number of queries, however large the portfolio.

A page's "last updated" is when what it shows last changed or was last reviewed by
staff (`page_updated`): the newest `updated_at` of its records (the shipped
dataset's are dated by their sources) or their latest review, whichever is later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db.models import Max, Model, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twinning.activities.models import Activity
from twinning.activities.selectors import activities_public
from twinning.core.dates import PartialDate
from twinning.core.selectors import reviewed_latest
from twinning.eu.models import EUOffice
from twinning.eu.selectors import eu_offices_public
from twinning.partnerships.choices import EventKind, PartnershipKind, PartnershipStatus
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
)
from twinning.partnerships.selectors import (
    Counterpart,
    counterparts,
    network_memberships_public,
    partnership_events_public,
    partnerships_public,
)
from twinning.places.models import Municipality, Organisation, Place
from twinning.places.selectors import home_municipality
from twinning.projects.models import Programme, Project
from twinning.projects.selectors import projects_public
from twinning.results.models import Result
from twinning.results.selectors import results_public


def public_municipality(host: str | None = None) -> Municipality:
    """Return the home municipality whose site `host` is, or raise Http404."""
    municipality = home_municipality(host)
    if municipality is None:
        raise Http404("No home municipality is set up yet.")
    return municipality


def newest_change(records: Iterable[Model | None]) -> dt.datetime | None:
    """Return when the newest of `records` was changed: the page's "last updated"."""
    times = [
        record.updated_at  # type: ignore[attr-defined]
        for record in records
        if record is not None and getattr(record, "updated_at", None)
    ]
    return max(times) if times else None


def page_updated(
    records: Iterable[Model | None],
    *,
    municipality: Municipality,
    querysets: Iterable[QuerySet[Any]] = (),
    changed: Iterable[dt.datetime | None] = (),
) -> dt.datetime | None:
    """Return a page's "last updated": the latest change or review of what it shows.

    `records` are the records shown, `querysets` records shown by a query (every
    public partnership), `changed` the newest changes already read (aggregates).
    One query, for the reviews of them all.
    """
    records = list(records)
    querysets = list(querysets)
    reviewed = reviewed_latest(
        [record for record in records if record is not None],
        querysets=querysets,
        municipality=municipality,
    )
    return _newest(newest_change(records), *changed, reviewed)


def related_records(partnership: Partnership) -> list[Model]:
    """Return a partnership and the prefetched records shown with it."""
    return [partnership, *partnership.events.all(), *partnership.agreements.all()]


def localized(row: dict[str, Any], name: str) -> str:
    """Return a translated field of a `values()` row in the active language.

    Falls back as the models do (MODELTRANSLATION_FALLBACK_LANGUAGES): to Danish,
    then English, when the active language's text is empty.
    """
    for language in (get_language() or "da", "da", "en"):
        value = row.get(f"{name}_{language.split('-')[0]}")
        if value:
            return str(value)
    return ""


@dataclass(frozen=True)
class PartnerRef:
    """What a list shows of a partner: its address, name and country."""

    slug: str
    name: str
    country: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Termination:
    """The event that ended a partnership, as the overview tells it."""

    date: str
    decided_by: str
    reference: str
    reason: str


@dataclass
class PartnershipRow:
    """A partnership as a list of them shows it: read with `values()`, not models.

    It answers to the names the templates use for a partnership
    (`partner`, `partner_name`, `get_status_display`, ...).
    """

    pk: int
    kind: str
    status: str
    started: str
    description: str
    partner: PartnerRef
    partner_place: PartnerRef | None
    group_key: tuple[bool, int, str]
    group_name: str
    group_description: str
    # Where the partner is: its place's, or an organisation's place's.
    located_in: str = ""
    latitude: float | None = None
    longitude: float | None = None
    termination: Termination | None = None

    @property
    def partner_name(self) -> str:
        return self.partner.name

    def get_kind_display(self) -> str:
        return str(PartnershipKind(self.kind).label)

    def get_status_display(self) -> str:
        return str(PartnershipStatus(self.status).label) if self.status else ""


@dataclass
class ProjectRow:
    """A project as the overview lists it."""

    slug: str
    title: str
    summary: str
    started: str
    partner_name: str
    partner_country: str
    programme_id: int | None


@dataclass
class ResultRow:
    """A result of the municipality's own (of no partnership or project)."""

    title: str
    description: str
    updated_at: dt.datetime | None = None


@dataclass
class PartnershipGroupView:
    title: str
    description: str
    partnerships: list[PartnershipRow]


@dataclass
class Overview:
    municipality: Municipality
    sister_city_groups: list[PartnershipGroupView]
    collaborations: list[PartnershipRow]
    ended: list[PartnershipRow]
    sector_partnerships: list[PartnershipRow]
    programmes: list[Programme]
    projects: list[ProjectRow]
    results: list[ResultRow]
    memberships: list[NetworkMembership]
    eu_offices: list[EUOffice]
    last_updated: dt.datetime | None = None
    # Which page of a large portfolio's overview this is, of how many.
    number: int = 1
    page_count: int = 1

    @property
    def partnerships(self) -> list[PartnershipRow]:
        return [
            *(p for group in self.sister_city_groups for p in group.partnerships),
            *self.collaborations,
            *self.sector_partnerships,
            *self.ended,
        ]


_TRANSLATED = ("da", "en")


def _both(path: str) -> list[str]:
    return [f"{path}_{language}" for language in _TRANSLATED]


PARTNERSHIP_ROW_FIELDS = [
    "pk",
    "kind",
    "status",
    "started",
    "updated_at",
    "group_id",
    "group__order",
    "partner_place__slug",
    "partner_place__country",
    "partner_place__latitude",
    "partner_place__longitude",
    "partner_organisation__slug",
    "partner_organisation__country",
    "partner_organisation__place__country",
    "partner_organisation__place__latitude",
    "partner_organisation__place__longitude",
    *_both("description"),
    *_both("group__name"),
    *_both("group__description"),
    *_both("partner_place__name"),
    *_both("partner_organisation__name"),
]


def partnership_rows(
    partnerships: QuerySet[Partnership], *, terminations: bool = True
) -> tuple[list[PartnershipRow], dt.datetime | None]:
    """Return partnerships as rows, with when the newest of them changed.

    One query; terminated partnerships get their termination in one more.
    """
    rows = []
    newest: dt.datetime | None = None
    for row in partnerships.prefetch_related(None).values(*PARTNERSHIP_ROW_FIELDS):
        if newest is None or row["updated_at"] > newest:
            newest = row["updated_at"]
        if row["partner_place__slug"]:
            partner = PartnerRef(
                slug=row["partner_place__slug"],
                name=localized(row, "partner_place__name"),
                country=row["partner_place__country"],
            )
            place: PartnerRef | None = partner
            located_in = row["partner_place__country"]
            latitude = row["partner_place__latitude"]
            longitude = row["partner_place__longitude"]
        else:
            partner = PartnerRef(
                slug=row["partner_organisation__slug"],
                name=localized(row, "partner_organisation__name"),
                country=row["partner_organisation__country"],
            )
            place = None
            located_in = row["partner_organisation__place__country"] or ""
            latitude = row["partner_organisation__place__latitude"]
            longitude = row["partner_organisation__place__longitude"]
        has_group = row["group_id"] is not None
        rows.append(
            PartnershipRow(
                pk=row["pk"],
                kind=row["kind"],
                status=row["status"],
                started=row["started"],
                description=localized(row, "description"),
                partner=partner,
                partner_place=place,
                group_key=(
                    not has_group,
                    row["group__order"] or 0,
                    str(row["group_id"] or ""),
                ),
                group_name=localized(row, "group__name"),
                group_description=localized(row, "group__description"),
                located_in=located_in,
                latitude=None if latitude is None else float(latitude),
                longitude=None if longitude is None else float(longitude),
            )
        )
    ended = {row.pk: row for row in rows if row.status == PartnershipStatus.TERMINATED}
    if ended and terminations:
        events = (
            PartnershipEvent.objects.filter(partnership__in=ended, kind="terminated")
            .order_by("date", "id")
            .values(
                "partnership_id",
                "date",
                "reference",
                *_both("decided_by"),
                *_both("reason"),
            )
        )
        for event in events:
            ended[event["partnership_id"]].termination = Termination(
                date=event["date"],
                decided_by=localized(event, "decided_by"),
                reference=event["reference"],
                reason=localized(event, "reason"),
            )
    return rows, newest


def _newest(*times: dt.datetime | None) -> dt.datetime | None:
    known = [time for time in times if time is not None]
    return max(known) if known else None


def arranged(
    partnerships: list[PartnershipRow],
) -> tuple[
    list[PartnershipGroupView],
    list[PartnershipRow],
    list[PartnershipRow],
    list[PartnershipRow],
]:
    """Return the sister cities by group, the collaborations, the sector
    partnerships and the ended ones, as the overview lists them."""
    current = [p for p in partnerships if p.status != PartnershipStatus.TERMINATED]
    sister_cities = sorted(
        (p for p in current if p.kind == PartnershipKind.SISTER_CITY),
        key=lambda p: (p.group_key[:2], p.started or "9999", p.partner_name),
    )
    groups: list[PartnershipGroupView] = []
    for _key, members_iter in groupby(sister_cities, key=lambda p: p.group_key):
        members = list(members_iter)
        first = members[0]
        groups.append(
            PartnershipGroupView(
                title=first.group_name
                if not first.group_key[0]
                else str(_("Other sister cities")),
                description=first.group_description,
                partnerships=members,
            )
        )
    collaborations = [
        p
        for p in current
        if p.kind in (PartnershipKind.COOPERATION, PartnershipKind.PROJECT)
    ]
    sector = [p for p in current if p.kind == PartnershipKind.SECTOR_COOPERATION]
    ended = [p for p in partnerships if p.status == PartnershipStatus.TERMINATED]
    return groups, collaborations, sector, ended


def map_partnerships(
    *, municipality: Municipality
) -> tuple[list[PartnershipRow], dt.datetime | None]:
    """Return the public partnerships in the overview's order, for the map, with
    when the newest of them (or their events) changed. Three queries."""
    public_partnerships = partnerships_public(municipality=municipality)
    rows, changed = partnership_rows(public_partnerships, terminations=False)
    groups, collaborations, sector, ended = arranged(rows)
    events_changed = PartnershipEvent.objects.filter(
        partnership__in=public_partnerships.values("pk")
    ).aggregate(newest=Max("updated_at"))["newest"]
    return (
        [
            *(p for group in groups for p in group.partnerships),
            *collaborations,
            *sector,
            *ended,
        ],
        page_updated(
            [municipality],
            municipality=municipality,
            querysets=[public_partnerships],
            changed=[changed, events_changed],
        ),
    )


def _page_of(
    sections: tuple[
        list[PartnershipGroupView],
        list[PartnershipRow],
        list[PartnershipRow],
        list[PartnershipRow],
    ],
    *,
    number: int,
    per_page: int,
) -> tuple[
    list[PartnershipGroupView],
    list[PartnershipRow],
    list[PartnershipRow],
    list[PartnershipRow],
]:
    """Return the sections cut to the partnerships of page `number` (from 1)."""
    start, end = (number - 1) * per_page, number * per_page
    position = 0

    def cut(rows: list[PartnershipRow]) -> list[PartnershipRow]:
        nonlocal position
        first = position
        position += len(rows)
        return rows[max(start - first, 0) : max(end - first, 0)]

    groups, collaborations, sector, ended = sections
    cut_groups = []
    for group in groups:
        members = cut(group.partnerships)
        if members:
            cut_groups.append(
                PartnershipGroupView(group.title, group.description, members)
            )
    return cut_groups, cut(collaborations), cut(sector), cut(ended)


def overview(
    *, municipality: Municipality, number: int = 1, per_page: int | None = None
) -> Overview:
    """Return what the overview page shows, grouped as the register groups it.

    Rows, not model graphs: the partnerships and projects come as `values()`, and
    "last updated" from the newest change of each kind of record shown (one
    aggregate each). A fixed number of queries, however many partnerships.

    A large portfolio is shown `per_page` partnerships a page, in the same order
    (TWINNING_OVERVIEW_PAGE_SIZE); the first page also has the projects, results,
    networks and EU office. Raises Http404 for a page past the last.
    """
    per_page = per_page or settings.TWINNING_OVERVIEW_PAGE_SIZE
    public_partnerships = partnerships_public(municipality=municipality)
    partnerships, partnerships_changed = partnership_rows(public_partnerships)
    page_count = max(1, -(-len(partnerships) // per_page))
    if number < 1 or number > page_count:
        raise Http404("No such page of the overview.")
    groups, collaborations, sector_partnerships, ended = _page_of(
        arranged(partnerships), number=number, per_page=per_page
    )
    if number > 1:
        return Overview(
            municipality=municipality,
            sister_city_groups=groups,
            collaborations=collaborations,
            ended=ended,
            sector_partnerships=sector_partnerships,
            programmes=[],
            projects=[],
            results=[],
            memberships=[],
            eu_offices=[],
            number=number,
            page_count=page_count,
            last_updated=page_updated(
                [municipality],
                municipality=municipality,
                querysets=[public_partnerships],
                changed=[partnerships_changed],
            ),
        )
    projects_query = projects_public(municipality=municipality).prefetch_related(None)
    projects = []
    projects_changed = None
    programme_ids: list[int] = []
    for row in projects_query.values(
        "slug",
        "started",
        "updated_at",
        "programme_id",
        "partnership__partner_place__country",
        *_both("title"),
        *_both("summary"),
        *_both("partnership__partner_place__name"),
        *_both("partnership__partner_organisation__name"),
    ):
        projects_changed = _newest(projects_changed, row["updated_at"])
        if row["programme_id"] and row["programme_id"] not in programme_ids:
            programme_ids.append(row["programme_id"])
        projects.append(
            ProjectRow(
                slug=row["slug"],
                title=localized(row, "title"),
                summary=localized(row, "summary"),
                started=row["started"],
                partner_name=localized(row, "partnership__partner_place__name")
                or localized(row, "partnership__partner_organisation__name"),
                partner_country=row["partnership__partner_place__country"] or "",
                programme_id=row["programme_id"],
            )
        )
    by_pk = Programme.objects.in_bulk(programme_ids)
    programmes = [by_pk[pk] for pk in programme_ids if pk in by_pk]
    own_results = (
        results_public(municipality=municipality)
        .filter(partnership=None, project=None)
        .select_related(None)
    )
    results = [
        ResultRow(
            title=localized(row, "title"),
            description=localized(row, "description"),
            updated_at=row["updated_at"],
        )
        for row in own_results.values(
            "updated_at", *_both("title"), *_both("description")
        )
    ]
    results_changed = _newest(*(row.updated_at for row in results))
    memberships = list(
        network_memberships_public(municipality=municipality).prefetch_related(None)
    )
    eu_offices = list(
        eu_offices_public(municipality=municipality).prefetch_related(None)
    )
    # The partnerships' events and public agreements are shown in their history;
    # their newest change dates the page as before.
    events_changed = PartnershipEvent.objects.filter(
        partnership__in=public_partnerships.values("pk")
    ).aggregate(newest=Max("updated_at"))["newest"]
    agreements_changed = (
        Agreement.objects.public()
        .filter(partnership__in=public_partnerships.values("pk"))
        .aggregate(newest=Max("updated_at"))["newest"]
    )
    page = Overview(
        municipality=municipality,
        sister_city_groups=groups,
        collaborations=collaborations,
        ended=ended,
        sector_partnerships=sector_partnerships,
        programmes=programmes,
        projects=projects,
        results=results,
        memberships=memberships,
        eu_offices=eu_offices,
        number=number,
        page_count=page_count,
    )
    page.last_updated = page_updated(
        [municipality, *programmes, *memberships, *eu_offices],
        municipality=municipality,
        querysets=[public_partnerships, projects_query, own_results],
        changed=[
            results_changed,
            partnerships_changed,
            projects_changed,
            events_changed,
            agreements_changed,
        ],
    )
    return page


@dataclass
class PartnerPage:
    partner: Place | Organisation
    partnerships: list[Partnership]
    projects: list[Project]
    activities: list[Activity]
    results: list[Result]
    sources: list[Any] = field(default_factory=list)
    last_updated: dt.datetime | None = None
    # The partner municipality's own records, where it is on the platform.
    counterparts: dict[int, Counterpart] = field(default_factory=dict)

    @property
    def confirmations(self) -> list[tuple[Partnership, Counterpart]]:
        return [
            (partnership, self.counterparts[partnership.pk])
            for partnership in self.partnerships
            if partnership.pk in self.counterparts
        ]

    @property
    def place(self) -> Place | None:
        if isinstance(self.partner, Place):
            return self.partner
        return self.partner.place

    @property
    def country(self) -> str:
        return self.partner.country or (self.place.country if self.place else "")

    @property
    def events(self) -> list[PartnershipEvent]:
        return sorted(
            (event for p in self.partnerships for event in p.events.all()),
            key=lambda event: (event.date, event.pk),
        )

    @property
    def agreements(self) -> list[Any]:
        return sorted(
            (a for p in self.partnerships for a in p.agreements.all()),
            key=lambda agreement: agreement.signed_on,
        )


def partner_page(*, municipality: Municipality, slug: str) -> PartnerPage:
    """Return the page of one partner (a place or an organisation) of the municipality.

    Raises Http404 when the slug names no partner of a public partnership.
    """
    partnerships = partnerships_public(municipality=municipality)
    found = list(partnerships.filter(partner_place__slug=slug)) or list(
        partnerships.filter(partner_organisation__slug=slug)
    )
    if not found:
        raise Http404("No such partner.")
    partner = found[0].partner
    if partner is None:  # the database requires one; this tells the type checker
        raise Http404("No such partner.")
    projects = list(
        projects_public(municipality=municipality).filter(partnership__in=found)
    )
    activities = list(
        activities_public(municipality=municipality)
        .filter(partnership__in=found)
        .order_by("started")
    )
    results = list(
        results_public(municipality=municipality)
        .filter(partnership__in=found)
        .order_by("achieved_on")
    )
    sources = {}
    for partnership in found:
        for source in partnership.sources.all():
            sources[source.pk] = source
        for event in partnership.events.all():
            if event.source:
                sources[event.source.pk] = event.source
    page = PartnerPage(
        partner=partner,
        partnerships=found,
        projects=projects,
        activities=activities,
        results=results,
        sources=sorted(sources.values(), key=lambda source: source.title),
        counterparts=counterparts(found),
    )
    page.last_updated = page_updated(
        [
            partner,
            *(record for p in found for record in related_records(p)),
            *projects,
            *activities,
            *results,
        ],
        municipality=municipality,
    )
    return page


def project_page(
    *, municipality: Municipality, slug: str
) -> tuple[Project, list[Activity], list[Result], dt.datetime | None]:
    """Return a public project with its public activities and results."""
    project = projects_public(municipality=municipality).filter(slug=slug).first()
    if project is None:
        raise Http404("No such project.")
    activities = list(
        activities_public(municipality=municipality).filter(project=project)
    )
    results = list(results_public(municipality=municipality).filter(project=project))
    updated = page_updated(
        [
            project,
            *project.phases.all(),
            *project.participations.all(),
            *project.posts.all(),
            *project.indicators.all(),
            *activities,
            *results,
        ],
        municipality=municipality,
    )
    return project, activities, results, updated


def timeline(
    *, municipality: Municipality
) -> tuple[list[tuple[int, list[PartnershipEvent]]], dt.datetime | None]:
    """Return every public partnership's events, oldest first, grouped by decade."""
    # A confirmation says only that a source found the partnership going on (often
    # the date the source page was revised): not something that happened.
    events = list(
        partnership_events_public(municipality=municipality).exclude(
            kind=EventKind.CONFIRMED
        )
    )
    # By the first day each date can mean: "the early 1960s" before 1964 (as text
    # it sorts after 1969). The sort is stable, so the database's order holds within.
    events.sort(key=lambda event: PartialDate.parse(event.date).earliest)
    decades = [
        (decade, list(members))
        for decade, members in groupby(
            events, key=lambda event: int(event.date[:3]) * 10
        )
    ]
    return decades, page_updated(
        [*events, *(event.partnership for event in events)], municipality=municipality
    )

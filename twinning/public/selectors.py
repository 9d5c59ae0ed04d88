"""What the public pages show, composed from the domain selectors.

Only public records reach these pages: each comes from its domain's selector, which
applies the model's own rule (`.public()`: the record and all it hangs under are
public), and never an internal note or a contact person. Each function runs a fixed
number of queries, however large the portfolio.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from twinning.activities.models import Activity
from twinning.activities.selectors import activities_public
from twinning.eu.models import EUOffice
from twinning.eu.selectors import eu_offices_public
from twinning.partnerships.choices import PartnershipKind, PartnershipStatus
from twinning.partnerships.models import (
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


def related_records(partnership: Partnership) -> list[Model]:
    """Return a partnership and the prefetched records shown with it."""
    return [partnership, *partnership.events.all(), *partnership.agreements.all()]


@dataclass
class PartnershipGroupView:
    title: str
    description: str
    partnerships: list[Partnership]


@dataclass
class Overview:
    municipality: Municipality
    sister_city_groups: list[PartnershipGroupView]
    collaborations: list[Partnership]
    ended: list[Partnership]
    sector_partnerships: list[Partnership]
    programmes: list[Programme]
    projects: list[Project]
    results: list[Result]
    memberships: list[NetworkMembership]
    eu_offices: list[EUOffice]
    last_updated: dt.datetime | None = None


def overview(*, municipality: Municipality) -> Overview:
    """Return what the overview page shows, grouped as the register groups it."""
    partnerships = list(partnerships_public(municipality=municipality))
    current = [p for p in partnerships if p.status != PartnershipStatus.TERMINATED]
    sister_cities = sorted(
        (p for p in current if p.kind == PartnershipKind.SISTER_CITY),
        key=lambda p: (
            p.group is None,
            p.group.order if p.group else 0,
            p.started or "9999",
            p.partner_name,
        ),
    )
    groups: list[PartnershipGroupView] = []
    for group, members in groupby(sister_cities, key=lambda p: p.group):
        groups.append(
            PartnershipGroupView(
                title=group.name if group else str(_("Other sister cities")),
                description=group.description if group else "",
                partnerships=list(members),
            )
        )
    projects = list(projects_public(municipality=municipality))
    programmes = list(
        {
            project.programme.pk: project.programme
            for project in projects
            if project.programme
        }.values()
    )
    results = list(
        results_public(municipality=municipality)
        .filter(partnership=None, project=None)
        .prefetch_related("sources")
    )
    memberships = list(network_memberships_public(municipality=municipality))
    eu_offices = list(eu_offices_public(municipality=municipality))
    page = Overview(
        municipality=municipality,
        sister_city_groups=groups,
        collaborations=[
            p
            for p in current
            if p.kind in (PartnershipKind.COOPERATION, PartnershipKind.PROJECT)
        ],
        ended=[p for p in partnerships if p.status == PartnershipStatus.TERMINATED],
        sector_partnerships=[
            p for p in current if p.kind == PartnershipKind.SECTOR_COOPERATION
        ],
        programmes=programmes,
        projects=projects,
        results=results,
        memberships=memberships,
        eu_offices=eu_offices,
    )
    page.last_updated = newest_change(
        [
            municipality,
            *(record for p in partnerships for record in related_records(p)),
            *programmes,
            *projects,
            *results,
            *memberships,
            *eu_offices,
        ]
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
    page.last_updated = newest_change(
        [
            partner,
            *(record for p in found for record in related_records(p)),
            *projects,
            *activities,
            *results,
        ]
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
    updated = newest_change(
        [
            project,
            *project.phases.all(),
            *project.participations.all(),
            *project.posts.all(),
            *project.indicators.all(),
            *activities,
            *results,
        ]
    )
    return project, activities, results, updated


def timeline(
    *, municipality: Municipality
) -> tuple[list[tuple[int, list[PartnershipEvent]]], dt.datetime | None]:
    """Return every public partnership's events, oldest first, grouped by decade."""
    events = list(partnership_events_public(municipality=municipality))
    decades = [
        (decade, list(members))
        for decade, members in groupby(
            events, key=lambda event: int(event.date[:3]) * 10
        )
    ]
    return decades, newest_change([*events, *(event.partnership for event in events)])

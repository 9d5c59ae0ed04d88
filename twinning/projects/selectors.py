"""Reads of projects that the public pages, the API and the exports share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Length, Substr

from twinning.places.models import Municipality
from twinning.projects.choices import ActivityStatus
from twinning.projects.models import (
    Participation,
    PhaseDateClaim,
    Project,
    ProjectPhase,
    ProjectSector,
)
from twinning.results.models import Indicator


def projects_public(*, municipality: Municipality) -> QuerySet[Project]:
    """Return the municipality's public projects with phases, sectors and roles."""
    return (
        Project.objects.for_municipality(municipality)
        .public()
        .select_related(
            "programme__funder",
            "partnership__partner_place",
            "partnership__partner_organisation",
        )
        .prefetch_related(
            Prefetch(
                "phases",
                queryset=ProjectPhase.objects.prefetch_related(
                    "date_claims__source"
                ).select_related("source"),
            ),
            Prefetch(
                "sectors", queryset=ProjectSector.objects.select_related("sector")
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "organisation__place"
                ).order_by("role", "organisation__name"),
            ),
            "posts__organisation",
            Prefetch(
                "indicators", queryset=Indicator.objects.prefetch_related("periods")
            ),
            "sources",
        )
        .order_by("started", "slug")
    )


def _before(field: str, day: dt.date) -> Q:
    """Return the condition that a partial date lies wholly before a day."""
    return ~Q(**{field: ""}) & Q(
        **{f"{field}__lt": Substr(Value(day.isoformat()), 1, Length(field))}
    )


OPEN_PROJECT = Q(
    project__status__in=[
        ActivityStatus.PIPELINE,
        ActivityStatus.IMPLEMENTATION,
        ActivityStatus.SUSPENDED,
    ]
)


def _phases_of(municipalities: Iterable[Municipality]) -> QuerySet[ProjectPhase]:
    return (
        ProjectPhase.objects.for_municipalities(municipalities)
        .filter(OPEN_PROJECT)
        .select_related(
            "project__partnership__partner_place",
            "project__partnership__partner_organisation",
        )
        .prefetch_related(
            Prefetch(
                "date_claims",
                queryset=PhaseDateClaim.objects.select_related("source").order_by(
                    "started", "id"
                ),
            )
        )
        .order_by("project__title", "number")
    )


def stale_phase_claims(
    *, municipalities: Iterable[Municipality], today: dt.date
) -> QuerySet[ProjectPhase]:
    """Return phases that a source said would start on a date now past, unconfirmed.

    A phase whose own start is empty has not been confirmed to have begun; when a
    source claimed a start that the calendar has overtaken ("will commence in
    April 2022", read in 2026), the register states as future what is past. Only
    phases of projects not yet finished are listed.
    """
    overtaken = PhaseDateClaim.objects.filter(phase=OuterRef("pk")).filter(
        _before("started", today)
    )
    return _phases_of(municipalities).filter(started="").filter(Exists(overtaken))


def phases_dates_unsettled(
    *, municipalities: Iterable[Municipality]
) -> list[ProjectPhase]:
    """Return the phases whose sources disagree on the dates and none is settled."""
    claimed = PhaseDateClaim.objects.filter(phase=OuterRef("pk"))
    candidates = _phases_of(municipalities).filter(started="").filter(Exists(claimed))
    return [phase for phase in candidates if phase.dates_unsettled]


def projects_overrunning(
    *, municipalities: Iterable[Municipality], today: dt.date
) -> QuerySet[Project]:
    """Return the projects still in implementation after their end date."""
    return (
        Project.objects.for_municipalities(municipalities)
        .filter(status=ActivityStatus.IMPLEMENTATION)
        .filter(_before("ended", today))
        .select_related(
            "partnership__partner_place", "partnership__partner_organisation"
        )
        .order_by("ended", "slug")
    )

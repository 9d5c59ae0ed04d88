"""Reads of projects that the public pages, the API and the exports share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.core.dates import PartialDate, has_passed
from twinning.partnerships.models import Partnership
from twinning.partnerships.selectors import agreements_expired, twinnings_to_settle
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


def _with_parts(projects: QuerySet[Project]) -> QuerySet[Project]:
    return (
        projects.select_related(
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


def projects_public(*, municipality: Municipality) -> QuerySet[Project]:
    """Return the municipality's public projects with phases, sectors and roles."""
    return _with_parts(Project.objects.for_municipality(municipality).public())


def projects_running_in(
    *, municipalities: Iterable[Municipality], date_from: dt.date, date_to: dt.date
) -> QuerySet[Project]:
    """Return the municipalities' projects, internal ones too, that had begun by a
    period's end and not ended before its start, with their phases, funders,
    budgets and indicators. A project with no dates recorded is listed."""
    began = Q(started="") | Q(started__lte=date_to.isoformat())
    not_ended = Q(ended="") | ~_before("ended", date_from)
    return _with_parts(
        Project.objects.for_municipalities(municipalities).filter(began & not_ended)
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


# --- What the office must update ------------------------------------------------------
# Gathered here, below the faces, as the staff dashboard and the council report both
# list them.


def _change_url(record: Any) -> str:
    """Return the back office's change page of a record."""
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


@dataclass(frozen=True)
class StaleFact:
    """A dated claim the calendar has overtaken, or facts that disagree.

    `url` is where it is put right; `partnership` the file it belongs to, if any.
    """

    kind: str
    subject: str
    detail: str
    url: str
    partnership: Partnership | None = None
    date: str = ""


def _partial(text: str) -> str:
    return PartialDate.parse(text).format() if text else ""


def _claims_text(phase: ProjectPhase, today: dt.date) -> str:
    overtaken = [
        claim for claim in phase.date_claims.all() if has_passed(claim.started, today)
    ]
    return ", ".join(dict.fromkeys(_partial(claim.started) for claim in overtaken))


def _phase_fact(phase: ProjectPhase, kind: str, detail: str) -> StaleFact:
    """Return what is stale about a project's phase, linked to the phase's page."""
    project = phase.project
    return StaleFact(
        kind=kind,
        subject=f"{project.title}: {phase}",
        detail=detail,
        url=_change_url(phase),
        partnership=project.partnership,
    )


def stale_facts(
    *, municipalities: Iterable[Municipality], today: dt.date
) -> list[StaleFact]:
    """Return the facts the calendar has overtaken and the sources not settled."""
    found: list[StaleFact] = []
    for phase in stale_phase_claims(municipalities=municipalities, today=today):
        found.append(
            _phase_fact(
                phase,
                _("Phase start passed, not confirmed"),
                _(
                    "The starts the sources gave (%(claims)s) have passed, but the "
                    "phase is not recorded as begun."
                )
                % {"claims": _claims_text(phase, today)},
            )
        )
    for phase in phases_dates_unsettled(municipalities=municipalities):
        found.append(
            _phase_fact(
                phase,
                _("Sources disagree"),
                _(
                    "%(count)s sources give different dates; settle the phase's "
                    "own dates."
                )
                % {"count": len(phase.date_claims.all())},
            )
        )
    for agreement in agreements_expired(municipalities=municipalities, today=today):
        partnership = agreement.partnership
        found.append(
            StaleFact(
                kind=_("Agreement expired"),
                subject=f"{partnership.partner_name}: {agreement}",
                detail=_(
                    "Valid until %(until)s while the partnership goes on: record "
                    "its renewal or a new agreement."
                )
                % {"until": _partial(agreement.valid_until)},
                url=_change_url(partnership),
                partnership=partnership,
                date=agreement.valid_until,
            )
        )
    for project in projects_overrunning(municipalities=municipalities, today=today):
        found.append(
            StaleFact(
                kind=_("Project past its end"),
                subject=project.title,
                detail=_(
                    "Still in implementation though it ended %(ended)s: record its "
                    "status or its new end."
                )
                % {"ended": _partial(project.ended)},
                url=_change_url(project),
                partnership=project.partnership,
                date=project.ended,
            )
        )
    for partnership, other in twinnings_to_settle(municipalities=municipalities):
        found.append(
            StaleFact(
                kind=_("Sources disagree"),
                subject=partnership.partner_name,
                detail=_("%(other)s records this twinning otherwise (%(what)s).")
                % {
                    "other": other.municipality,
                    "what": ", ".join(other.differences),
                },
                url=_change_url(partnership),
                partnership=partnership,
            )
        )
    return found

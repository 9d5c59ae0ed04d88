"""Projects, activities and results: what the partnerships do and what they bring.

Reads are open to all and show public records only. Activities and results can be
recorded with a personal API token, through the back office's services.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import P, QueryEx, Router
from ninja.responses import Status

from twinning.activities import services as activity_services
from twinning.activities.choices import ActivityKind
from twinning.activities.models import Activity
from twinning.api.lookups import Lookups, unique_slug
from twinning.api.operations import (
    create_operation,
    created,
    list_operation,
    public_detail,
    writer_and_home,
)
from twinning.api.pagination import Shown
from twinning.api.problems import ProblemError, field_problem
from twinning.api.schemas import (
    SLUG_PATTERN,
    ActivityIn,
    ActivityOut,
    BudgetOut,
    MunicipalityQuery,
    ParticipationOut,
    PhaseOut,
    ProjectOut,
    ResultIn,
    ResultOut,
    SectorShareOut,
    partial_date,
    reference,
    text_in,
    translated,
)
from twinning.api.selectors import (
    activities_public,
    api_municipality,
    projects_listed,
    results_public,
)
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality, Place
from twinning.projects.choices import ActivityStatus, ParticipantRole
from twinning.projects.models import Project
from twinning.results import services as result_services
from twinning.results.choices import ResultKind
from twinning.results.models import Result

router = Router(tags=["projects, activities and results"])


# --- Output ---------------------------------------------------------------------------


def project_out(project: Project) -> ProjectOut:
    budget = None
    if project.budget_amount is not None:
        budget = BudgetOut(
            amount=project.budget_amount,
            currency=project.budget_currency,
            value_date=project.budget_value_date,
        )
    return ProjectOut(
        slug=project.slug,
        title=translated(project, "title"),
        programme=reference(project.programme) if project.programme else None,
        partnership=project.partnership.slug if project.partnership else None,
        status=ActivityStatus(project.status),
        started=partial_date(project.started),
        ended=partial_date(project.ended),
        summary=translated(project, "summary"),
        description=translated(project, "description"),
        budget=budget,
        iati_identifier=project.iati_identifier,
        sectors=[
            SectorShareOut(
                code=share.sector.code,
                name=translated(share.sector, "name"),
                percentage=float(share.percentage),
            )
            for share in project.sectors.all()
        ],
        participants=[
            ParticipationOut(
                organisation=reference(participation.organisation),
                role=ParticipantRole(participation.role),
            )
            for participation in project.participations.all()
        ],
        phases=[
            PhaseOut(
                number=phase.number,
                title=translated(phase, "title"),
                focus=translated(phase, "focus"),
                started=partial_date(phase.started),
                ended=partial_date(phase.ended),
            )
            for phase in project.phases.all()
        ],
    )


def activity_out(activity: Activity) -> ActivityOut:
    started = partial_date(activity.started)
    if started is None:  # the database requires a start
        raise ValueError(f"Activity {activity.slug} has no start.")
    return ActivityOut(
        slug=activity.slug,
        kind=ActivityKind(activity.kind),
        title=translated(activity, "title"),
        partnership=activity.partnership.slug if activity.partnership else None,
        project=activity.project.slug if activity.project else None,
        started=started,
        ended=partial_date(activity.ended),
        place=reference(activity.place) if activity.place else None,
        purpose=translated(activity, "purpose"),
        outcome=translated(activity, "outcome"),
        is_public=activity.is_public,
    )


def result_out(result: Result) -> ResultOut:
    return ResultOut(
        slug=result.slug,
        kind=ResultKind(result.kind),
        title=translated(result, "title"),
        description=translated(result, "description"),
        partnership=result.partnership.slug if result.partnership else None,
        project=result.project.slug if result.project else None,
        achieved_on=partial_date(result.achieved_on),
        value=result.value,
        currency=result.currency,
        evidence=translated(result, "evidence"),
        is_public=result.is_public,
    )


# --- Projects -------------------------------------------------------------------------


@list_operation(router, "/projects", ProjectOut)
def project_list(
    request: HttpRequest,
    sector: QueryEx[
        str | None,
        P(pattern=r"^[0-9]{5}$", description="An OECD DAC 5-digit sector code."),
    ] = None,
    status: QueryEx[
        ActivityStatus | None, P(description="An IATI ActivityStatus code.")
    ] = None,
    municipality: MunicipalityQuery = None,
) -> Any:
    """List the public projects, oldest first."""
    projects = projects_listed(
        municipality=api_municipality(request, municipality),
        sector=sector,
        status=status,
    )
    return Shown(projects, project_out)


project_detail = public_detail(
    router,
    "/projects/{slug}",
    ProjectOut,
    name="project_detail",
    doc="Return one public project with its sectors, organisations and phases.",
    records=projects_listed,
    show=project_out,
    kind="project",
    missing=gettext_lazy("No public project has this slug."),
)


# --- Activities -----------------------------------------------------------------------


@list_operation(router, "/activities", ActivityOut)
def activity_list(
    request: HttpRequest,
    date_from: QueryEx[
        dt.date | None,
        P(alias="from", description="Activities that started on or after this day."),
    ] = None,
    date_to: QueryEx[
        dt.date | None,
        P(alias="to", description="Activities that started on or before this day."),
    ] = None,
    kind: ActivityKind | None = None,
    partner: QueryEx[
        str | None,
        P(
            pattern=SLUG_PATTERN,
            max_length=100,
            description="The slug of a partner (place or organisation).",
        ),
    ] = None,
    municipality: MunicipalityQuery = None,
) -> Any:
    """List the public activities, newest first."""
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ProblemError(
            422,
            _("The range ends before it starts."),
            errors=[field_problem(["to"], _("“to” is before “from”."), "query")],
        )
    activities = activities_public(
        municipality=api_municipality(request, municipality),
        date_from=date_from,
        date_to=date_to,
        kind=kind,
        partner=partner,
    )
    return Shown(activities, activity_out)


activity_detail = public_detail(
    router,
    "/activities/{slug}",
    ActivityOut,
    name="activity_detail",
    doc="Return one public activity.",
    records=activities_public,
    show=activity_out,
    kind="activity",
    missing=gettext_lazy("No public activity has this slug."),
)


def _held_by(
    lookups: Lookups, home: Municipality, payload: ActivityIn | ResultIn
) -> tuple[Partnership | None, Project | None]:
    """Look up the partnership and project a new activity or result is under."""
    # Writes may name the municipality's internal partnerships and projects too.
    return (
        lookups.one(
            Partnership.objects.filter(municipality=home),
            payload.partnership,
            "partnership",
        ),
        lookups.one(
            Project.objects.filter(municipality=home), payload.project, "project"
        ),
    )


def _new_slug(
    records: QuerySet[Activity] | QuerySet[Result],
    payload: ActivityIn | ResultIn,
    kind: str,
) -> str:
    """Return the slug given, or one made from the title that no record has."""
    return payload.slug or unique_slug(
        records, payload.title.en, payload.title.da, kind
    )


@create_operation(router, "/activities", ActivityOut)
def activity_create(
    request: HttpRequest,
    response: HttpResponse,
    payload: ActivityIn,
    municipality: MunicipalityQuery = None,
) -> Any:
    """Record an activity in a partnership or project (editors, administrators)."""
    user, home = writer_and_home(request, municipality, "activities.add_activity")
    lookups = Lookups()
    partnership, project = _held_by(lookups, home, payload)
    place = lookups.one(Place.objects.all(), payload.place, "place")
    lookups.raise_if_any()
    activity = activity_services.activity_create(
        actor=user,
        municipality=home,
        slug=_new_slug(Activity.objects.for_municipality(home), payload, "activity"),
        kind=payload.kind,
        partnership=partnership,
        project=project,
        started=payload.started,
        ended=payload.ended or "",
        place=place,
        internal_note=payload.internal_note,
        is_public=payload.is_public,
        title_da=text_in(payload.title, "da"),
        title_en=text_in(payload.title, "en"),
        purpose_da=text_in(payload.purpose, "da"),
        purpose_en=text_in(payload.purpose, "en"),
        outcome_da=text_in(payload.outcome, "da"),
        outcome_en=text_in(payload.outcome, "en"),
    )
    created(response, activity, kind="activity", detail="activity_detail")
    return Status(201, activity_out(activity))


# --- Results --------------------------------------------------------------------------


@list_operation(router, "/results", ResultOut)
def result_list(
    request: HttpRequest,
    kind: ResultKind | None = None,
    municipality: MunicipalityQuery = None,
) -> Any:
    """List the public results: what the partnerships and projects brought."""
    results = results_public(
        municipality=api_municipality(request, municipality), kind=kind
    )
    return Shown(results, result_out)


result_detail = public_detail(
    router,
    "/results/{slug}",
    ResultOut,
    name="result_detail",
    doc="Return one public result.",
    records=results_public,
    show=result_out,
    kind="result",
    missing=gettext_lazy("No public result has this slug."),
)


@create_operation(router, "/results", ResultOut)
def result_create(
    request: HttpRequest,
    response: HttpResponse,
    payload: ResultIn,
    municipality: MunicipalityQuery = None,
) -> Any:
    """Record a result of a partnership or project (editors, administrators)."""
    user, home = writer_and_home(request, municipality, "results.add_result")
    lookups = Lookups()
    partnership, project = _held_by(lookups, home, payload)
    lookups.raise_if_any()
    result = result_services.result_create(
        actor=user,
        municipality=home,
        slug=_new_slug(Result.objects.for_municipality(home), payload, "result"),
        kind=payload.kind,
        partnership=partnership,
        project=project,
        achieved_on=payload.achieved_on or "",
        value=payload.value,
        currency=payload.currency,
        internal_note=payload.internal_note,
        is_public=payload.is_public,
        title_da=text_in(payload.title, "da"),
        title_en=text_in(payload.title, "en"),
        description_da=text_in(payload.description, "da"),
        description_en=text_in(payload.description, "en"),
        evidence_da=text_in(payload.evidence, "da"),
        evidence_en=text_in(payload.evidence, "en"),
    )
    created(response, result, kind="result", detail="result_detail")
    return Status(201, result_out(result))

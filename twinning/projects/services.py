"""Writes to projects: programmes, projects, sectors with their percentages, phases
and the sources' dates for them, organisations in their roles, posts and who held
them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from typing_extensions import Unpack

from twinning.contacts.models import ContactPerson
from twinning.core.models import Source
from twinning.core.services import (
    Actor,
    record_create,
    record_delete,
    record_update,
    register_writer,
    service,
)
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality, Organisation
from twinning.projects.models import (
    Participation,
    PhaseDateClaim,
    Post,
    PostHolding,
    Programme,
    Project,
    ProjectPhase,
    ProjectSector,
    Sector,
    validate_sector_percentages,
)


class SectorFields(TypedDict, total=False):
    code: str
    name: str
    name_da: str
    name_en: str
    category: str


class ProgrammeFields(TypedDict, total=False):
    slug: str
    name: str
    name_da: str
    name_en: str
    description: str
    description_da: str
    description_en: str
    funder: Organisation | None
    website: str
    sources: Iterable[Source]


class ProjectFields(TypedDict, total=False):
    municipality: Municipality
    slug: str
    title: str
    title_da: str
    title_en: str
    programme: Programme | None
    partnership: Partnership | None
    status: str
    started: str
    ended: str
    summary: str
    summary_da: str
    summary_en: str
    description: str
    description_da: str
    description_en: str
    internal_note: str
    budget_amount: Decimal | None
    budget_currency: str
    budget_value_date: dt.date | None
    iati_identifier: str
    is_public: bool
    sources: Iterable[Source]


class ProjectSectorFields(TypedDict, total=False):
    project: Project
    sector: Sector
    percentage: Decimal


class ProjectPhaseFields(TypedDict, total=False):
    project: Project
    number: int
    title: str
    title_da: str
    title_en: str
    focus: str
    focus_da: str
    focus_en: str
    started: str
    ended: str
    source: Source | None


class PhaseDateClaimFields(TypedDict, total=False):
    phase: ProjectPhase
    started: str
    ended: str
    source: Source
    note: str
    note_da: str
    note_en: str


class ParticipationFields(TypedDict, total=False):
    project: Project
    organisation: Organisation
    role: str
    note: str
    note_da: str
    note_en: str


class PostFields(TypedDict, total=False):
    slug: str
    project: Project
    organisation: Organisation
    title: str
    title_da: str
    title_en: str
    description: str
    description_da: str
    description_en: str
    source: Source | None


class PostHoldingFields(TypedDict, total=False):
    post: Post
    contact: ContactPerson
    started: str
    ended: str


# -- sectors and programmes -----------------------------------------------------------


@service
def sector_create(*, actor: Actor, **fields: Unpack[SectorFields]) -> Sector:
    """Add an OECD DAC sector code (reference data from IATI's codelist)."""
    return record_create(Sector, actor=actor, fields=fields, fields_type=SectorFields)


@service
def sector_update(
    *, sector: Sector, actor: Actor, **changes: Unpack[SectorFields]
) -> Sector:
    """Rename a sector. Sectors are reference data and carry no version."""
    for name, value in changes.items():
        setattr(sector, name, value)
    sector.full_clean()
    sector.save()
    return sector


@service
def sector_delete(*, sector: Sector, actor: Actor) -> None:
    """Remove a sector code that no project uses."""
    record_delete(sector, actor=actor)


@service
def programme_create(*, actor: Actor, **fields: Unpack[ProgrammeFields]) -> Programme:
    """Add a programme projects run under, such as Strategic Sector Cooperation."""
    return record_create(
        Programme, actor=actor, fields=fields, fields_type=ProgrammeFields
    )


@service
def programme_update(
    *,
    programme: Programme,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ProgrammeFields],
) -> Programme:
    """Change a programme, unless someone changed it since `expected_version`."""
    return record_update(
        programme,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ProgrammeFields,
    )


@service
def programme_delete(*, programme: Programme, actor: Actor) -> None:
    """Remove a programme that no project runs under."""
    record_delete(programme, actor=actor)


# -- projects -------------------------------------------------------------------------


@service
def project_create(*, actor: Actor, **fields: Unpack[ProjectFields]) -> Project:
    """Create a project."""
    return record_create(Project, actor=actor, fields=fields, fields_type=ProjectFields)


@service
def project_update(
    *,
    project: Project,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ProjectFields],
) -> Project:
    """Change a project, unless someone changed it since `expected_version`."""
    return record_update(
        project,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ProjectFields,
    )


@service
def project_delete(*, project: Project, actor: Actor) -> None:
    """Remove a project recorded in error, with its phases, sectors and roles."""
    record_delete(project, actor=actor)


@service
def project_set_sectors(
    *, project: Project, actor: Actor, sectors: Mapping[str, Decimal | int | str]
) -> list[ProjectSector]:
    """Replace a project's sectors: DAC codes with percentages that add up to 100."""
    percentages = {code: Decimal(str(value)) for code, value in sectors.items()}
    known = set(
        Sector.objects.filter(code__in=percentages).values_list("code", flat=True)
    )
    unknown = sorted(set(percentages) - known)
    if unknown:
        raise ValidationError(
            {
                "sector": ValidationError(
                    _("%(codes)s is not a known OECD DAC sector code.")
                    % {"codes": ", ".join(unknown)},
                    code="unknown_sector",
                )
            }
        )
    validate_sector_percentages(list(percentages.values()))
    current = {
        share.sector_id: share
        for share in ProjectSector.objects.filter(project=project)
    }
    for code, gone in current.items():
        if code not in percentages:
            record_delete(gone, actor=actor)
    shares: list[ProjectSector] = []
    for code, value in percentages.items():
        share = current.get(code)
        if share is None:
            share = record_create(
                ProjectSector,
                actor=actor,
                fields={"project": project, "sector_id": code, "percentage": value},
            )
        elif share.percentage != value:
            share = record_update(
                share,
                actor=actor,
                expected_version=share.version,
                changes={"percentage": value},
            )
        shares.append(share)
    return shares


# -- phases, roles, posts -------------------------------------------------------------


@service
def project_phase_create(
    *, actor: Actor, **fields: Unpack[ProjectPhaseFields]
) -> ProjectPhase:
    """Add a phase to a project."""
    return record_create(
        ProjectPhase, actor=actor, fields=fields, fields_type=ProjectPhaseFields
    )


@service
def project_phase_update(
    *,
    phase: ProjectPhase,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ProjectPhaseFields],
) -> ProjectPhase:
    """Change a phase: its focus, title or dates."""
    return record_update(
        phase,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ProjectPhaseFields,
    )


@service
def project_phase_delete(*, phase: ProjectPhase, actor: Actor) -> None:
    """Remove a phase recorded in error."""
    record_delete(phase, actor=actor)


@service
def project_phase_settle_dates(
    *, phase: ProjectPhase, actor: Actor, started: str, ended: str = ""
) -> ProjectPhase:
    """Settle a phase's dates where sources disagree: staff choose what holds."""
    return record_update(
        phase,
        actor=actor,
        expected_version=phase.version,
        changes={"started": started, "ended": ended},
        fields_type=ProjectPhaseFields,
    )


@service
def phase_date_claim_create(
    *, actor: Actor, **fields: Unpack[PhaseDateClaimFields]
) -> PhaseDateClaim:
    """Record what one source says a phase's dates are."""
    return record_create(
        PhaseDateClaim, actor=actor, fields=fields, fields_type=PhaseDateClaimFields
    )


@service
def phase_date_claim_update(
    *,
    claim: PhaseDateClaim,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PhaseDateClaimFields],
) -> PhaseDateClaim:
    """Correct what a source was recorded to say."""
    return record_update(
        claim,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PhaseDateClaimFields,
    )


@service
def phase_date_claim_delete(*, claim: PhaseDateClaim, actor: Actor) -> None:
    """Remove a source's dates recorded in error."""
    record_delete(claim, actor=actor)


@service
def participation_create(
    *, actor: Actor, **fields: Unpack[ParticipationFields]
) -> Participation:
    """Give an organisation a role in a project (funding, implementing, ...)."""
    return record_create(
        Participation, actor=actor, fields=fields, fields_type=ParticipationFields
    )


@service
def participation_update(
    *,
    participation: Participation,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ParticipationFields],
) -> Participation:
    """Change an organisation's role in a project."""
    return record_update(
        participation,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ParticipationFields,
    )


@service
def participation_delete(*, participation: Participation, actor: Actor) -> None:
    """Take an organisation's role in a project away."""
    record_delete(participation, actor=actor)


@service
def post_create(*, actor: Actor, **fields: Unpack[PostFields]) -> Post:
    """Add a post to a project, such as the sector counsellor at an embassy."""
    return record_create(Post, actor=actor, fields=fields, fields_type=PostFields)


@service
def post_update(
    *, post: Post, actor: Actor, expected_version: int, **changes: Unpack[PostFields]
) -> Post:
    """Change a post's title, organisation or description."""
    return record_update(
        post,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PostFields,
    )


@service
def post_delete(*, post: Post, actor: Actor) -> None:
    """Remove a post, with who held it."""
    record_delete(post, actor=actor)


@service
def post_holding_create(
    *, actor: Actor, **fields: Unpack[PostHoldingFields]
) -> PostHolding:
    """Record who holds a post, from a date."""
    return record_create(
        PostHolding, actor=actor, fields=fields, fields_type=PostHoldingFields
    )


@service
def post_holding_update(
    *,
    post_holding: PostHolding,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PostHoldingFields],
) -> PostHolding:
    """Change when someone held a post."""
    return record_update(
        post_holding,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PostHoldingFields,
    )


@service
def post_holding_delete(*, post_holding: PostHolding, actor: Actor) -> None:
    """Remove a holder of a post recorded in error."""
    record_delete(post_holding, actor=actor)


register_writer(
    Sector,
    create=sector_create,
    update=sector_update,
    delete=sector_delete,
    fields_type=SectorFields,
)
register_writer(
    Programme,
    create=programme_create,
    update=programme_update,
    delete=programme_delete,
    fields_type=ProgrammeFields,
)
register_writer(
    Project,
    create=project_create,
    update=project_update,
    delete=project_delete,
    fields_type=ProjectFields,
)
register_writer(
    ProjectPhase,
    create=project_phase_create,
    update=project_phase_update,
    delete=project_phase_delete,
    fields_type=ProjectPhaseFields,
    instance="phase",
)
register_writer(
    PhaseDateClaim,
    create=phase_date_claim_create,
    update=phase_date_claim_update,
    delete=phase_date_claim_delete,
    fields_type=PhaseDateClaimFields,
    instance="claim",
)
register_writer(
    Participation,
    create=participation_create,
    update=participation_update,
    delete=participation_delete,
    fields_type=ParticipationFields,
)
register_writer(
    Post,
    create=post_create,
    update=post_update,
    delete=post_delete,
    fields_type=PostFields,
)
register_writer(
    PostHolding,
    create=post_holding_create,
    update=post_holding_update,
    delete=post_holding_delete,
    fields_type=PostHoldingFields,
    instance="post_holding",
)

"""Writes to projects: create, update, sectors with their percentages, phases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from twinning.core.services import record_create, record_update
from twinning.projects.models import (
    Project,
    ProjectPhase,
    ProjectSector,
    Sector,
    validate_sector_percentages,
)


@transaction.atomic
def project_create(*, actor: Any, **fields: Any) -> Project:
    """Create a project."""
    sources = fields.pop("sources", None)
    project = record_create(instance=Project(**fields), actor=actor)
    if sources is not None:
        project.sources.set(sources)
    return project


def project_update(
    *, project: Project, actor: Any, expected_version: int, **changes: Any
) -> Project:
    """Change a project, unless someone changed it since `expected_version`."""
    return record_update(
        instance=project,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )


@transaction.atomic
def project_set_sectors(
    *, project: Project, actor: Any, sectors: dict[str, Decimal | int | str]
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
                "sector": _("%(codes)s is not a known OECD DAC sector code.")
                % {"codes": ", ".join(unknown)}
            },
            code="unknown_sector",
        )
    validate_sector_percentages(list(percentages.values()))
    for share in project.sectors.all():
        share._history_user = actor  # type: ignore[attr-defined]
        share.delete()
    return [
        record_create(
            instance=ProjectSector(project=project, sector_id=code, percentage=value),
            actor=actor,
        )
        for code, value in percentages.items()
    ]


def project_phase_create(*, actor: Any, **fields: Any) -> ProjectPhase:
    """Add a phase to a project."""
    return record_create(instance=ProjectPhase(**fields), actor=actor)


@transaction.atomic
def project_phase_settle_dates(
    *, phase: ProjectPhase, actor: Any, started: str, ended: str = ""
) -> ProjectPhase:
    """Settle a phase's dates where sources disagree: staff choose what holds."""
    return record_update(
        instance=phase,
        actor=actor,
        expected_version=phase.version,
        changes={"started": started, "ended": ended},
    )

"""Writes to results and project indicators."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from twinning.core.services import record_create, record_update
from twinning.results.models import Indicator, IndicatorPeriod, Result


@transaction.atomic
def result_create(*, actor: Any, **fields: Any) -> Result:
    """Record what a partnership or project brought."""
    sources = fields.pop("sources", None)
    result = record_create(instance=Result(**fields), actor=actor)
    if sources is not None:
        result.sources.set(sources)
    return result


def result_update(
    *, result: Result, actor: Any, expected_version: int, **changes: Any
) -> Result:
    """Change a result, unless someone changed it since `expected_version`."""
    return record_update(
        instance=result, actor=actor, expected_version=expected_version, changes=changes
    )


@transaction.atomic
def indicator_create(
    *, actor: Any, periods: list[dict[str, Any]] | None = None, **fields: Any
) -> Indicator:
    """Add an indicator to a project, with its periods' targets and actual values."""
    indicator = record_create(instance=Indicator(**fields), actor=actor)
    for period in periods or []:
        record_create(
            instance=IndicatorPeriod(indicator=indicator, **period), actor=actor
        )
    return indicator

"""Writes to results and project indicators with their periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TypedDict

from typing_extensions import Unpack

from twinning.activities.models import Activity
from twinning.core.models import Source
from twinning.core.services import (
    Actor,
    record_create,
    record_create_with_parts,
    record_delete,
    record_update,
    register_writer,
    service,
)
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality, Organisation
from twinning.projects.models import Project
from twinning.results.models import Indicator, IndicatorPeriod, Result


class ResultFields(TypedDict, total=False):
    municipality: Municipality
    slug: str
    kind: str
    title: str
    title_da: str
    title_en: str
    description: str
    description_da: str
    description_en: str
    partnership: Partnership | None
    project: Project | None
    activity: Activity | None
    organisations: Iterable[Organisation]
    achieved_on: str
    value: Decimal | None
    currency: str
    evidence: str
    evidence_da: str
    evidence_en: str
    internal_note: str
    is_public: bool
    sources: Iterable[Source]


class IndicatorFields(TypedDict, total=False):
    project: Project
    title: str
    title_da: str
    title_en: str
    description: str
    description_da: str
    description_en: str
    measure: str
    ascending: bool
    baseline_year: int | None
    baseline_value: Decimal | None
    source: Source | None


class IndicatorPeriodFields(TypedDict, total=False):
    indicator: Indicator
    period_start: dt.date
    period_end: dt.date
    target_value: Decimal | None
    actual_value: Decimal | None
    comment: str


@service
def result_create(*, actor: Actor, **fields: Unpack[ResultFields]) -> Result:
    """Record what a partnership or project brought."""
    return record_create(Result, actor=actor, fields=fields, fields_type=ResultFields)


@service
def result_update(
    *,
    result: Result,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ResultFields],
) -> Result:
    """Change a result, unless someone changed it since `expected_version`."""
    return record_update(
        result,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ResultFields,
    )


@service
def result_delete(*, result: Result, actor: Actor) -> None:
    """Remove a result recorded in error."""
    record_delete(result, actor=actor)


@service
def indicator_create(
    *,
    actor: Actor,
    periods: Sequence[IndicatorPeriodFields] = (),
    **fields: Unpack[IndicatorFields],
) -> Indicator:
    """Add an indicator to a project, with its periods' targets and actual values."""
    return record_create_with_parts(
        Indicator, actor=actor, fields=fields, parts={IndicatorPeriod: periods}
    )


@service
def indicator_update(
    *,
    indicator: Indicator,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[IndicatorFields],
) -> Indicator:
    """Change an indicator's title, measure or baseline."""
    return record_update(
        indicator,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=IndicatorFields,
    )


@service
def indicator_delete(*, indicator: Indicator, actor: Actor) -> None:
    """Remove an indicator with its periods."""
    record_delete(indicator, actor=actor)


@service
def indicator_period_create(
    *, actor: Actor, **fields: Unpack[IndicatorPeriodFields]
) -> IndicatorPeriod:
    """Add a period to an indicator, with its target and actual value."""
    return record_create(
        IndicatorPeriod, actor=actor, fields=fields, fields_type=IndicatorPeriodFields
    )


@service
def indicator_period_update(
    *,
    indicator_period: IndicatorPeriod,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[IndicatorPeriodFields],
) -> IndicatorPeriod:
    """Record a period's actual value, or correct its target."""
    return record_update(
        indicator_period,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=IndicatorPeriodFields,
    )


@service
def indicator_period_delete(*, indicator_period: IndicatorPeriod, actor: Actor) -> None:
    """Remove a period recorded in error."""
    record_delete(indicator_period, actor=actor)


register_writer(
    Result,
    create=result_create,
    update=result_update,
    delete=result_delete,
    fields_type=ResultFields,
)
register_writer(
    Indicator,
    create=indicator_create,
    update=indicator_update,
    delete=indicator_delete,
    fields_type=IndicatorFields,
)
register_writer(
    IndicatorPeriod,
    create=indicator_period_create,
    update=indicator_period_update,
    delete=indicator_period_delete,
    fields_type=IndicatorPeriodFields,
    instance="indicator_period",
)

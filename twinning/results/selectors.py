"""Reads of results and indicators that the public pages, API and exports share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from twinning.core.querysets import partial_date_in
from twinning.places.models import Municipality
from twinning.results.models import IndicatorPeriod, Result


def results_public(
    *, municipality: Municipality, kind: str | None = None
) -> QuerySet[Result]:
    """Return the public results, with the partnership and project they belong to."""
    results = Result.objects.for_municipality(municipality).public()
    if kind is not None:
        results = results.filter(kind=kind)
    return results.select_related(
        "municipality",
        "partnership__partner_place",
        "partnership__partner_organisation",
        "project",
    )


def results_between(
    *, municipalities: Iterable[Municipality], date_from: dt.date, date_to: dt.date
) -> QuerySet[Result]:
    """Return the municipalities' results, internal ones too, achieved in a period
    (at the date's own precision), with what they belong to."""
    return (
        Result.objects.for_municipalities(municipalities)
        .filter(partial_date_in("achieved_on", date_from, date_to))
        .select_related(
            "partnership__partner_place",
            "partnership__partner_organisation",
            "project__partnership",
        )
        .prefetch_related("sources")
        .order_by("kind", "achieved_on", "slug")
    )


def indicator_periods_between(
    *, municipalities: Iterable[Municipality], date_from: dt.date, date_to: dt.date
) -> QuerySet[IndicatorPeriod]:
    """Return the indicators' periods that overlap a period, with the indicator and
    its project, by project and indicator."""
    return (
        IndicatorPeriod.objects.filter(
            indicator__project__municipality__in=list(municipalities)
        )
        .filter(Q(period_start__lte=date_to) & Q(period_end__gte=date_from))
        .select_related("indicator__project")
        .order_by("indicator__project__title", "indicator_id", "period_start")
    )

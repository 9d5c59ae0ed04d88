"""Reads of EU work that the public pages, the API and the exports share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet

from twinning.eu.choices import OpportunityStatus, PartnerSearchStatus
from twinning.eu.models import EUOffice, FundingOpportunity, PartnerSearch
from twinning.places.models import Municipality


def eu_offices_public(*, municipality: Municipality) -> QuerySet[EUOffice]:
    """Return the EU offices that represent the municipality, with their services."""
    return (
        EUOffice.objects.for_municipality(municipality)
        .public()
        .select_related("organisation")
        .prefetch_related("services")
    )


def funding_opportunities_public(
    *, municipality: Municipality, status: str | None = None
) -> QuerySet[FundingOpportunity]:
    """Return the public funding opportunities, by deadline (none last)."""
    opportunities = FundingOpportunity.objects.for_municipality(municipality).public()
    if status is not None:
        opportunities = opportunities.filter(status=status)
    return opportunities.prefetch_related("themes").order_by(
        F("deadline").asc(nulls_last=True), "slug"
    )


def funding_deadlines_of_staff(
    *, user: Any, start: dt.datetime, end: dt.datetime
) -> QuerySet[FundingOpportunity]:
    """Return the funding calls of the user's municipalities, public or internal,
    whose deadline falls from `start` until `end`, the earliest first."""
    return (
        FundingOpportunity.objects.for_user(user)
        .exclude(status=OpportunityStatus.CLOSED)
        .filter(deadline__gte=start, deadline__lt=end)
        .order_by("deadline", "slug")
    )


def partner_search_deadlines_of_staff(
    *, user: Any, start: dt.date, end: dt.date
) -> QuerySet[PartnerSearch]:
    """Return the open partner searches of the user's municipalities that must be
    answered from `start` until `end` (both days included), the earliest first."""
    return (
        PartnerSearch.objects.for_user(user)
        .filter(status=PartnerSearchStatus.OPEN, deadline__gte=start, deadline__lte=end)
        .order_by("deadline", "slug")
    )

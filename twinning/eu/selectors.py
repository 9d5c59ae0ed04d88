"""Reads of EU work that the public pages, the API and the exports share."""

from __future__ import annotations

from django.db.models import F, QuerySet

from twinning.eu.models import EUOffice, FundingOpportunity
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

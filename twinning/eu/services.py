"""Writes to EU work: the EU office, funding opportunities, partner searches."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from twinning.core.services import record_create, record_update
from twinning.eu.models import (
    EUOffice,
    EUOfficeService,
    FundingOpportunity,
    PartnerSearch,
)


@transaction.atomic
def eu_office_create(
    *, actor: Any, services: list[dict[str, Any]] | None = None, **fields: Any
) -> EUOffice:
    """Record an EU office with the services it offers."""
    municipalities = fields.pop("municipalities", None)
    sources = fields.pop("sources", None)
    office = record_create(instance=EUOffice(**fields), actor=actor)
    for order, service in enumerate(services or [], start=1):
        record_create(
            instance=EUOfficeService(office=office, order=order, **service), actor=actor
        )
    if municipalities is not None:
        office.municipalities.set(municipalities)
    if sources is not None:
        office.sources.set(sources)
    return office


def funding_opportunity_create(*, actor: Any, **fields: Any) -> FundingOpportunity:
    """Record a funding call for the municipality to consider."""
    return record_create(instance=FundingOpportunity(**fields), actor=actor)


def funding_opportunity_update(
    *,
    opportunity: FundingOpportunity,
    actor: Any,
    expected_version: int,
    **changes: Any,
) -> FundingOpportunity:
    """Change a funding opportunity, unless someone changed it since it was read."""
    return record_update(
        instance=opportunity,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )


def partner_search_create(*, actor: Any, **fields: Any) -> PartnerSearch:
    """Record a partner search, offered or sought."""
    return record_create(instance=PartnerSearch(**fields), actor=actor)

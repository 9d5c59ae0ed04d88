"""Reads of partnerships that the public pages, the API and the exports share."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
)
from twinning.places.models import Municipality


def partnerships_public(*, municipality: Municipality) -> QuerySet[Partnership]:
    """Return the municipality's public partnerships with what a list of them shows.

    Partner, group, themes, events and public agreements come in a fixed number of
    queries, however many partnerships there are.
    """
    return (
        Partnership.objects.for_municipality(municipality)
        .public()
        .select_related("partner_place", "partner_organisation", "group")
        .prefetch_related(
            "themes",
            "partner_place__names",
            Prefetch(
                "events",
                queryset=PartnershipEvent.objects.select_related("source").order_by(
                    "date", "id"
                ),
            ),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.filter(is_public=True).select_related(
                    "source"
                ),
            ),
        )
    )


def network_memberships_public(
    *, municipality: Municipality
) -> QuerySet[NetworkMembership]:
    """Return the municipality's public network memberships, with the networks."""
    return (
        NetworkMembership.objects.filter(municipality=municipality)
        .public()
        .select_related("network")
        .prefetch_related("sources")
    )

"""Reads of partnerships that the public pages, the API and the exports share.

What the public may see is the models' rule (`.public()`, see `core/querysets.py`);
these functions add what a list of them shows and the filters every face offers.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    PartnershipQuerySet,
)
from twinning.places.models import Municipality


def partnerships_public(*, municipality: Municipality) -> PartnershipQuerySet:
    """Return the municipality's public partnerships with what a list of them shows.

    Partner, group, themes, events and public agreements come in a fixed number of
    queries, however many partnerships there are.
    """
    return (
        Partnership.objects.for_municipality(municipality)
        .public()
        .select_related("partner_place", "partner_organisation__place", "group")
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
                queryset=Agreement.objects.public().select_related("source"),
            ),
        )
    )  # type: ignore[return-value]


def partnerships_filtered(
    partnerships: PartnershipQuerySet,
    *,
    kind: str | None = None,
    status: str | None = None,
    country: str | None = None,
    theme: str | None = None,
    active_on: dt.date | None = None,
) -> PartnershipQuerySet:
    """Return the partnerships that match every filter given (None: no filter).

    `country` is the partner's (ISO 3166-1 alpha-2), an organisation's own or else
    its place's; `active_on` keeps those started by that day and not ended by it.
    """
    if kind is not None:
        partnerships = partnerships.filter(kind=kind)
    if status is not None:
        partnerships = partnerships.filter(status=status)
    if country is not None:
        partnerships = partnerships.filter(
            Q(partner_place__country=country)
            | Q(partner_organisation__country=country)
            | Q(
                partner_organisation__country="",
                partner_organisation__place__country=country,
            )
        )
    if theme is not None:
        partnerships = partnerships.filter(themes__slug=theme)
    if active_on is not None:
        partnerships = partnerships.active_on(active_on.isoformat())
    return partnerships


def partnership_events_public(
    *, municipality: Municipality, partnership: Partnership | None = None
) -> QuerySet[PartnershipEvent]:
    """Return the events of public partnerships, oldest first, with their sources."""
    events = PartnershipEvent.objects.for_municipality(municipality).public()
    if partnership is not None:
        events = events.filter(partnership=partnership)
    return events.select_related(
        "source",
        "partnership__partner_place",
        "partnership__partner_organisation",
    ).order_by("date", "id")


def agreements_public(
    *,
    municipality: Municipality,
    partnership: str | None = None,
    kind: str | None = None,
) -> QuerySet[Agreement]:
    """Return the public agreements of public partnerships, oldest first."""
    agreements = (
        Agreement.objects.for_municipality(municipality)
        .public()
        .select_related("partnership")
    )
    if partnership is not None:
        agreements = agreements.filter(partnership__slug=partnership)
    if kind is not None:
        agreements = agreements.filter(kind=kind)
    return agreements.order_by("signed_on", "id")


def network_memberships_public(
    *, municipality: Municipality
) -> QuerySet[NetworkMembership]:
    """Return the municipality's public network memberships, with the networks."""
    return (
        NetworkMembership.objects.for_municipality(municipality)
        .public()
        .select_related("network")
        .prefetch_related("sources")
    )

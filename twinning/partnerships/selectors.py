"""Reads of partnerships that the public pages, the API and the exports share.

What the public may see is the models' rule (`.public()`, see `core/querysets.py`);
these functions add what a list of them shows and the filters every face offers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

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


Difference = Literal["started", "ended", "status"]


@dataclass(frozen=True)
class Counterpart:
    """The other side's record of a twinning, when both sides are on the platform.

    A partnership of municipality A with place B is confirmed when B is another
    home municipality's place and B has recorded, publicly, a partnership with A's
    place. `differences` names what the two records disagree on ("started",
    "ended", "status"); an empty tuple is agreement. Nothing is merged: each side
    keeps its own record, and staff settle a disagreement.
    """

    partnership: Partnership
    differences: tuple[Difference, ...]

    @property
    def municipality(self) -> Municipality:
        return self.partnership.municipality

    @property
    def agrees(self) -> bool:
        return not self.differences


def _same_date(ours: str, theirs: str) -> bool:
    # "1946" and "1946-05" say the same at the coarser precision.
    return ours.startswith(theirs) or theirs.startswith(ours)


def _differences(ours: Partnership, theirs: Partnership) -> tuple[Difference, ...]:
    found: list[Difference] = []
    if not _same_date(ours.started, theirs.started):
        found.append("started")
    if not _same_date(ours.ended, theirs.ended):
        found.append("ended")
    if ours.status != theirs.status:
        found.append("status")
    return tuple(found)


def counterparts(partnerships: Iterable[Partnership]) -> dict[int, Counterpart]:
    """Return the other side's public record of each partnership that has one.

    Keys are the partnerships' pks. Two queries, however many partnerships: the
    other sides' partnerships, with their municipalities, found by the places.
    """
    ours = [p for p in partnerships if p.partner_place_id]
    if not ours:
        return {}
    home_places: dict[int, int | None] = dict.fromkeys(p.municipality_id for p in ours)
    for municipality in Municipality.objects.filter(pk__in=home_places):
        home_places[municipality.pk] = municipality.place_id
    theirs = (
        Partnership.objects.public()
        .filter(
            municipality__place_id__in={p.partner_place_id for p in ours},
            partner_place_id__in=set(home_places.values()),
        )
        .select_related("municipality")
    )
    by_sides = {
        (p.municipality.place_id, p.partner_place_id): p
        for p in theirs.order_by("municipality", "pk")
    }
    found = {}
    for partnership in ours:
        other = by_sides.get(
            (partnership.partner_place_id, home_places[partnership.municipality_id])
        )
        if other is not None and other.municipality_id != partnership.municipality_id:
            found[partnership.pk] = Counterpart(other, _differences(partnership, other))
    return found


def twinnings_to_settle(
    *, municipalities: Iterable[Municipality]
) -> list[tuple[Partnership, Counterpart]]:
    """Return the municipalities' partnerships whose other side records otherwise.

    Each comes with the other side's record and what they disagree on, for staff
    of both municipalities to settle.
    """
    partnerships = list(
        Partnership.objects.for_municipalities(municipalities)
        .exclude(partner_place=None)
        .select_related("municipality", "partner_place")
    )
    others = counterparts(partnerships)
    return [
        (partnership, others[partnership.pk])
        for partnership in partnerships
        if partnership.pk in others and not others[partnership.pk].agrees
    ]

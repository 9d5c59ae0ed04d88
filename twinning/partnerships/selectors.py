"""Reads of partnerships that the public pages, the API and the exports share.

What the public may see is the models' rule (`.public()`, see `core/querysets.py`);
these functions add what a list of them shows and the filters every face offers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.db.models import (
    Case,
    CharField,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length, Substr

from twinning.core.querysets import partial_date_in
from twinning.partnerships.choices import (
    EVENT_TRANSITIONS,
    EventKind,
    PartnershipStatus,
)
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    PartnershipQuerySet,
)
from twinning.places.models import Municipality
from twinning.projects.choices import ActivityStatus


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
        partnerships = partnerships_active_on(partnerships, day=active_on)
    return partnerships


# The events that change the status, and the status each leads to.
_STATUS_AFTER = {
    kind: target for kind, (_from, target) in EVENT_TRANSITIONS.items() if target
}
# What a partnership is active in: it had begun and has not ended.
ACTIVE_STATUSES = frozenset(
    {PartnershipStatus.ACTIVE, PartnershipStatus.LIMITED, PartnershipStatus.SUSPENDED}
)
# Every event but an intent and an ending shows the partnership going on that day.
EVIDENCE_KINDS = frozenset(EventKind) - {EventKind.INTENT, EventKind.TERMINATED}


def _events_by(day: dt.date) -> QuerySet[PartnershipEvent]:
    # A partial date is "by" a day when it is not after it at its own precision:
    # "2025" and "2025-12" are by 31 December 2025. As text, a prefix sorts first,
    # so the comparison is the text's.
    return PartnershipEvent.objects.filter(
        partnership=OuterRef("pk"), date__lte=day.isoformat()
    )


def partnerships_on(
    partnerships: QuerySet[Partnership], *, day: dt.date
) -> PartnershipQuerySet:
    """Return the partnerships each with its status on a day (`status_on`) and the
    date of the register's latest evidence by then that it was going on.

    See `partnerships_active_on`, which keeps those active that day.
    """
    last_change = (
        _events_by(day)
        .filter(kind__in=list(_STATUS_AFTER))
        .order_by("-date", "-id")
        .values("kind")[:1]
    )
    latest_evidence = (
        _events_by(day)
        .filter(kind__in=sorted(EVIDENCE_KINDS))
        .order_by("-date", "-id")
        .values("date")[:1]
    )
    return partnerships.annotate(
        last_change=Subquery(last_change),
        last_evidence=Subquery(latest_evidence),
    ).annotate(
        status_on=Case(
            *(
                When(last_change=kind, then=Value(str(status)))
                for kind, status in _STATUS_AFTER.items()
            ),
            default=Value(PartnershipStatus.NONE.value),
            output_field=CharField(),
        )
    )  # type: ignore[return-value]


def partnerships_active_on(
    partnerships: QuerySet[Partnership], *, day: dt.date
) -> PartnershipQuerySet:
    """Return the partnerships active on a day, each with its status then
    (`status_on`) and the date of the register's latest evidence that it was going
    on (`last_evidence`).

    Active on D: by D the register has it established or confirmed as going on
    (renewed, resumed, limited and suspended follow one of those), and no ending
    since. The status on D is the one the last status-changing event by D led to
    (`status_on`); `last_evidence` is the ISO partial date of the latest event by D
    other than an intent or an ending, so that a report can say "last confirmed
    12 October 2023" rather than guess. The one rule of "active" for the API, the
    reports, the public pages and the dashboard; two subqueries, however many
    partnerships.
    """
    # The plugin of django-stubs does not see the annotation the filter is on.
    return partnerships_on(partnerships, day=day).filter(  # type: ignore[misc]
        status_on__in=sorted(ACTIVE_STATUSES)
    )


def partnership_events_between(
    *,
    municipalities: Iterable[Municipality],
    date_from: dt.date,
    date_to: dt.date,
    kinds: Iterable[str] | None = None,
) -> QuerySet[PartnershipEvent]:
    """Return the municipalities' partnership events of a period (at the date's own
    precision), oldest first, with their partnerships and sources."""
    events = PartnershipEvent.objects.for_municipalities(municipalities).filter(
        partial_date_in("date", date_from, date_to)
    )
    if kinds is not None:
        events = events.filter(kind__in=list(kinds))
    return events.select_related(
        "source",
        "partnership__partner_place",
        "partnership__partner_organisation",
    ).order_by("date", "id")


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


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _before(field: str, day: dt.date) -> Q:
    """Return the condition that a partial date lies wholly before a day.

    The day is cut to the date's own precision: "2024-05" lies before 2 December
    2026, "2026-12" does not, as it may mean a day still to come.
    """
    return ~Q(**{field: ""}) & Q(
        **{f"{field}__lt": Substr(Value(day.isoformat()), 1, Length(field))}
    )


def partnerships_dormant(
    *, municipalities: Iterable[Municipality], today: dt.date, years: int = 3
) -> PartnershipQuerySet:
    """Return the partnerships not ended with no sign of life for `years` years.

    A sign of life is an activity of the partnership or of one of its projects, an
    event in its history (established, renewed, expanded, ...), or a project of it
    in implementation. Each comes with
    `last_activity` and `last_event` (ISO partial dates, or None), oldest first.
    """
    cutoff = _years_before(today, years).isoformat()
    return (
        Partnership.objects.for_municipalities(municipalities)
        .exclude(status__in=[PartnershipStatus.TERMINATED, PartnershipStatus.NONE])
        .annotate(
            last_activity=Max("activities__started"),
            last_project_activity=Max("projects__activities__started"),
            last_event=Max("events__date"),
        )
        .filter(
            Q(last_activity=None) | Q(last_activity__lt=cutoff),
            Q(last_project_activity=None) | Q(last_project_activity__lt=cutoff),
            Q(last_event=None) | Q(last_event__lt=cutoff),
        )
        .exclude(projects__status=ActivityStatus.IMPLEMENTATION)
        .select_related("partner_place", "partner_organisation")
        .order_by("last_event", "slug")
    )  # type: ignore[return-value]


def agreements_expired(
    *, municipalities: Iterable[Municipality], today: dt.date
) -> QuerySet[Agreement]:
    """Return the agreements past their validity whose partnership goes on.

    An agreement that a later one, still valid, has replaced is not listed: only
    those the register still rests on, which staff are to renew or end.
    """
    replaced = Agreement.objects.filter(
        partnership=OuterRef("partnership"), signed_on__gt=OuterRef("signed_on")
    ).exclude(_before("valid_until", today))
    return (
        Agreement.objects.for_municipalities(municipalities)
        .filter(_before("valid_until", today))
        .exclude(partnership__status=PartnershipStatus.TERMINATED)
        .exclude(Exists(replaced))
        .select_related(
            "partnership__partner_place", "partnership__partner_organisation"
        )
        .order_by("valid_until", "id")
    )

"""Reads of activities that the public pages, the API, search and the exports share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Length, Substr

from twinning.activities.models import (
    Activity,
    BudgetLine,
    CalendarFeed,
    FollowUp,
    Participant,
)
from twinning.activities.services import calendar_feed_hash
from twinning.core.querysets import partial_date_in
from twinning.places.models import Municipality


def activities_public(
    *,
    municipality: Municipality,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    partner: str | None = None,
) -> QuerySet[Activity]:
    """Return the public activities that match the filters, with where they belong.

    The date range is on the start, at its own precision: an activity that started
    "2022-04" is in a range from 15 April 2022, since it may have started then.
    `partner` is the slug of the partner (place or organisation) of the activity's
    partnership or of its project's partnership.
    """
    activities = Activity.objects.for_municipality(municipality).public()
    if date_from is not None:
        activities = activities.filter(
            started__gte=Substr(Value(date_from.isoformat()), 1, Length("started"))
        )
    if date_to is not None:
        activities = activities.filter(started__lte=date_to.isoformat())
    if kind is not None:
        activities = activities.filter(kind=kind)
    if partner is not None:
        activities = activities.filter(
            Q(partnership__partner_place__slug=partner)
            | Q(partnership__partner_organisation__slug=partner)
            | Q(project__partnership__partner_place__slug=partner)
            | Q(project__partnership__partner_organisation__slug=partner)
        )
    return activities.select_related(
        "municipality",
        "partnership__partner_place",
        "partnership__partner_organisation",
        "project",
        "place",
    )


def activities_coming(
    *, municipalities: Iterable[Municipality], today: dt.date, days: int = 90
) -> QuerySet[Activity]:
    """Return the activities that start within `days` from today, soonest first.

    A start at month or year precision counts from the first day it may mean: an
    activity of "2026-12" is coming on 2 December 2026, as it may not have begun.
    """
    until = (today + dt.timedelta(days=days)).isoformat()
    return (
        Activity.objects.for_municipalities(municipalities)
        .filter(
            started__gte=Substr(Value(today.isoformat()), 1, Length("started")),
            started__lte=until,
        )
        .select_related(
            "partnership__partner_place",
            "partnership__partner_organisation",
            "project",
            "place",
        )
        .order_by("started", "slug")
    )


def follow_ups_due(
    *,
    municipalities: Iterable[Municipality],
    by: dt.date,
    responsible: Any = None,
    mine_first: Any = None,
) -> QuerySet[FollowUp]:
    """Return the open follow-ups due by a day, overdue ones too, in municipalities.

    With `responsible` (a user), only theirs. With `mine_first` (a user), that
    user's come first; then by due date, so that overdue ones lead. Each has
    `is_mine` (False without `mine_first`). The staff workspace and the e-mailed
    reminders both read their follow-ups here.
    """
    due = FollowUp.objects.due_by(by)
    if responsible is not None:
        due = due.of(responsible)
    found = due.for_municipalities(municipalities).select_related(
        "responsible",
        "activity__partnership__partner_place",
        "activity__partnership__partner_organisation",
    )
    owner = getattr(mine_first, "pk", None)
    mine = Q(responsible_id=owner) if owner is not None else Q(pk__in=[])
    # A Case, not the bare comparison: on PostgreSQL a follow-up of no one would
    # compare as NULL, which sorts first in descending order.
    return found.annotate(
        is_mine=Case(
            When(mine, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-is_mine", "due", "id")


def follow_ups_of(*, user: Any) -> QuerySet[FollowUp]:
    """Return a member of staff's open follow-ups that have a due date."""
    return (
        FollowUp.objects.of(user)
        .open()
        .exclude(due=None)
        .for_user(user)
        .select_related("activity")
        .order_by("due", "id")
    )


def _from_day_on(field: str, day: dt.date) -> Q:
    # A partial date is on or after a day when it may be: "2026-12" is on or
    # after 2 December 2026. Compared at the date's own precision, as text.
    same_precision = Substr(Value(day.isoformat()), 1, Length(field))
    return ~Q(**{field: ""}) & Q(**{f"{field}__gte": same_precision})


def activities_of_staff(*, user: Any, since: dt.date) -> QuerySet[Activity]:
    """Return the activities of the user's municipalities from a day on, internal
    ones too, with their programme."""
    return (
        Activity.objects.for_user(user)
        .filter(_from_day_on("started", since) | _from_day_on("ended", since))
        .select_related("place")
        .prefetch_related("programme")
        .order_by("started", "slug")
    )


def calendar_feed_find(*, secret: str) -> CalendarFeed | None:
    """Return the calendar address of a secret, revoked or not, with its user."""
    if not secret:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(key_hash=calendar_feed_hash(secret))
        .first()
    )


# --- A period, for the reports ----------------------------------------------------


def activities_between(
    *, municipalities: Iterable[Municipality], date_from: dt.date, date_to: dt.date
) -> QuerySet[Activity]:
    """Return the municipalities' activities, internal ones too, that started in a
    period (at the start's own precision), oldest first, with where they belong."""
    return (
        Activity.objects.for_municipalities(municipalities)
        .filter(partial_date_in("started", date_from, date_to))
        .select_related(
            "partnership__partner_place",
            "partnership__partner_organisation",
            "project__partnership",
            "place",
        )
        .order_by("started", "slug")
    )


def participants_count(activities: QuerySet[Activity]) -> int:
    """Return how many people took part in the activities.

    A participant row counts its number of people, or one when that is not given
    (a named contact person, an organisation whose delegation was not counted).
    """
    total = Participant.objects.filter(activity__in=activities).aggregate(
        people=Sum(Coalesce("headcount", 1))
    )["people"]
    return int(total or 0)


def budget_lines_of(activities: QuerySet[Activity]) -> QuerySet[BudgetLine]:
    """Return the budget lines of the activities, with the activity's partnership."""
    return BudgetLine.objects.filter(activity__in=activities).select_related(
        "activity__partnership", "activity__project__partnership"
    )


def follow_ups_open_of(*, municipalities: Iterable[Municipality]) -> QuerySet[FollowUp]:
    """Return the open follow-ups of the municipalities' activities, by due date."""
    return (
        FollowUp.objects.open()
        .for_municipalities(municipalities)
        .select_related("activity__partnership", "activity__project__partnership")
        .order_by("due", "id")
    )

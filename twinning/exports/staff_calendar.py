"""A member of staff's private calendar (RFC 5545): visits, follow-ups, deadlines.

Served at a secret address (`activities.CalendarFeed`), so that a calendar program
can subscribe without signing in. It holds what the member of staff works on, in
their municipalities, internal records too:

- activities from 30 days ago on, each an all-day event at its dates' precision, and
  the timed stops of its programme;
- their own open follow-ups that have a due date, as all-day events on that day;
- deadlines of funding calls and partner searches from 30 days ago to a year ahead.

Internal notes, budgets, gifts and participants stay out of it: a calendar is
easily shared further than it should be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from twinning.activities.models import Activity, FollowUp, ProgrammeStop
from twinning.activities.selectors import activities_of_staff, follow_ups_of
from twinning.core.dates import PartialDate
from twinning.eu.models import FundingOpportunity, PartnerSearch
from twinning.eu.selectors import (
    funding_deadlines_of_staff,
    partner_search_deadlines_of_staff,
)
from twinning.exports.calendar_feed import ONE_DAY, REFRESH

PRODUCT_ID = "-//Twinning//Staff calendar//EN"
PAST = dt.timedelta(days=30)
AHEAD = dt.timedelta(days=366)


def _event(uid: str, record: Any, summary: str, url: str) -> Event:
    language = translation.get_language()
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", record.updated_at)
    event.add("last-modified", record.updated_at)
    event.add("summary", summary, parameters={"LANGUAGE": language})
    event.add("url", url)
    event.add("class", "PRIVATE")
    return event


def _activity_event(activity: Activity, *, host: str, absolute: Callable) -> Event:
    start = PartialDate.parse(activity.started)
    end = PartialDate.parse(activity.ended) if activity.ended else start
    event = _event(
        f"staff-activity-{activity.pk}@{host}",
        activity,
        activity.title,
        absolute(reverse("admin:activities_activity_change", args=[activity.pk])),
    )
    event.add("dtstart", start.earliest)
    event.add("dtend", end.latest + ONE_DAY)
    event.add("categories", [capfirst(activity.get_kind_display())])
    if activity.place is not None:
        event.add("location", activity.place.name)
    event.add("transp", "TRANSPARENT")
    return event


def _stop_event(
    stop: ProgrammeStop, activity: Activity, *, host: str, absolute: Callable
) -> Event:
    summary = f"{activity.title}: {stop.venue}" if stop.venue else activity.title
    event = _event(
        f"staff-programme-stop-{stop.pk}@{host}",
        stop,
        summary,
        absolute(reverse("admin:activities_activity_change", args=[activity.pk])),
    )
    event.add("dtstart", stop.starts_at.astimezone(dt.UTC))
    event.add(
        "dtend",
        (stop.ends_at or stop.starts_at + dt.timedelta(hours=1)).astimezone(dt.UTC),
    )
    details = [text for text in (stop.host, stop.description) if text]
    if details:
        event.add("description", "\n\n".join(details))
    if stop.venue:
        event.add("location", stop.venue)
    return event


def _follow_up_event(follow_up: FollowUp, *, host: str, absolute: Callable) -> Event:
    due = follow_up.due or timezone.localdate()
    event = _event(
        f"staff-follow-up-{follow_up.pk}@{host}",
        follow_up,
        _("Follow-up: %(what)s") % {"what": str(follow_up)},
        absolute(reverse("admin:activities_followup_change", args=[follow_up.pk])),
    )
    event.add("dtstart", due)
    event.add("dtend", due + ONE_DAY)
    event.add("description", f"{follow_up.description}\n\n{follow_up.activity}")
    event.add("categories", [_("Follow-up")])
    event.add("transp", "TRANSPARENT")
    return event


def _funding_event(
    opportunity: FundingOpportunity, *, host: str, absolute: Callable
) -> Event:
    deadline = opportunity.deadline or timezone.now()
    event = _event(
        f"staff-funding-deadline-{opportunity.pk}@{host}",
        opportunity,
        _("Deadline: %(title)s") % {"title": opportunity.title},
        absolute(reverse("admin:eu_fundingopportunity_change", args=[opportunity.pk])),
    )
    event.add("dtstart", deadline.astimezone(dt.UTC))
    event.add("categories", [_("Funding deadline")])
    event.add("transp", "TRANSPARENT")
    return event


def _search_event(search: PartnerSearch, *, host: str, absolute: Callable) -> Event:
    deadline = search.deadline or timezone.localdate()
    event = _event(
        f"staff-partner-search-{search.pk}@{host}",
        search,
        _("Answer partner search: %(title)s") % {"title": search.title},
        absolute(reverse("admin:eu_partnersearch_change", args=[search.pk])),
    )
    event.add("dtstart", deadline)
    event.add("dtend", deadline + ONE_DAY)
    event.add("categories", [_("Partner search")])
    event.add("transp", "TRANSPARENT")
    return event


def staff_calendar_ics(
    *, user: Any, language: str, host: str, absolute: Callable[[str], str]
) -> bytes:
    """Return one member of staff's private calendar as an iCalendar file."""
    today = timezone.localdate()
    now = timezone.now()
    with translation.override(language):
        name = _("Twinning – %(name)s") % {
            "name": user.get_full_name() or user.get_username()
        }
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")
        for activity in activities_of_staff(user=user, since=today - PAST):
            calendar.add_component(
                _activity_event(activity, host=host, absolute=absolute)
            )
            for stop in activity.programme.all():
                calendar.add_component(
                    _stop_event(stop, activity, host=host, absolute=absolute)
                )
        for follow_up in follow_ups_of(user=user):
            calendar.add_component(
                _follow_up_event(follow_up, host=host, absolute=absolute)
            )
        for opportunity in funding_deadlines_of_staff(
            user=user, start=now - PAST, end=now + AHEAD
        ):
            calendar.add_component(
                _funding_event(opportunity, host=host, absolute=absolute)
            )
        for search in partner_search_deadlines_of_staff(
            user=user, start=today - PAST, end=today + AHEAD
        ):
            calendar.add_component(_search_event(search, host=host, absolute=absolute))
        return calendar.to_ical()

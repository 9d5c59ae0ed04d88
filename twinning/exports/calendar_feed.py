"""The calendar to subscribe to (RFC 5545): public activities and funding deadlines.

An activity is an all-day event at the precision of its dates: "2022-03-09" is that
day, "2009-10" the whole of October 2009, "1989" the whole year; it ends with the
last day its end date can mean (DTEND is the day after, as RFC 5545 counts it). A
funding deadline is an event at the deadline's moment, in UTC.

UIDs are built from the record's kind and database id, and the site's host, so that
they stay the same when a title or slug is edited. DTSTAMP is when the record was
last changed (RFC 5545 3.8.7.2 allows that for a calendar without a METHOD), so that
the same register gives the same calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from twinning.activities.models import Activity
from twinning.core.dates import PartialDate
from twinning.eu.models import FundingOpportunity
from twinning.exports import selectors
from twinning.places.models import Municipality

MEDIA_TYPE = "text/calendar"
PRODUCT_ID = "-//Twinning//Open data//EN"
REFRESH = dt.timedelta(hours=12)
ONE_DAY = dt.timedelta(days=1)


def activity_url(activity: Activity) -> str:
    """Return the address of the public page an activity is shown on."""
    partnership = activity.partnership
    if partnership is not None:
        partner: Any = partnership.partner
        return reverse("public:partner", kwargs={"slug": partner.slug})
    if activity.project is not None:
        return reverse("public:project", kwargs={"slug": activity.project.slug})
    return reverse("public:overview")


def activity_event(
    activity: Activity, *, host: str, absolute: Callable[[str], str]
) -> Event:
    """Return a public activity as an all-day event at its dates' precision."""
    language = translation.get_language()
    start = PartialDate.parse(activity.started)
    end = PartialDate.parse(activity.ended) if activity.ended else start
    event = Event()
    event.add("uid", f"activity-{activity.pk}@{host}")
    event.add("dtstamp", activity.updated_at)
    event.add("last-modified", activity.updated_at)
    event.add("created", activity.created_at)
    event.add("dtstart", start.earliest)
    event.add("dtend", end.latest + ONE_DAY)
    event.add("summary", activity.title, parameters={"LANGUAGE": language})
    if activity.purpose:
        event.add("description", activity.purpose, parameters={"LANGUAGE": language})
    event.add("categories", [capfirst(activity.get_kind_display())])
    place = activity.place
    if place is not None:
        event.add("location", place.name, parameters={"LANGUAGE": language})
        if place.latitude is not None and place.longitude is not None:
            event.add("geo", (float(place.latitude), float(place.longitude)))
    event.add("url", absolute(activity_url(activity)))
    event.add("class", "PUBLIC")
    event.add("transp", "TRANSPARENT")
    return event


def deadline_event(
    opportunity: FundingOpportunity, *, host: str, absolute: Callable[[str], str]
) -> Event:
    """Return a funding opportunity's deadline as an event at its moment."""
    language = translation.get_language()
    deadline = opportunity.deadline
    if deadline is None:  # the selector asks for a deadline; this tells mypy
        raise ValueError("A funding opportunity without a deadline has no event.")
    event = Event()
    event.add("uid", f"funding-deadline-{opportunity.pk}@{host}")
    event.add("dtstamp", opportunity.updated_at)
    event.add("last-modified", opportunity.updated_at)
    event.add("created", opportunity.created_at)
    event.add("dtstart", deadline.astimezone(dt.UTC))
    event.add(
        "summary",
        _("Deadline: %(title)s") % {"title": opportunity.title},
        parameters={"LANGUAGE": language},
    )
    details = [
        text
        for text in (
            opportunity.programme,
            opportunity.call_identifier,
            opportunity.description,
        )
        if text
    ]
    if details:
        event.add(
            "description", "\n\n".join(details), parameters={"LANGUAGE": language}
        )
    event.add("categories", [_("Funding deadline")])
    event.add("url", opportunity.url or absolute(reverse("public:eu-office")))
    event.add("class", "PUBLIC")
    event.add("transp", "TRANSPARENT")
    return event


def calendar_ics(
    *,
    municipality: Municipality,
    language: str,
    host: str,
    absolute: Callable[[str], str],
) -> bytes:
    """Return the public activities and funding deadlines as an iCalendar file."""
    with translation.override(language):
        name = _("International relations – %(name)s") % {"name": municipality.name}
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        # NAME and REFRESH-INTERVAL are RFC 7986's; the X-WR- and X-PUBLISHED-TTL
        # forms are what Apple, Google and Outlook read.
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add(
            "x-wr-caldesc",
            _(
                "Public activities in the international partnerships of %(name)s, "
                "and deadlines of EU funding calls."
            )
            % {"name": municipality.name},
        )
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")
        for activity in selectors.open_data_activities(municipality=municipality):
            calendar.add_component(
                activity_event(activity, host=host, absolute=absolute)
            )
        for opportunity in selectors.open_data_funding_deadlines(
            municipality=municipality
        ):
            calendar.add_component(
                deadline_event(opportunity, host=host, absolute=absolute)
            )
        return calendar.to_ical()

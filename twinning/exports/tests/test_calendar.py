"""The calendar to subscribe to: RFC 5545, public activities and funding deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from twinning.activities.models import Activity
from twinning.activities.services import activity_create, activity_update
from twinning.eu.services import funding_opportunity_create
from twinning.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def calendar_of(client, path: str = "/open-data/calendar.ics") -> Calendar:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_summary(calendar: Calendar) -> dict[str, object]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_calendar_parses_and_holds_the_public_activities_at_their_precision(
    client,
):
    calendar = calendar_of(client)

    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]).endswith("Aarhus Kommune")
    events = events_by_summary(calendar)
    kujalleq = events["Ny venskabsaftale mellem Aarhus Kommune og Kommune Kujalleq"]
    # "2009-10": the whole of October 2009, as all-day dates.
    assert kujalleq["dtstart"].dt == dt.date(2009, 10, 1)
    assert kujalleq["dtend"].dt == dt.date(2009, 11, 1)
    kiel = events["Underskrivelse af partnerskabsaftalen mellem Aarhus og Kiel"]
    assert kiel["dtstart"].dt == dt.date(2019, 5, 29)
    assert kiel["dtend"].dt == dt.date(2019, 5, 30)
    assert str(kiel["url"]).endswith("/da/partners/kiel/")
    assert str(kiel["location"]) == "Aarhus"
    for event in calendar.walk("VEVENT"):
        assert {"uid", "dtstamp", "summary", "url", "dtstart"} <= {
            key.lower() for key in event
        }


def test_the_calendar_in_english_names_events_and_links_in_english(client):
    calendar = calendar_of(client, "/open-data/calendar.ics?lang=en")

    assert str(calendar["x-wr-calname"]) == "International relations – City of Aarhus"
    kiel = events_by_summary(calendar)[
        "Signing of the partnership agreement between Aarhus and Kiel"
    ]
    assert str(kiel["url"]).endswith("/en/partners/kiel/")
    assert kiel["summary"].params["LANGUAGE"] == "en"


def test_a_calendar_in_an_unknown_language_is_refused_naming_the_parameter(client):
    response = client.get("/open-data/calendar.ics?lang=fr")

    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "lang"


def test_an_activity_known_to_the_year_spans_the_year(client, editor, aarhus):
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="nordic-seminar-1990",
        kind="seminar",
        title_en="Nordic sister-city seminar",
        started="1990",
        partnership=Partnership.objects.get(slug="bergen"),
        is_public=True,
    )

    event = events_by_summary(calendar_of(client, "/open-data/calendar.ics?lang=en"))[
        "Nordic sister-city seminar"
    ]
    assert event["dtstart"].dt == dt.date(1990, 1, 1)
    assert event["dtend"].dt == dt.date(1991, 1, 1)


def test_a_public_funding_deadline_is_an_event_and_an_internal_one_is_not(
    client, editor, aarhus
):
    deadline = dt.datetime(2027, 3, 15, 17, 0, tzinfo=dt.UTC)
    funding_opportunity_create(
        actor=editor,
        municipality=aarhus,
        slug="horizon-cities",
        programme="Horizon Europe",
        call_identifier="HORIZON-MISS-2027-CIT-01",
        title_en="Climate-neutral and smart cities",
        deadline=deadline,
        url="https://ec.europa.eu/info/funding-tenders/",
        is_public=True,
    )
    funding_opportunity_create(
        actor=editor,
        municipality=aarhus,
        slug="internal-call",
        programme="Interreg",
        title_en="Call we are only weighing up",
        deadline=deadline,
        is_public=False,
    )

    events = events_by_summary(calendar_of(client, "/open-data/calendar.ics?lang=en"))
    event = events["Deadline: Climate-neutral and smart cities"]
    assert event["dtstart"].dt == deadline
    assert str(event["url"]) == "https://ec.europa.eu/info/funding-tenders/"
    assert "HORIZON-MISS-2027-CIT-01" in str(event["description"])
    assert not any("weighing up" in summary for summary in events)


def test_an_event_keeps_its_uid_when_its_title_changes(client, editor):
    def kiel_uid(title: str) -> str:
        events = events_by_summary(
            calendar_of(client, "/open-data/calendar.ics?lang=en")
        )
        return str(events[title]["uid"])

    before = kiel_uid("Signing of the partnership agreement between Aarhus and Kiel")
    activity = Activity.objects.get(slug="kiel-partnership-agreement-2019")
    activity_update(
        activity=activity,
        actor=editor,
        expected_version=activity.version,
        title_en="The Aarhus–Kiel partnership agreement is signed",
    )

    after = kiel_uid("The Aarhus–Kiel partnership agreement is signed")
    assert after == before
    assert before.startswith("activity-") and before.endswith("@testserver")


def test_an_internal_activity_is_not_in_the_calendar(client, editor, aarhus):
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="secret-visit",
        kind="incoming_visit",
        title_en="Secret delegation visit",
        started="2026-05",
        partnership=Partnership.objects.get(slug="bergen"),
        is_public=False,
    )

    events = events_by_summary(calendar_of(client, "/open-data/calendar.ics?lang=en"))
    assert "Secret delegation visit" not in events

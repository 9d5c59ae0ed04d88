"""Follow-ups that come back: a responsible colleague, reminders, a private calendar."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from twinning.accounts.roles import EDITOR
from twinning.accounts.services import user_create
from twinning.activities.models import FollowUp
from twinning.activities.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    follow_up_update,
)
from twinning.activities.tests.factories import (
    ActivityFactory,
    FollowUpFactory,
    ProgrammeStopFactory,
)
from twinning.eu.services import funding_opportunity_create, partner_search_create

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def colleague(aarhus):
    return user_create(
        username="carl-colleague",
        password=None,
        role=EDITOR,
        email="carl@example.org",
        municipalities=[aarhus],
    )


@pytest.fixture
def roskilde_editor(roskilde):
    return user_create(
        username="rita-roskilde",
        password=None,
        role=EDITOR,
        email="rita@example.org",
        municipalities=[roskilde],
    )


@pytest.fixture
def me(editor):
    editor.email = "eva@example.org"
    editor.first_name, editor.last_name = "Eva", "Editor"
    editor.save(update_fields=["email", "first_name", "last_name"])
    return editor


def test_a_follow_up_marked_done_gets_its_day_and_leaves_the_open_ones(me):
    follow_up = FollowUpFactory(responsible=me)

    follow_up_update(follow_up=follow_up, actor=me, expected_version=1, status="done")

    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY
    assert not FollowUp.objects.open().filter(pk=follow_up.pk).exists()


def test_a_follow_up_cannot_be_given_to_someone_of_another_municipality(
    roskilde_editor,
):
    with pytest.raises(ValidationError) as refused:
        FollowUpFactory(responsible=roskilde_editor)

    assert "responsible" in refused.value.message_dict


def test_send_reminders_emails_each_person_their_own_due_follow_ups(
    me, colleague, roskilde, roskilde_editor, aarhus
):
    visit = ActivityFactory(title_en="Bergen delegation", title_da="Bergen-delegation")
    FollowUpFactory(
        activity=visit, responsible=me, description="Send the minutes", due=days(-2)
    )
    FollowUpFactory(
        activity=visit, responsible=me, description="Book the bus", due=days(2)
    )
    FollowUpFactory(activity=visit, responsible=me, description="Far off", due=days(30))
    FollowUpFactory(
        activity=visit,
        responsible=me,
        description="Already done",
        due=days(-1),
        status="done",
    )
    FollowUpFactory(
        activity=visit, responsible=colleague, description="Carl's task", due=days(1)
    )
    funding_opportunity_create(
        actor=None,
        municipality=aarhus,
        slug="call-soon",
        programme="Interreg",
        title_en="Water call",
        title_da="Vandopslag",
        deadline=timezone.now() + dt.timedelta(days=5),
    )
    funding_opportunity_create(
        actor=None,
        municipality=aarhus,
        slug="call-late",
        programme="Interreg",
        title_en="Late call",
        title_da="Sent opslag",
        deadline=timezone.now() + dt.timedelta(days=90),
    )
    partner_search_create(
        actor=None,
        municipality=aarhus,
        slug="search-soon",
        kind="sought",
        title_en="Partners for climate",
        title_da="Partnere til klima",
        deadline=days(10),
    )
    theirs = ActivityFactory(municipality=roskilde)
    FollowUpFactory(
        activity=theirs,
        responsible=roskilde_editor,
        description="Roskilde's",
        due=days(1),
    )
    funding_opportunity_create(
        actor=None,
        municipality=roskilde,
        slug="roskilde-call",
        programme="LIFE",
        title_en="Roskilde call",
        title_da="Roskilde-opslag",
        deadline=timezone.now() + dt.timedelta(days=3),
    )

    call_command("send_reminders", stdout=io.StringIO())

    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {"eva@example.org", "carl@example.org", "rita@example.org"}
    mine = by_person["eva@example.org"]
    assert "Send the minutes" in mine.body and "Book the bus" in mine.body
    assert "Far off" not in mine.body and "Already done" not in mine.body
    assert "Carl's task" not in mine.body and "Roskilde" not in mine.body
    assert "Vandopslag" in mine.body and "Partnere til klima" in mine.body
    assert "Sent opslag" not in mine.body
    # In Danish, the site's language: one overdue follow-up is in the subject.
    assert mine.subject == "Twinning: 1 opfølgning er overskredet"
    assert "Carl's task" in by_person["carl@example.org"].body
    rita = by_person["rita@example.org"]
    assert "Roskilde's" in rita.body and "Roskilde-opslag" in rita.body
    assert "Vandopslag" not in rita.body


def test_send_reminders_sends_nothing_to_someone_with_nothing_due(me):
    FollowUpFactory(responsible=me, due=days(20))

    call_command("send_reminders", stdout=io.StringIO())

    assert mail.outbox == []


def feed_url(secret):
    return reverse("exports:staff-calendar", args=[secret])


def test_the_private_calendar_holds_my_visits_follow_ups_and_deadlines(
    client, me, colleague, aarhus
):
    visit = ActivityFactory(title_da="Besøg fra Bergen", is_public=False)
    ProgrammeStopFactory(activity=visit, venue="Aarhus Rådhus")
    FollowUpFactory(activity=visit, responsible=me, description="Send referatet")
    FollowUpFactory(activity=visit, responsible=colleague, description="Carls opgave")
    partner_search_create(
        actor=None,
        municipality=aarhus,
        slug="search-soon",
        kind="sought",
        title_en="Partners for climate",
        title_da="Partnere til klima",
        deadline=days(10),
    )
    secret = calendar_feed_create(user=me, name="Outlook").secret

    response = client.get(feed_url(secret))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert "Besøg fra Bergen" in summaries
    assert "Besøg fra Bergen: Aarhus Rådhus" in summaries
    assert "Opfølgning: Send referatet" in summaries
    assert "Besvar partnersøgning: Partnere til klima" in summaries
    assert not any("Carls opgave" in summary for summary in summaries)


def test_the_private_calendar_refuses_a_revoked_address(client, me):
    issued = calendar_feed_create(user=me)
    assert client.get(feed_url(issued.secret)).status_code == 200

    calendar_feed_revoke(feed=issued.feed)

    response = client.get(feed_url(issued.secret))
    assert response.status_code == 410
    assert b"BEGIN:VCALENDAR" not in response.content


def test_an_unknown_calendar_address_is_not_found(client):
    assert client.get(feed_url("not-a-real-secret")).status_code == 404


def test_the_follow_up_list_shows_mine_and_the_overdue_ones(
    editor_client, editor, colleague
):
    FollowUpFactory(responsible=editor, description="Mine and late", due=days(-3))
    FollowUpFactory(responsible=editor, description="Mine, later", due=days(10))
    FollowUpFactory(responsible=colleague, description="Carl late", due=days(-3))
    changelist = reverse("admin:activities_followup_changelist")

    mine = editor_client.get(changelist, {"responsible": "mine"}).content.decode()
    overdue = editor_client.get(changelist, {"due": "overdue"}).content.decode()

    assert "Mine and late" in mine and "Mine, later" in mine
    assert "Carl late" not in mine
    assert "Mine and late" in overdue and "Carl late" in overdue
    assert "Mine, later" not in overdue


def test_the_follow_up_list_is_refused_to_anonymous_visitors(client):
    response = client.get(reverse("admin:activities_followup_changelist"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]

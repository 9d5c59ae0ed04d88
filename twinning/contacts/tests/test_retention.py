"""Retention that runs: purge_personal_data, and erasure that leaves no trace.

A contact person is given a name found nowhere else, searched for, read, changed
in the back office and put on an activity; after erasure every text column of
every table is searched for that name, the e-mail and the search terms.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from twinning.activities.choices import ParticipantRole
from twinning.activities.models import Activity, Participant
from twinning.activities.services import participant_create
from twinning.contacts.models import ContactPerson
from twinning.contacts.services import contact_create, contact_export
from twinning.core.models import AccessAction, AccessLogEntry
from twinning.core.services import access_log_record
from twinning.core.tests.test_admin_pages import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_in_english(settings: Any) -> None:
    """Answer in English a client that names no language (Danish is the default)."""
    settings.LANGUAGE_CODE = "en"


NAME = "Ida Hemmeligsen"
EMAIL = "leakmark.kontakt@example.org"
TRACES = ("hemmelig", "leakmark")
CHANGELIST = "/admin/contacts/contactperson/"


def text_columns_holding(term: str) -> list[str]:
    """Return every table.column whose text holds `term`, in any case."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not text_fields:
            continue
        query = Q()
        for name in text_fields:
            query |= Q(**{f"{name}__icontains": term})
        for row in model._base_manager.filter(query).values(*text_fields):
            found += [
                f"{model._meta.db_table}.{name}"
                for name, value in row.items()
                if term in str(value).lower()
            ]
    return found


@pytest.fixture
def person(aarhus: Any, editor: Any, editor_client: Client) -> ContactPerson:
    """A contact past retention, searched for, read, changed and on an activity."""
    contact = contact_create(
        actor=editor,
        municipality=aarhus,
        name=NAME,
        email=EMAIL,
        phone="+45 8612 3456",
        job_title="Adviser",
        retain_until=dt.date(2020, 1, 1),
    )
    activity = Activity.objects.filter(municipality=aarhus).order_by("pk").first()
    assert activity is not None
    participant_create(
        actor=editor, activity=activity, contact=contact, role=ParticipantRole.DELEGATE
    )
    # What the back office's log holds after the participant was added on the
    # activity's page: the new row named by its text.
    LogEntry.objects.log_actions(
        user_id=editor.pk,
        queryset=[activity],
        action_flag=CHANGE,
        change_message=json.dumps([{"added": {"name": "participant", "object": NAME}}]),
        single_object=True,
    )
    editor_client.get(CHANGELIST, {"q": "Hemmelig"})
    editor_client.get(CHANGELIST, {"q": "leakmark.kontakt"})
    change_page = editor_client.get(f"{CHANGELIST}{contact.pk}/change/")
    data = change_form_data(change_page)
    data["job_title"] = ["Senior adviser"]
    assert (
        editor_client.post(f"{CHANGELIST}{contact.pk}/change/", data).status_code == 302
    )
    assert text_columns_holding("hemmelig")  # the traces are there to begin with
    return contact


def test_purge_erases_a_contact_past_retention_and_leaves_no_trace(
    person: ContactPerson, aarhus: Any
) -> None:
    activity_participants = Participant.objects.filter(
        activity__participants__contact=person
    ).count()
    keep = contact_create(
        actor=None,
        municipality=aarhus,
        name="Kept Person",
        retain_until=timezone.localdate() + dt.timedelta(days=30),
    )
    output = io.StringIO()
    call_command("purge_personal_data", stdout=output)

    assert not ContactPerson.objects.filter(pk=person.pk).exists()
    assert ContactPerson.objects.filter(pk=keep.pk).exists()
    assert "Erased 1 contact person(s)" in output.getvalue()
    for term in TRACES:
        assert text_columns_holding(term) == [], term
    # The participant stays, as "erased person", so the activity's count is right.
    stand_in = ContactPerson.objects.get(municipality=aarhus, is_erased_person=True)
    [participant] = Participant.objects.filter(contact=stand_in)
    assert str(participant) == "erased person"
    assert (
        Participant.objects.filter(activity=participant.activity).count()
        == activity_participants
    )
    assert AccessLogEntry.objects.filter(
        action=AccessAction.ERASE, object_id=str(person.pk)
    ).exists()


def test_purge_deletes_access_log_entries_older_than_six_months(db: Any) -> None:
    """Entries from before the day 183 days ago go, whatever the hour it runs."""
    start_of_today = timezone.make_aware(
        dt.datetime.combine(timezone.localdate(), dt.time.min)
    )
    old = access_log_record(
        actor=None, action=AccessAction.READ, model=ContactPerson, detail="list"
    )
    recent = access_log_record(
        actor=None, action=AccessAction.READ, model=ContactPerson, detail="list"
    )
    AccessLogEntry.objects.filter(pk=old.pk).update(
        at=start_of_today - dt.timedelta(days=183, minutes=1)
    )
    AccessLogEntry.objects.filter(pk=recent.pk).update(
        at=timezone.now() - dt.timedelta(days=182)
    )
    output = io.StringIO()
    call_command("purge_personal_data", stdout=output)
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()
    assert "older than 183 days" in output.getvalue()


def test_erasing_in_the_back_office_asks_first_then_leaves_no_trace(
    person: ContactPerson, editor_client: Client
) -> None:
    ask = editor_client.post(
        CHANGELIST, {"action": "erase_selected", "_selected_action": [person.pk]}
    )
    assert ask.status_code == 200
    assert "Yes, erase them" in ask.content.decode()
    assert ContactPerson.objects.filter(pk=person.pk).exists()

    done = editor_client.post(
        CHANGELIST,
        {"action": "erase_selected", "_selected_action": [person.pk], "post": "yes"},
    )
    assert done.status_code == 302
    assert not ContactPerson.objects.filter(pk=person.pk).exists()
    for term in TRACES:
        assert text_columns_holding(term) == [], term
    listing = editor_client.get(CHANGELIST).content.decode()
    assert "erased person" not in listing  # the stand-in is no one to list


def test_the_art_15_export_holds_the_access_log_of_the_person(
    person: ContactPerson, editor: Any
) -> None:
    exported = contact_export(contact=person, actor=editor)
    actions = [entry["action"] for entry in exported["access_log"]]
    assert "read" in actions
    assert "change" in actions
    assert all(entry["who"] == editor.username for entry in exported["access_log"])


def test_an_erased_person_shows_as_such_in_the_admin_log(
    person: ContactPerson,
) -> None:
    call_command("purge_personal_data", stdout=io.StringIO())
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ContactPerson),
        object_id=str(person.pk),
    )
    assert entries.exists()
    assert {entry.object_repr for entry in entries} == {"erased person"}

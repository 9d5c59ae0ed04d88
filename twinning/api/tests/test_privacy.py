"""What the open data never shows, and who may read contact persons.

Without a token the API shows public records only: no internal record, no internal
note, no contact person. Contact persons are for tokens whose role may see their
details, and every read of them is logged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client

from twinning.accounts.models import User
from twinning.activities.models import Activity
from twinning.activities.services import activity_create
from twinning.api.tests.calls import bearer, get
from twinning.api.tests.openapi import CHECKS, schema
from twinning.contacts.models import ContactPerson
from twinning.contacts.services import contact_create
from twinning.core.models import AccessAction, AccessLogEntry
from twinning.eu.services import funding_opportunity_create
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import (
    agreement_create,
    partnership_add_event,
    partnership_create,
    partnership_update,
)
from twinning.places.models import Municipality, Place
from twinning.projects.models import Project
from twinning.projects.services import project_create
from twinning.results.models import Result
from twinning.results.services import result_create

pytestmark = pytest.mark.django_db

SECRET = "sub-rosa-7f3a"  # in every internal record, and in no public one
EMAIL = "ingrid.holm@example.org"
PHONE = "+45 87 65 43 21"


@pytest.fixture
def contact(administrator: User, aarhus: Municipality) -> ContactPerson:
    return contact_create(
        actor=administrator,
        municipality=aarhus,
        name="Ingrid Holm",
        email=EMAIL,
        phone=PHONE,
        retain_until=dt.date(2030, 12, 31),
    )


@pytest.fixture
def internal_records(
    administrator: User, aarhus: Municipality, contact: ContactPerson
) -> None:
    """Add internal records, and internal notes to public ones, all marked SECRET."""
    actor = administrator
    hidden = partnership_create(
        actor=actor,
        municipality=aarhus,
        slug=f"negotiation-{SECRET}",
        kind="sector_cooperation",
        partner_place=Place.objects.get(slug="bergen"),
        description_en=f"Talks under way {SECRET}",
        internal_note=f"Internal {SECRET}",
        is_public=False,
    )
    partnership_add_event(
        partnership=hidden, actor=actor, kind="intent", date="2024", note_en=SECRET
    )
    agreement_create(
        actor=actor, partnership=hidden, kind="mou", title_en=f"MoU {SECRET}"
    )
    bergen = Partnership.objects.get(slug="bergen")
    partnership_update(
        partnership=bergen,
        actor=actor,
        expected_version=bergen.version,
        internal_note=f"Note {SECRET}",
    )
    agreement_create(
        actor=actor,
        partnership=bergen,
        kind="mou",
        title_en=f"Draft {SECRET}",
        is_public=False,
    )
    hidden_project = project_create(
        actor=actor,
        municipality=aarhus,
        slug=f"project-{SECRET}",
        title_en=f"Project {SECRET}",
        partnership=hidden,
        is_public=True,  # public, but under an internal partnership
    )
    for number, (partnership, project, public) in enumerate(
        [(hidden, None, True), (bergen, None, False), (None, hidden_project, True)]
    ):
        activity_create(
            actor=actor,
            municipality=aarhus,
            slug=f"activity-{number}-{SECRET}",
            kind="meeting",
            title_en=f"Meeting {SECRET}",
            partnership=partnership,
            project=project,
            started="2024-01",
            is_public=public,
            participants=[{"contact": contact, "role": "host"}],
        )
        result_create(
            actor=actor,
            municipality=aarhus,
            slug=f"result-{number}-{SECRET}",
            kind="network",
            title_en=f"Result {SECRET}",
            partnership=partnership,
            project=project,
            is_public=public,
        )
    activity_create(
        actor=actor,
        municipality=aarhus,
        slug="public-meeting",
        kind="meeting",
        title_en="A public meeting",
        partnership=bergen,
        started="2024-02",
        is_public=True,
        internal_note=f"Note {SECRET}",
        participants=[{"contact": contact, "role": "host"}],
    )
    funding_opportunity_create(
        actor=actor,
        municipality=aarhus,
        slug=f"call-{SECRET}",
        programme="Interreg",
        title_en=f"Call {SECRET}",
        is_public=False,
    )


def detail_key(item: dict[str, Any]) -> str:
    if "slug" in item:
        return str(item["slug"])
    if "id" in item:
        return str(item["id"])
    return str(item["network"]["slug"])


def crawl(headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Read every list, and every record in it, as the description lists them.

    Each response is checked against the description too, on the real data.
    """
    paths = schema.raw_schema["paths"]
    responses = {}
    for template, operations in paths.items():
        if "get" not in operations or "{" in template or template.endswith(".json"):
            continue
        case = schema[template]["GET"].Case(query={"limit": 500}, headers=headers)
        responses[template] = listed = case.call_and_validate(checks=CHECKS)
        if listed.status_code != 200:
            continue
        for item in listed.json()["items"]:
            for detail, detail_operations in paths.items():
                if detail.startswith(f"{template}/{{") and "get" in detail_operations:
                    [name] = re.findall(r"\{([^}]+)\}", detail)
                    case = schema[detail]["GET"].Case(
                        path_parameters={name: detail_key(item)},
                        query={"limit": 500} if detail.endswith("/events") else {},
                        headers=headers,
                    )
                    url = detail.replace(f"{{{name}}}", detail_key(item))
                    responses[url] = case.call_and_validate(checks=CHECKS)
    return responses


def test_no_public_address_shows_an_internal_record_note_or_contact(
    internal_records: None, in_the_tests_transaction: None
) -> None:
    internal_notes = [
        note
        for model in (Partnership, Project, Activity, Result)
        for note in model.objects.exclude(internal_note="").values_list(
            "internal_note", flat=True
        )
    ]
    assert len(internal_notes) > 5  # the dataset's own notes are among them

    responses = crawl()

    assert len(responses) > 100
    everything = "\n".join(
        json.dumps(response.json(), ensure_ascii=False)
        for response in responses.values()
    )
    assert SECRET not in everything
    assert EMAIL not in everything
    assert PHONE not in everything
    assert "Ingrid" not in everything
    for note in internal_notes:
        assert note not in everything
    assert "public-meeting" in everything  # the crawl did reach the activities
    statuses = {url: response.status_code for url, response in responses.items()}
    assert statuses.pop("/api/v1/contacts") == 401
    assert set(statuses.values()) == {200}, statuses


def test_an_editors_token_shows_no_internal_record_either(
    internal_records: None, in_the_tests_transaction: None, editor_token: str
) -> None:
    responses = crawl(headers={"Authorization": f"Bearer {editor_token}"})
    public = {url: r for url, r in responses.items() if "/contacts" not in url}

    everything = "\n".join(json.dumps(r.json()) for r in public.values())
    assert SECRET not in everything


# --- Contact persons ------------------------------------------------------------------


def log_entries_since(count: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.order_by("id")[count:])


def test_an_anonymous_visitor_cannot_read_contacts(
    client: Client, contact: ContactPerson
) -> None:
    logged = AccessLogEntry.objects.count()

    listed = get(client, "/contacts")
    one = get(client, f"/contacts/{contact.pk}")

    assert (listed.status_code, one.status_code) == (401, 401)
    assert EMAIL not in listed.content.decode() + one.content.decode()
    assert AccessLogEntry.objects.count() == logged


def test_a_viewers_token_cannot_read_contacts(
    client: Client, viewer_token: str, contact: ContactPerson
) -> None:
    logged = AccessLogEntry.objects.count()

    listed = get(client, "/contacts", **bearer(viewer_token))
    one = get(client, f"/contacts/{contact.pk}", **bearer(viewer_token))

    assert (listed.status_code, one.status_code) == (403, 403)
    assert EMAIL not in listed.content.decode() + one.content.decode()
    assert AccessLogEntry.objects.count() == logged


@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_reading_the_contacts_is_allowed_with_details_and_logged(
    request: pytest.FixtureRequest, client: Client, contact: ContactPerson, role: str
) -> None:
    user = request.getfixturevalue(role)
    token = request.getfixturevalue(f"{role}_token")
    logged = AccessLogEntry.objects.count()

    response = get(client, "/contacts", **bearer(token))

    assert response.status_code == 200
    [shown] = [item for item in response.json()["items"] if item["id"] == contact.pk]
    assert (shown["email"], shown["phone"]) == (EMAIL, PHONE)
    [entry] = log_entries_since(logged)
    assert (entry.actor, entry.actor_name, entry.action) == (
        user,
        user.username,
        AccessAction.READ,
    )
    assert entry.model == "contacts.ContactPerson"
    assert entry.object_count == len(response.json()["items"])


def test_reading_one_contact_is_logged_with_its_id(
    client: Client, editor: User, editor_token: str, contact: ContactPerson
) -> None:
    logged = AccessLogEntry.objects.count()

    response = get(client, f"/contacts/{contact.pk}", **bearer(editor_token))

    assert response.status_code == 200
    assert response.json()["email"] == EMAIL
    [entry] = log_entries_since(logged)
    assert (entry.actor, entry.action, entry.object_id) == (
        editor,
        AccessAction.READ,
        str(contact.pk),
    )

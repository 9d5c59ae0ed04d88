"""No download carries an internal record, an internal note or a person's data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from twinning.accounts.roles import EDITOR
from twinning.accounts.services import user_create
from twinning.activities.services import activity_create
from twinning.contacts.services import contact_create
from twinning.eu.services import funding_opportunity_create
from twinning.partnerships.choices import EventKind
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import (
    partnership_add_event,
    partnership_create,
    partnership_update,
)
from twinning.places.models import Municipality
from twinning.places.services import place_create
from twinning.projects.models import Post, Project
from twinning.projects.services import (
    post_holding_create,
    project_create,
    project_update,
)
from twinning.results.services import result_create

from .conftest import DOWNLOADS

pytestmark = pytest.mark.django_db

SECRETS = (
    "Secretville",  # the place of a partnership that is not public
    "secret-partnership",
    "budget talks stalled",  # internal notes
    "Secret delegation visit",
    "Visit to the internal partner",
    "Secret result",
    "Secret project",
    "Project of the internal partnership",
    "Call we are only weighing up",
    "Kari Nordmann",
    "kari@bergen.example",
    "+47 5555 0000",
)


@pytest.fixture(scope="module")
def internal_records(module_records):
    """Add to the register everything a download must leave out, and one of each
    public record that is tied to a person or an internal record; once for the
    module's tests."""
    aarhus = Municipality.objects.get(slug="aarhus")
    editor = user_create(
        username="exports-editor",
        password="an editor of the downloads' tests",
        role=EDITOR,
        municipalities=[aarhus],
    )
    bergen = Partnership.objects.get(slug="bergen")
    partnership_update(
        partnership=bergen,
        actor=editor,
        expected_version=bergen.version,
        internal_note="Confidential: budget talks stalled",
    )
    secretville = place_create(
        actor=editor,
        slug="secretville",
        name_en="Secretville",
        country="SE",
        latitude=Decimal("59.1"),
        longitude=Decimal("18.1"),
    )
    hidden = partnership_create(
        actor=editor,
        municipality=aarhus,
        slug="secret-partnership",
        partner_place=secretville,
        kind="cooperation",
        description_en="Talks with Secretville",
        is_public=False,
    )
    partnership_add_event(
        partnership=hidden, actor=editor, kind=EventKind.ESTABLISHED, date="2025"
    )
    contact = contact_create(
        actor=editor,
        municipality=aarhus,
        name="Kari Nordmann",
        email="kari@bergen.example",
        phone="+47 5555 0000",
        organisation=None,
        retain_until=timezone.now().date() + dt.timedelta(days=365),
    )
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="secret-visit",
        kind="incoming_visit",
        title_en="Secret delegation visit",
        started="2026-05",
        partnership=bergen,
        internal_note="budget talks stalled",
        is_public=False,
    )
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="visit-internal-partner",
        kind="outgoing_visit",
        title_en="Visit to the internal partner",
        started="2026-04",
        partnership=hidden,
        is_public=True,
    )
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="open-seminar",
        kind="seminar",
        title_en="Open sister-city seminar",
        started="2026-06",
        partnership=bergen,
        internal_note="budget talks stalled",
        is_public=True,
        participants=[{"contact": contact, "role": "speaker"}],
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug="secret-result",
        kind="business_deal",
        title_en="Secret result",
        is_public=False,
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug="open-result",
        kind="business_deal",
        title_en="Open result",
        partnership=bergen,
        internal_note="budget talks stalled",
        is_public=True,
    )
    project_create(
        actor=editor,
        municipality=aarhus,
        slug="secret-project",
        title_en="Secret project",
        started="2024",
        is_public=False,
    )
    project_create(
        actor=editor,
        municipality=aarhus,
        slug="project-of-internal-partnership",
        title_en="Project of the internal partnership",
        partnership=hidden,
        started="2025",
        is_public=True,
    )
    tshwane = Project.objects.get(slug="tshwane-urban-water")
    project_update(
        project=tshwane,
        actor=editor,
        expected_version=tshwane.version,
        internal_note="budget talks stalled",
    )
    post_holding_create(
        actor=editor,
        post=Post.objects.get(slug="tshwane-sector-counsellor"),
        contact=contact,
        started="2023",
    )
    funding_opportunity_create(
        actor=editor,
        municipality=aarhus,
        slug="internal-call",
        programme="Interreg",
        title_en="Call we are only weighing up",
        deadline=timezone.now() + dt.timedelta(days=30),
        is_public=False,
    )


@pytest.mark.parametrize("path", DOWNLOADS)
def test_no_download_carries_an_internal_record_or_a_contact(
    fetch, internal_records, path
):
    text = fetch(path)

    for secret in SECRETS:
        assert secret not in text, f"{secret!r} in {path}"


def test_the_public_records_beside_them_are_still_published(fetch, internal_records):
    assert "open-seminar" in fetch("/open-data/activities.csv")
    assert "Open sister-city seminar" in fetch("/open-data/calendar.ics?lang=en")
    assert "open-result" in fetch("/open-data/results.csv")
    assert "Tshwane" in fetch("/open-data/iati-activities.xml")

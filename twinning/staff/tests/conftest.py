"""A second municipality with one item of every kind the staff page lists.

Roskilde joins Aarhus on the platform; `portfolio` gives a municipality a coming
visit, an overdue follow-up, two deadlines, a dormant partnership, an expired
agreement, an overrunning project with a phase the calendar has overtaken and
whose sources disagree, and a contact kept past its date. Every name carries the
municipality's tag, so a test can tell whose item it sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from twinning.accounts.models import User
from twinning.accounts.roles import EDITOR, VIEWER
from twinning.accounts.services import user_create
from twinning.activities.services import activity_create, follow_up_create
from twinning.contacts.services import contact_create
from twinning.core.services import source_create
from twinning.eu.services import funding_opportunity_create, partner_search_create
from twinning.partnerships.choices import EventKind
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import (
    agreement_create,
    partnership_add_event,
    partnership_create,
)
from twinning.places.models import Municipality
from twinning.places.services import municipality_create, place_create
from twinning.projects.services import (
    phase_date_claim_create,
    project_create,
    project_phase_create,
)

PASSWORD = "correct horse battery staple"


@dataclass
class Portfolio:
    """The records made for one municipality, by what they stand for."""

    tag: str
    lively: Partnership
    dormant: Partnership
    names: dict[str, str]


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def portfolio(municipality: Municipality, tag: str) -> Portfolio:
    """Give a municipality one item of every kind that needs attention."""
    names = {
        "lively": f"Livelyville {tag}",
        "dormant": f"Sleepyhollow {tag}",
        "visit": f"Visit from Livelyville {tag}",
        "follow_up": f"Send the minutes {tag}",
        "call": f"Call for green cities {tag}",
        "search": f"Partners sought for schools {tag}",
        "agreement": f"Friendship agreement {tag}",
        "project": f"Water project {tag}",
        "phase": f"Second phase {tag}",
        "contact": f"Jens Jensen {tag}",
    }
    places = {
        key: place_create(
            actor=None, slug=f"{key}-{tag}".lower(), name=names[key], country="SE"
        )
        for key in ("lively", "dormant")
    }
    partnerships = {}
    for key, place in places.items():
        partnership = partnership_create(
            actor=None,
            municipality=municipality,
            slug=f"{key}-{tag}".lower(),
            partner_place=place,
            kind="sister_city",
        )
        partnership_add_event(
            partnership=partnership,
            actor=None,
            kind=EventKind.ESTABLISHED,
            date="2010",
            reason="To work together on schools.",
            internal_reason=f"The mayor of {names[key]} asked for it.",
        )
        partnerships[key] = Partnership.objects.get(pk=partnership.pk)
    lively = partnerships["lively"]
    activity_create(
        actor=None,
        municipality=municipality,
        slug=f"visit-{tag}".lower(),
        kind="incoming_visit",
        title=names["visit"],
        partnership=lively,
        started=_day(10),
    )
    met = activity_create(
        actor=None,
        municipality=municipality,
        slug=f"meeting-{tag}".lower(),
        kind="meeting",
        title=f"Meeting {tag}",
        partnership=lively,
        started=_day(-20),
    )
    follow_up_create(
        actor=None,
        activity=met,
        description=names["follow_up"],
        due=timezone.localdate() - dt.timedelta(days=1),
    )
    funding_opportunity_create(
        actor=None,
        municipality=municipality,
        slug=f"call-{tag}".lower(),
        programme="Interreg",
        title=names["call"],
        deadline=timezone.now() + dt.timedelta(days=20),
        partnerships=[lively],
    )
    partner_search_create(
        actor=None,
        municipality=municipality,
        slug=f"search-{tag}".lower(),
        kind="sought",
        title=names["search"],
        deadline=timezone.localdate() + dt.timedelta(days=30),
        partnerships=[lively],
    )
    agreement_create(
        actor=None,
        partnership=lively,
        kind="friendship",
        title=names["agreement"],
        signed_on="2015-03-01",
        valid_from="2015-03-01",
        valid_until=_day(-400),
    )
    project = project_create(
        actor=None,
        municipality=municipality,
        slug=f"water-{tag}".lower(),
        title=names["project"],
        partnership=lively,
        status="2",
        started="2015",
        ended=str(timezone.localdate().year - 1),
    )
    phase = project_phase_create(
        actor=None, project=project, number=2, title=names["phase"]
    )
    for key, started in (("page", "2020-04"), ("press", "2021-01-15")):
        phase_date_claim_create(
            actor=None,
            phase=phase,
            started=started,
            source=source_create(
                actor=None, key=f"{key}-{tag}".lower(), title=f"{key} {tag}"
            ),
        )
    contact_create(
        actor=None,
        municipality=municipality,
        name=names["contact"],
        retain_until=timezone.localdate() - dt.timedelta(days=1),
    )
    return Portfolio(tag, lively, partnerships["dormant"], names)


def make_roskilde() -> Municipality:
    """Put Roskilde on the platform beside Aarhus."""
    home = place_create(actor=None, slug="roskilde", name="Roskilde", country="DK")
    return municipality_create(
        actor=None,
        slug="roskilde",
        name_da="Roskilde Kommune",
        name_en="Roskilde Municipality",
        place=home,
    )


@pytest.fixture
def roskilde(db: Any) -> Municipality:
    return make_roskilde()


@pytest.fixture
def roskilde_portfolio(roskilde: Municipality) -> Portfolio:
    return portfolio(roskilde, "Roskilde")


@pytest.fixture
def aarhus_portfolio(aarhus: Municipality) -> Portfolio:
    return portfolio(aarhus, "Aarhus")


@pytest.fixture
def roskilde_editor(roskilde: Municipality) -> User:
    return user_create(
        username="rita-roskilde",
        password=PASSWORD,
        role=EDITOR,
        municipalities=[roskilde],
    )


@pytest.fixture
def roskilde_viewer_client(roskilde: Municipality) -> Client:
    client = Client()
    client.force_login(
        user_create(
            username="rolf-roskilde",
            password=PASSWORD,
            role=VIEWER,
            municipalities=[roskilde],
        )
    )
    return client

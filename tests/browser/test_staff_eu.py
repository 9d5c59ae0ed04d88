"""The EU pipeline and matchmaking pages in Chromium: axe-core (WCAG 2.1 A and AA)
in both languages, and no breach of the Content-Security-Policy.

The pages are filled first: a CERV Town-Twinning call with a granted application,
a funded activity and its participant lists, a partner search, an early warning,
and a few pairs of the twin-town network, committed for the live server and
removed after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Max
from django.utils import timezone
from simple_history.manager import HistoryManager

from twinning.activities.models import Activity
from twinning.activities.services import activity_create
from twinning.core.text import name_key
from twinning.core.writes import writing_around_services
from twinning.eu.models import FundingOpportunity, PartnerSearch, PolicyWarning
from twinning.eu.services import (
    application_create,
    application_decide,
    application_submit,
    funding_opportunity_from_template,
    participant_list_create,
    partner_search_create,
    policy_warning_create,
)
from twinning.places.models import Municipality, Place, TwinTownLink
from twinning.places.services import twin_town_links_add

from .test_accessibility import axe_violations, described
from .test_security_browser import COLLECT

# The workspace's sign-in fixtures, shared.
from .test_staff_workspace import member_of_staff, signed_in  # noqa: F401

pytestmark = pytest.mark.browser

PAGES = {"eu": "/{language}/staff/eu/", "matchmaking": "/{language}/staff/matchmaking/"}


def _link(number: int, first: Place, second: tuple[str, str, int]) -> TwinTownLink:
    name, country, geonames_id = second
    return TwinTownLink(
        source="browser-test",
        pair_key=f"browser-{number}",
        place_name=first.name_en or first.name,
        place_country=first.country,
        place_key=name_key(first.name_en or first.name),
        place_geonames_id=first.geonames_id,
        place=first,
        partner_name=name,
        partner_country=country,
        partner_key=name_key(name),
        partner_geonames_id=geonames_id,
    )


def _history_marks() -> dict[Any, int]:
    """Return the newest history row of each model that keeps a history."""
    return {
        model: model.history.aggregate(newest=Max("history_id"))["newest"] or 0
        for model in apps.get_models()
        if isinstance(getattr(model, "history", None), HistoryManager)
    }


@pytest.fixture(scope="module")
def pipeline(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """An EU pipeline of Aarhus, committed so that the live server sees it too.

    It is removed after the module with the history it made: the open-data page
    counts a deletion as a change, and would be dated today in the next tests.
    """
    with django_db_blocker.unblock():
        marks = _history_marks()
        aarhus = Municipality.objects.get(slug="aarhus")
        call = funding_opportunity_from_template(
            actor=None,
            municipality=aarhus,
            template="cerv_town_twinning",
            year=2026,
            deadline=timezone.now() + dt.timedelta(days=30),
        )
        places = {p.slug: p for p in Place.objects.filter(slug__in=["kiel", "turku"])}
        search = partner_search_create(
            actor=None,
            municipality=aarhus,
            slug="browser-search",
            kind="sought",
            title_en="Towns for a citizens' meeting",
            title_da="Byer til et borgermøde",
            funding_opportunity=call,
            deadline=timezone.localdate() + dt.timedelta(days=20),
        )
        meeting = activity_create(
            actor=None,
            municipality=aarhus,
            slug="browser-citizens-meeting",
            kind="seminar",
            title_en="Citizens' meeting",
            title_da="Borgermøde",
            started=(timezone.localdate() + dt.timedelta(days=40)).isoformat(),
            place=aarhus.place,
        )
        application = application_create(
            actor=None,
            municipality=aarhus,
            slug="browser-application",
            call=call,
            title_en="Three towns on democracy",
            title_da="Tre byer om demokrati",
            partner_places=list(places.values()),
            partner_search=search,
            requested=Decimal("30000"),
            activities=[meeting],
        )
        application = application_submit(
            application=application,
            on=timezone.localdate(),
            actor=None,
            expected_version=application.version,
        )
        application = application_decide(
            application=application,
            outcome="granted",
            on=timezone.localdate(),
            granted=Decimal("28000"),
            actor=None,
            expected_version=application.version,
        )
        for town, participation, count in (
            (aarhus.place, "local", 30),
            (places["kiel"], "invited", 15),
            (places["turku"], "invited", 6),
        ):
            participant_list_create(
                actor=None,
                activity=meeting,
                application=application,
                town=town,
                participation=participation,
                participants=count,
                signed=town != places["turku"],
            )
        policy_warning_create(
            actor=None,
            municipality=aarhus,
            slug="browser-warning",
            topic_en="New rules on water reuse",
            topic_da="Nye regler for genbrug af vand",
            date=timezone.localdate(),
            source="Central Denmark EU Office",
        )
        turku = places["turku"]
        twin_town_links_add(
            source="browser-test",
            links=[
                _link(1, turku, ("Varna", "BG", 726050)),
                _link(2, places["kiel"], ("Varna", "BG", 726050)),
                _link(3, aarhus.place, ("Sandvika", "NO", 3141310)),
            ],
        )
        yield
        with writing_around_services():
            TwinTownLink.objects.filter(source="browser-test").delete()
            application.delete()
            Activity.objects.filter(pk=meeting.pk).delete()
            PolicyWarning.objects.filter(slug="browser-warning").delete()
            PartnerSearch.objects.filter(pk=search.pk).delete()
            FundingOpportunity.objects.filter(pk=call.pk).delete()
            for model, mark in marks.items():
                model.history.filter(history_id__gt=mark).delete()


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag_violation(
    pipeline: None,
    signed_in: Any,  # noqa: F811
    name: str,
    language: str,
) -> None:
    # axe-core is injected as an inline script, which the policy rightly refuses.
    page, _loads = signed_in(PAGES[name].format(language=language), bypass_csp=True)

    violations = axe_violations(page)

    assert not violations, described(violations)


def test_the_pipeline_shows_the_grant_and_its_unmet_threshold(
    pipeline: None,
    signed_in: Any,  # noqa: F811
) -> None:
    page, _loads = signed_in("/da/staff/eu/")

    text = page.locator("#participants").inner_text()
    assert "Borgermøde" in text
    assert "ikke opfyldt" in text
    assert "1 uden underskrevet liste" in text


@pytest.mark.parametrize("name", list(PAGES))
def test_page_breaks_no_rule_of_the_content_security_policy(
    pipeline: None,
    signed_in: Any,  # noqa: F811
    name: str,
) -> None:
    page, _loads = signed_in(PAGES[name].format(language="da"), init_script=COLLECT)
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.__violations") == []

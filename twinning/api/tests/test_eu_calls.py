"""The API gives a call's deadline time zone, eligibility and thresholds."""

from __future__ import annotations

import pytest

from twinning.eu.services import (
    funding_opportunity_from_template,
    funding_opportunity_update,
)

pytestmark = pytest.mark.django_db


def test_a_town_twinning_call_is_read_with_its_thresholds(client, aarhus):
    call = funding_opportunity_from_template(
        actor=None, municipality=aarhus, template="cerv_town_twinning", year=2026
    )
    funding_opportunity_update(
        funding_opportunity=call,
        actor=None,
        expected_version=call.version,
        is_public=True,
    )

    response = client.get("/api/v1/funding-opportunities/cerv-town-twinning-2026")

    assert response.status_code == 200
    body = response.json()
    assert body["call_identifier"] == "CERV-2026-CITIZENS-TOWN-TT"
    assert body["deadline_time_zone"] == "Europe/Brussels"
    assert body["min_direct_participants"] == 50
    assert body["min_invited_participants"] == 25
    assert body["min_countries"] == 2
    assert body["eligibility"]["en"].startswith("Towns and municipalities")
    assert body["eligibility"]["da"].startswith("Byer og kommuner")


def test_a_call_made_from_a_template_is_internal_until_published(client, aarhus):
    funding_opportunity_from_template(
        actor=None, municipality=aarhus, template="cerv_town_twinning", year=2026
    )

    response = client.get("/api/v1/funding-opportunities/cerv-town-twinning-2026")

    assert response.status_code == 404

"""The public EU office page lists the open calls and partner searches made public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from twinning.eu.tests.factories import (
    ApplicationFactory,
    FundingOpportunityFactory,
    PartnerSearchFactory,
    PolicyWarningFactory,
)
from twinning.places.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_open_public_calls_and_searches_are_listed_internal_ones_are_not(
    client, aarhus
):
    soon = timezone.now() + dt.timedelta(days=40)
    public_call = FundingOpportunityFactory(
        title_en="Green towns call", deadline=soon, call_identifier="LIFE-2026-GT"
    )
    FundingOpportunityFactory(title_en="Call still being read", is_public=False)
    FundingOpportunityFactory(title_en="Closed call", status="closed")
    PartnerSearchFactory(title_en="Schools sought for climate", is_public=True)
    PartnerSearchFactory(title_en="Search kept internal")
    ApplicationFactory(call=public_call, title_en="Our secret application")
    PolicyWarningFactory(topic_en="Warning kept internal")

    page = client.get("/en/eu-office/").content.decode()

    assert "Green towns call" in page
    assert "LIFE-2026-GT" in page
    assert "Europe/Brussels" in page
    assert "Schools sought for climate" in page
    for internal in (
        "Call still being read",
        "Closed call",
        "Search kept internal",
        "Our secret application",
        "Warning kept internal",
    ):
        assert internal not in page


def test_another_municipalitys_calls_stay_on_its_own_page(client, aarhus):
    roskilde = MunicipalityFactory(slug="roskilde")
    FundingOpportunityFactory(municipality=roskilde, title_en="Roskilde's call")

    page = client.get("/en/eu-office/").content.decode()

    assert "Roskilde&#x27;s call" not in page
    assert "Roskilde's call" not in page

"""Funding calls and partner searches: their rules, public rule and municipality."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from twinning.eu.choices import OpportunityStatus
from twinning.eu.selectors import funding_opportunities_public
from twinning.eu.tests.factories import FundingOpportunityFactory, PartnerSearchFactory
from twinning.places.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = dt.timezone(dt.timedelta(hours=1))


def test_a_deadline_cannot_be_before_the_call_opens(editor):
    with pytest.raises(ValidationError):
        FundingOpportunityFactory(
            actor=editor,
            opens=dt.date(2027, 3, 1),
            deadline=dt.datetime(2027, 2, 1, 17, tzinfo=COPENHAGEN),
        )


def test_public_calls_come_by_deadline_with_those_without_one_last(aarhus, editor):
    late = FundingOpportunityFactory(
        actor=editor, deadline=dt.datetime(2027, 9, 1, 17, tzinfo=COPENHAGEN)
    )
    early = FundingOpportunityFactory(
        actor=editor, deadline=dt.datetime(2027, 2, 1, 17, tzinfo=COPENHAGEN)
    )
    undated = FundingOpportunityFactory(actor=editor)
    internal = FundingOpportunityFactory(actor=editor, is_public=False)
    theirs = FundingOpportunityFactory(municipality=MunicipalityFactory())

    listed = [
        call
        for call in funding_opportunities_public(municipality=aarhus)
        if call in {late, early, undated, internal, theirs}
    ]

    assert listed == [early, late, undated]


def test_calls_can_be_listed_by_status(aarhus, editor):
    closed = FundingOpportunityFactory(actor=editor, status=OpportunityStatus.CLOSED)
    still_open = FundingOpportunityFactory(actor=editor)

    listed = set(
        funding_opportunities_public(
            municipality=aarhus, status=OpportunityStatus.CLOSED
        )
    )

    assert closed in listed
    assert still_open not in listed


def test_a_partner_search_slug_is_unique_within_its_municipality(editor):
    PartnerSearchFactory(actor=editor, slug="smart-harbours")
    PartnerSearchFactory(slug="smart-harbours", municipality=MunicipalityFactory())

    with pytest.raises(ValidationError) as raised:
        PartnerSearchFactory(actor=editor, slug="smart-harbours")

    assert "slug" in raised.value.error_dict

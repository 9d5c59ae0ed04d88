"""Funding calls and partner searches linked to partnerships, projects, each other."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from twinning.eu.models import FundingOpportunity, PartnerSearch
from twinning.eu.tests.factories import FundingOpportunityFactory, PartnerSearchFactory
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_create
from twinning.places.models import Place
from twinning.projects.models import Project

pytestmark = pytest.mark.django_db


def test_a_call_and_a_partner_search_link_to_partnerships_projects_and_each_other(
    aarhus,
):
    tshwane = Partnership.objects.get(municipality=aarhus, slug="tshwane")
    project = Project.objects.filter(municipality=aarhus).first()

    call = FundingOpportunityFactory(partnerships=[tshwane], projects=[project])
    search = PartnerSearchFactory(
        partnerships=[tshwane], projects=[project], funding_opportunity=call
    )

    assert list(tshwane.fundingopportunity_set.all()) == [call]
    assert list(project.partnersearch_set.all()) == [search]
    assert list(call.partner_searches.all()) == [search]


def test_a_call_cannot_link_to_another_municipalitys_partnership(roskilde):
    theirs = partnership_create(
        actor=None,
        municipality=roskilde,
        slug="bergen",
        partner_place=Place.objects.get(slug="bergen"),
        kind="sister_city",
    )
    before = FundingOpportunity.objects.count()

    with pytest.raises(ValidationError) as refused:
        FundingOpportunityFactory(partnerships=[theirs])

    assert "partnerships" in refused.value.message_dict
    assert FundingOpportunity.objects.count() == before


def test_a_partner_search_cannot_name_another_municipalitys_call(roskilde):
    theirs = FundingOpportunityFactory(municipality=roskilde)

    with pytest.raises(ValidationError) as refused:
        PartnerSearchFactory(funding_opportunity=theirs)

    assert "funding_opportunity" in refused.value.message_dict
    assert not PartnerSearch.objects.filter(funding_opportunity=theirs).exists()

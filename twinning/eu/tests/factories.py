"""Funding calls and partner searches, made through their services."""

from __future__ import annotations

import factory

from twinning.core.tests.factories import ServiceFactory
from twinning.eu.choices import PartnerSearchKind
from twinning.eu.models import FundingOpportunity, PartnerSearch
from twinning.eu.services import funding_opportunity_create, partner_search_create
from twinning.partnerships.tests.factories import aarhus


class FundingOpportunityFactory(ServiceFactory):
    class Meta:
        model = FundingOpportunity

    service = staticmethod(funding_opportunity_create)
    municipality = factory.LazyFunction(aarhus)
    slug = factory.Sequence(lambda n: f"call-{n}")
    programme = "Horizon Europe"
    title_en = factory.Sequence(lambda n: f"Call {n}")


class PartnerSearchFactory(ServiceFactory):
    class Meta:
        model = PartnerSearch

    service = staticmethod(partner_search_create)
    municipality = factory.LazyFunction(aarhus)
    slug = factory.Sequence(lambda n: f"search-{n}")
    kind = PartnerSearchKind.SOUGHT
    title_en = factory.Sequence(lambda n: f"Partner search {n}")

"""Factories for EU work, written through the services."""

from __future__ import annotations

import factory

from twinning.core.tests.factories import ServiceFactory
from twinning.eu.choices import PartnerSearchKind
from twinning.eu.models import FundingOpportunity, PartnerSearch
from twinning.places.tests.factories import home


class FundingOpportunityFactory(ServiceFactory):
    class Meta:
        model = FundingOpportunity

    municipality = factory.LazyFunction(home)
    slug = factory.Sequence(lambda n: f"call-{n}")
    programme = "Interreg North Sea"
    title_en = factory.Sequence(lambda n: f"Call {n}")
    title_da = factory.Sequence(lambda n: f"Opslag {n}")


class PartnerSearchFactory(ServiceFactory):
    class Meta:
        model = PartnerSearch

    municipality = factory.LazyFunction(home)
    slug = factory.Sequence(lambda n: f"search-{n}")
    kind = PartnerSearchKind.SOUGHT
    title_en = factory.Sequence(lambda n: f"Partner search {n}")
    title_da = factory.Sequence(lambda n: f"Partnersøgning {n}")

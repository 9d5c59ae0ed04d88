"""Factories for EU work, written through the services."""

from __future__ import annotations

import factory
from django.utils import timezone

from twinning.core.tests.factories import ServiceFactory
from twinning.eu.choices import PartnerSearchKind
from twinning.eu.models import (
    Application,
    FundingOpportunity,
    PartnerSearch,
    PolicyWarning,
)
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


class ApplicationFactory(ServiceFactory):
    class Meta:
        model = Application

    municipality = factory.LazyFunction(home)
    slug = factory.Sequence(lambda n: f"application-{n}")
    call = factory.SubFactory(FundingOpportunityFactory)
    title_en = factory.Sequence(lambda n: f"Application {n}")
    title_da = factory.Sequence(lambda n: f"Ansøgning {n}")


class PolicyWarningFactory(ServiceFactory):
    class Meta:
        model = PolicyWarning

    municipality = factory.LazyFunction(home)
    slug = factory.Sequence(lambda n: f"warning-{n}")
    topic_en = factory.Sequence(lambda n: f"Warning {n}")
    topic_da = factory.Sequence(lambda n: f"Varsel {n}")
    date = factory.LazyFunction(timezone.localdate)
    source = "Central Denmark EU Office"

"""Factories for results, written through the services."""

from __future__ import annotations

import factory

from twinning.core.tests.factories import ServiceFactory
from twinning.places.tests.factories import home
from twinning.results.choices import ResultKind
from twinning.results.models import Result


class ResultFactory(ServiceFactory):
    class Meta:
        model = Result

    municipality = factory.LazyFunction(home)
    slug = factory.Sequence(lambda n: f"result-{n}")
    kind = ResultKind.BUSINESS_DEAL
    title_en = factory.Sequence(lambda n: f"Result {n}")
    title_da = factory.Sequence(lambda n: f"Resultat {n}")

"""Results, made through their service."""

from __future__ import annotations

import factory

from twinning.core.tests.factories import ServiceFactory
from twinning.results.choices import ResultKind
from twinning.results.models import Result
from twinning.results.services import result_create


class ResultFactory(ServiceFactory):
    """A public business deal of Aarhus's, under a partnership of its own."""

    class Meta:
        model = Result

    service = staticmethod(result_create)
    partnership = factory.SubFactory(
        "twinning.partnerships.tests.factories.PartnershipFactory"
    )
    municipality = factory.LazyAttribute(lambda r: r.partnership.municipality)
    slug = factory.Sequence(lambda n: f"deal-{n}")
    kind = ResultKind.BUSINESS_DEAL
    title_en = factory.Sequence(lambda n: f"Deal {n}")
    is_public = True

"""Partnerships, made through their services."""

from __future__ import annotations

import factory

from twinning.core.tests.factories import ServiceFactory
from twinning.partnerships.choices import PartnershipKind
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_create
from twinning.places.models import Municipality
from twinning.places.tests.factories import PlaceFactory


def aarhus() -> Municipality:
    """The shipped dataset's home municipality, which every test starts with."""
    return Municipality.objects.get(slug="aarhus")


class PartnershipFactory(ServiceFactory):
    """A public cooperation of Aarhus with a town of its own."""

    class Meta:
        model = Partnership

    service = staticmethod(partnership_create)
    municipality = factory.LazyFunction(aarhus)
    partner_place = factory.SubFactory(PlaceFactory)
    slug = factory.LazyAttribute(lambda p: p.partner_place.slug)
    kind = PartnershipKind.COOPERATION
    description_en = factory.LazyAttribute(
        lambda p: f"Cooperation with {p.partner_place.name_en}."
    )

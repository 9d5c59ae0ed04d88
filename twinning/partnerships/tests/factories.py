"""Partnerships, made through their services."""

from __future__ import annotations

import factory

from twinning.core.tests.factories import ServiceFactory
from twinning.partnerships.choices import PartnershipKind
from twinning.partnerships.models import Partnership
from twinning.places.tests.factories import PlaceFactory, home


class PartnershipFactory(ServiceFactory):
    """A public cooperation of Aarhus with a town of its own."""

    class Meta:
        model = Partnership

    municipality = factory.LazyFunction(home)
    partner_place = factory.SubFactory(PlaceFactory)
    slug = factory.LazyAttribute(lambda p: p.partner_place.slug)
    kind = PartnershipKind.COOPERATION
    description_en = factory.LazyAttribute(
        lambda p: f"Cooperation with {p.partner_place.name_en}."
    )

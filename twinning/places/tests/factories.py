"""Places, organisations and home municipalities, made through their services."""

from __future__ import annotations

import factory

from twinning.core.tests.factories import ServiceFactory
from twinning.places.models import Municipality, Organisation, Place


def home(slug: str = "aarhus") -> Municipality:
    """A home municipality of the shipped dataset, which every test starts with."""
    return Municipality.objects.get(slug=slug)


class PlaceFactory(ServiceFactory):
    class Meta:
        model = Place

    slug = factory.Sequence(lambda n: f"town-{n}")
    name_en = factory.Sequence(lambda n: f"Town {n}")
    country = "SE"


class OrganisationFactory(ServiceFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "company"


class MunicipalityFactory(ServiceFactory):
    """A home municipality besides Aarhus, with its own place."""

    class Meta:
        model = Municipality

    slug = factory.Sequence(lambda n: f"kommune-{n}")
    name_da = factory.Sequence(lambda n: f"Kommune {n}")
    name_en = factory.Sequence(lambda n: f"Municipality {n}")
    place = factory.SubFactory(PlaceFactory, country="DK")

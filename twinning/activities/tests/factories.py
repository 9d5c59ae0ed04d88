"""Activities and their parts, made through their services."""

from __future__ import annotations

import factory

from twinning.activities.choices import ActivityKind
from twinning.activities.models import Activity
from twinning.activities.services import activity_create
from twinning.core.tests.factories import ServiceFactory
from twinning.partnerships.tests.factories import PartnershipFactory


class ActivityFactory(ServiceFactory):
    """A public visit under a partnership of its own, in its municipality."""

    class Meta:
        model = Activity

    service = staticmethod(activity_create)
    partnership = factory.SubFactory(PartnershipFactory)
    municipality = factory.LazyAttribute(lambda a: a.partnership.municipality)
    slug = factory.Sequence(lambda n: f"visit-{n}")
    kind = ActivityKind.INCOMING_VISIT
    title_en = factory.Sequence(lambda n: f"Visit {n}")
    started = "2024-05-02"
    is_public = True

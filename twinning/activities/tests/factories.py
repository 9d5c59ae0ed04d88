"""Factories for activities and what hangs under them, written through the services.

A factory builds its record with the model's registered create service (as the back
office would), so that a test's set-up obeys the same rules as the application.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from twinning.activities.choices import (
    ActivityKind,
    BudgetKind,
    GiftDirection,
    ParticipantRole,
)
from twinning.activities.models import (
    Activity,
    BudgetLine,
    FollowUp,
    Gift,
    Participant,
    ProgrammeStop,
)
from twinning.core.tests.factories import ServiceFactory
from twinning.places.tests.factories import home


class ActivityFactory(ServiceFactory):
    class Meta:
        model = Activity

    municipality = factory.LazyFunction(home)
    slug = factory.Sequence(lambda n: f"activity-{n}")
    kind = ActivityKind.INCOMING_VISIT
    title_en = factory.Sequence(lambda n: f"Visit {n}")
    title_da = factory.Sequence(lambda n: f"Besøg {n}")
    started = factory.LazyFunction(
        lambda: (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    )


class ProgrammeStopFactory(ServiceFactory):
    class Meta:
        model = ProgrammeStop

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    venue = "City Hall"
    host = "The Mayor"


class ParticipantFactory(ServiceFactory):
    class Meta:
        model = Participant

    activity = factory.SubFactory(ActivityFactory)
    role = ParticipantRole.DELEGATE


class BudgetLineFactory(ServiceFactory):
    class Meta:
        model = BudgetLine

    activity = factory.SubFactory(ActivityFactory)
    kind = BudgetKind.HOSPITALITY
    planned = Decimal("1000.00")


class GiftFactory(ServiceFactory):
    class Meta:
        model = Gift

    activity = factory.SubFactory(ActivityFactory)
    direction = GiftDirection.GIVEN
    description = "A book about the city"
    counterpart = "The visiting mayor"


class FollowUpFactory(ServiceFactory):
    class Meta:
        model = FollowUp

    activity = factory.SubFactory(ActivityFactory)
    description = "Send the minutes"
    due = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))

"""A synthetic platform for benchmarks, made in bulk through one service."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from twinning.activities.models import Activity
from twinning.partnerships.models import (
    Partnership,
    PartnershipEvent,
    derive_status,
)
from twinning.places.models import Municipality
from twinning.results.models import Result

pytestmark = pytest.mark.django_db


def test_make_synthetic_adds_municipalities_with_their_portfolios() -> None:
    before = Municipality.objects.count()

    call_command("make_synthetic", municipalities=3, partnerships=7, verbosity=0)

    made = Municipality.objects.filter(slug__startswith="synthetic-")
    assert made.count() == 3 == Municipality.objects.count() - before
    for municipality in made:
        partnerships = Partnership.objects.filter(municipality=municipality)
        assert partnerships.count() == 7
        assert Activity.objects.filter(municipality=municipality).count() == 7
        assert Result.objects.filter(municipality=municipality).count() == 4
        assert (
            PartnershipEvent.objects.filter(partnership__municipality=municipality)
            .filter(kind="established")
            .count()
            == 7
        )
        # Status, start and end agree with the events, as the services keep them.
        for partnership in partnerships:
            derived = derive_status(partnership.events.all())
            assert (derived.status, derived.started, derived.ended) == (
                partnership.status,
                partnership.started,
                partnership.ended,
            )

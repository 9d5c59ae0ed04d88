"""A result's rules and its public rule, on records of its own."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from twinning.activities.tests.factories import ActivityFactory
from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.tests.factories import MunicipalityFactory
from twinning.results.models import Result
from twinning.results.selectors import results_public
from twinning.results.tests.factories import ResultFactory

pytestmark = pytest.mark.django_db


def test_a_value_needs_its_currency(editor):
    with pytest.raises(ValidationError) as raised:
        ResultFactory(actor=editor, value=Decimal("250000"))
    assert "currency" in raised.value.error_dict

    deal = ResultFactory(actor=editor, value=Decimal("250000"), currency="DKK")
    assert deal.currency == "DKK"


def test_a_result_cannot_come_from_another_municipalitys_activity(aarhus, editor):
    elsewhere = MunicipalityFactory()
    mission = ActivityFactory(municipality=elsewhere)

    with pytest.raises(ValidationError) as raised:
        ResultFactory(actor=editor, municipality=aarhus, activity=mission)

    assert [e.code for e in raised.value.error_dict["activity"]] == [
        "other_municipality"
    ]
    assert not Result.objects.filter(activity=mission).exists()


def test_a_result_of_an_internal_activity_is_not_public(aarhus, editor):
    partnership = PartnershipFactory()
    mission = ActivityFactory(actor=editor, partnership=partnership, is_public=False)
    from_the_mission = ResultFactory(
        actor=editor, partnership=partnership, activity=mission, is_public=True
    )
    from_the_partnership = ResultFactory(
        actor=editor, partnership=partnership, is_public=True
    )

    public = set(results_public(municipality=aarhus))

    assert from_the_partnership in public
    assert from_the_mission not in public


def test_a_result_is_hidden_with_its_internal_partnership(aarhus, editor):
    hidden = ResultFactory(
        actor=editor, partnership=PartnershipFactory(is_public=False), is_public=True
    )
    internal = ResultFactory(actor=editor, is_public=False)

    public = set(results_public(municipality=aarhus))

    assert hidden not in public
    assert internal not in public


def test_a_result_is_listed_only_for_its_own_municipality(aarhus, editor):
    elsewhere = MunicipalityFactory()
    theirs = ResultFactory(municipality=elsewhere, is_public=True)

    assert theirs not in set(results_public(municipality=aarhus))
    assert theirs in set(results_public(municipality=elsewhere))

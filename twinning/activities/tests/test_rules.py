"""An activity's rules, its public rule and the date filter, on records of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from twinning.activities.choices import ParticipantRole
from twinning.activities.models import Activity
from twinning.activities.selectors import activities_public
from twinning.activities.services import activity_update, participant_create
from twinning.activities.tests.factories import ActivityFactory
from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    """The codes of a refused write, by field."""
    return {
        field: [error.code for error in field_errors]
        for field, field_errors in raised.value.error_dict.items()
    }


def test_an_activity_under_another_municipalitys_partnership_names_the_field(
    aarhus, editor
):
    elsewhere = PartnershipFactory(municipality=MunicipalityFactory())

    with pytest.raises(ValidationError) as raised:
        ActivityFactory(actor=editor, partnership=elsewhere, municipality=aarhus)

    assert errors(raised) == {"partnership": ["other_municipality"]}
    assert not Activity.objects.filter(partnership=elsewhere).exists()


def test_an_activity_needs_a_start_and_cannot_end_before_it(editor):
    with pytest.raises(ValidationError) as raised:
        ActivityFactory(actor=editor, started="")
    assert "started" in errors(raised) or "__all__" in errors(raised)

    with pytest.raises(ValidationError) as raised:
        ActivityFactory(actor=editor, started="2024-05-02", ended="2024-04")
    assert "ended" in errors(raised)


def test_a_slug_is_unique_within_a_municipality_not_across(editor):
    ActivityFactory(actor=editor, slug="study-tour")
    elsewhere = MunicipalityFactory()

    other = ActivityFactory(slug="study-tour", municipality=elsewhere)
    assert other.municipality == elsewhere

    with pytest.raises(ValidationError) as raised:
        ActivityFactory(actor=editor, slug="study-tour")
    assert "slug" in errors(raised)


def test_a_public_activity_is_hidden_with_its_internal_partnership(aarhus, editor):
    shown = ActivityFactory(
        actor=editor, partnership=PartnershipFactory(), is_public=True
    )
    hidden = ActivityFactory(
        actor=editor, partnership=PartnershipFactory(is_public=False), is_public=True
    )
    internal = ActivityFactory(actor=editor, is_public=False)

    public = set(activities_public(municipality=aarhus))

    assert shown in public
    assert hidden not in public
    assert internal not in public


def test_the_date_filter_takes_a_month_as_possibly_in_the_range(aarhus, editor):
    april = ActivityFactory(actor=editor, started="2022-04", is_public=True)
    may = ActivityFactory(actor=editor, started="2022-05-20", is_public=True)

    found = set(
        activities_public(
            municipality=aarhus,
            date_from=dt.date(2022, 4, 15),
            date_to=dt.date(2022, 4, 30),
        )
    )

    assert april in found
    assert may not in found


def test_a_change_is_in_the_history_with_who_made_it(editor):
    activity = ActivityFactory(actor=editor, title_en="Study tour")

    activity_update(
        activity=activity,
        actor=editor,
        expected_version=activity.version,
        title_en="Study tour on water",
    )

    latest = activity.history.latest()
    assert latest.title_en == "Study tour on water"
    assert latest.history_user == editor


def test_a_participant_is_an_organisation_or_a_person(editor):
    activity = ActivityFactory(actor=editor)

    with pytest.raises(ValidationError):
        participant_create(actor=editor, activity=activity, role=ParticipantRole.HOST)

    assert not activity.participants.exists()

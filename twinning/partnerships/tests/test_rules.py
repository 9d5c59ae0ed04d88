"""The rules a partnership keeps, whatever the way in: each refused with its message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from twinning.core.writes import writing_around_services
from twinning.partnerships.choices import EventKind, PartnershipKind
from twinning.partnerships.models import Partnership, PartnershipEvent
from twinning.partnerships.services import (
    partnership_add_event,
    partnership_create,
    partnership_update,
)
from twinning.places.models import Organisation, Place

pytestmark = pytest.mark.django_db


def bergen():
    return Partnership.objects.get(slug="bergen")


def counts():
    return (
        Partnership.objects.count(),
        PartnershipEvent.objects.count(),
        Partnership.history.count(),
    )


def test_a_second_partnership_of_the_same_kind_with_the_same_partner_is_refused(
    aarhus, editor
):
    before = counts()

    with pytest.raises(ValidationError) as error:
        partnership_create(
            actor=editor,
            municipality=aarhus,
            slug="bergen-again",
            kind=PartnershipKind.SISTER_CITY,
            partner_place=Place.objects.get(slug="bergen"),
        )

    assert "already has a sister city partnership with Bergen" in str(
        error.value.message_dict["partner_place"]
    )
    assert counts() == before


def test_a_partnership_of_another_kind_with_the_same_partner_is_allowed(aarhus, editor):
    partnership = partnership_create(
        actor=editor,
        municipality=aarhus,
        slug="bergen-water",
        kind=PartnershipKind.SECTOR_COOPERATION,
        partner_place=Place.objects.get(slug="bergen"),
    )

    assert partnership.pk


def test_the_database_refuses_a_duplicate_partnership_written_around_the_services(
    aarhus,
):
    duplicate = Partnership(
        municipality=aarhus,
        slug="bergen-raw",
        kind=PartnershipKind.SISTER_CITY,
        partner_place=Place.objects.get(slug="bergen"),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        with writing_around_services():
            duplicate.save()


def test_a_partnership_needs_exactly_one_partner(aarhus, editor):
    with pytest.raises(ValidationError) as error:
        partnership_create(
            actor=editor,
            municipality=aarhus,
            slug="nobody",
            kind=PartnershipKind.COOPERATION,
        )
    assert "partner_place" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        partnership_create(
            actor=editor,
            municipality=aarhus,
            slug="both",
            kind=PartnershipKind.COOPERATION,
            partner_place=Place.objects.get(slug="bergen"),
            partner_organisation=Organisation.objects.get(slug="aarhus-vand"),
        )
    assert "not both" in str(error.value.message_dict["partner_organisation"])


def test_the_status_cannot_be_changed_other_than_by_an_event(editor):
    partnership = bergen()
    before = counts()

    with pytest.raises(ValidationError) as error:
        partnership_update(
            partnership=partnership,
            actor=editor,
            expected_version=partnership.version,
            status="limited",
        )

    assert "add an event" in str(error.value.message_dict["status"])
    assert bergen().status == "active"
    assert counts() == before


def test_a_partnership_cannot_be_terminated_without_a_dated_termination_event(editor):
    partnership = bergen()
    before = counts()

    with pytest.raises(ValidationError) as error:
        partnership_update(
            partnership=partnership,
            actor=editor,
            expected_version=partnership.version,
            status="terminated",
        )

    assert "dated termination event" in str(error.value.message_dict["status"])
    assert bergen().status == "active"
    assert counts() == before


def test_a_termination_event_needs_a_date(editor):
    before = counts()

    with pytest.raises(ValidationError) as error:
        partnership_add_event(
            partnership=bergen(), actor=editor, kind=EventKind.TERMINATED, date=""
        )

    assert "date" in error.value.message_dict
    assert counts() == before


def test_an_event_that_cannot_follow_the_status_before_it_is_refused(editor):
    before = counts()

    with pytest.raises(ValidationError) as error:
        partnership_add_event(
            partnership=bergen(), actor=editor, kind=EventKind.RESUMED, date="2024-05"
        )

    assert "cannot be “resumed”" in str(error.value.message_dict["kind"])
    assert counts() == before


def test_an_event_date_that_is_no_date_is_refused_with_its_value(editor):
    with pytest.raises(ValidationError) as error:
        partnership_add_event(
            partnership=bergen(), actor=editor, kind=EventKind.LIMITED, date="2024-13"
        )

    assert "2024-13" in str(error.value.message_dict["date"])


def test_the_database_refuses_an_event_without_a_date():
    event = PartnershipEvent(partnership=bergen(), kind=EventKind.LIMITED, date="")
    with pytest.raises(IntegrityError), transaction.atomic():
        with writing_around_services():
            event.save()


def test_a_refusal_is_explained_in_danish_to_a_danish_user(editor):
    partnership = bergen()

    with translation.override("da"):
        with pytest.raises(ValidationError) as error:
            partnership_update(
                partnership=partnership,
                actor=editor,
                expected_version=partnership.version,
                status="limited",
            )

        assert "tilføj en hændelse" in str(error.value.message_dict["status"])

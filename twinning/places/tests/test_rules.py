import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from twinning.core.writes import writing_around_services
from twinning.places.models import Place
from twinning.places.services import organisation_create, place_create, place_update

pytestmark = pytest.mark.django_db


def test_an_unknown_country_code_is_refused_with_its_value(editor):
    before = Place.objects.count()

    with pytest.raises(ValidationError) as error:
        place_create(actor=editor, slug="atlantis", name_en="Atlantis", country="XA")

    assert "“XA” is not an ISO 3166-1 alpha-2 country code" in str(
        error.value.message_dict["country"]
    )
    assert Place.objects.count() == before


def test_an_organisation_with_an_unknown_country_is_refused(editor):
    with pytest.raises(ValidationError) as error:
        organisation_create(
            actor=editor, slug="acme", name_en="Acme", kind="company", country="ZZ"
        )

    assert "country" in error.value.message_dict


def test_the_database_refuses_a_country_that_is_not_two_capitals():
    place = Place(slug="nowhere", name="Nowhere", country="dk")
    with pytest.raises(IntegrityError), transaction.atomic():
        with writing_around_services():
            place.save()


def test_an_other_name_used_until_before_it_was_used_from_is_refused(editor):
    with pytest.raises(ValidationError) as error:
        place_create(
            actor=editor,
            slug="nuuk",
            name_en="Nuuk",
            country="GL",
            other_names=[
                {
                    "name": "Godthåb",
                    "language": "da",
                    "valid_from": "1979",
                    "valid_until": "1728",
                }
            ],
        )

    assert "cannot be before the start" in str(error.value.message_dict["valid_until"])
    assert not Place.objects.filter(slug="nuuk").exists()


def test_a_place_keeps_its_other_names_over_time():
    qaqortoq = Place.objects.get(slug="qaqortoq")

    assert qaqortoq.successor.slug == "kujalleq"
    assert "Julianehåb" in {name.name for name in qaqortoq.names.all()}


def test_a_place_cannot_succeed_itself(editor):
    place = Place.objects.get(slug="qaqortoq")

    with pytest.raises(ValidationError):
        place_update(
            place=place, actor=editor, expected_version=place.version, successor=place
        )

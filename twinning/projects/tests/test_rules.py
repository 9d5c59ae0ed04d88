from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from twinning.core.writes import writing_around_services
from twinning.projects.models import Project, ProjectSector
from twinning.projects.services import (
    project_create,
    project_set_sectors,
    project_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tema_project():
    project = Project.objects.filter(slug__startswith="tema").first()
    assert project is not None
    return project


def shares(project):
    return sorted(
        (share.sector_id, share.percentage)
        for share in ProjectSector.objects.filter(project=project)
    )


def test_sector_percentages_that_do_not_add_up_to_100_are_refused(tema_project, editor):
    before = shares(tema_project)

    with pytest.raises(ValidationError) as error:
        project_set_sectors(
            project=tema_project, actor=editor, sectors={"14022": 60, "14020": 30}
        )

    assert "add up to 90; they must add up to 100" in str(
        error.value.message_dict["percentage"]
    )
    assert shares(tema_project) == before


def test_an_unknown_dac_sector_code_is_refused_with_the_code(tema_project, editor):
    before = shares(tema_project)

    with pytest.raises(ValidationError) as error:
        project_set_sectors(project=tema_project, actor=editor, sectors={"99999": 100})

    assert "99999 is not a known OECD DAC sector code" in str(
        error.value.message_dict["sector"]
    )
    assert shares(tema_project) == before


def test_a_sector_share_with_an_unknown_code_is_refused_by_validation(tema_project):
    share = ProjectSector(
        project=tema_project, sector_id="99999", percentage=Decimal(100)
    )

    with pytest.raises(ValidationError) as error:
        share.full_clean()

    assert "99999 is not a known OECD DAC sector code" in str(
        error.value.message_dict["sector"]
    )


def test_sectors_that_add_up_to_100_replace_the_old_ones(tema_project, editor):
    project_set_sectors(
        project=tema_project, actor=editor, sectors={"14022": "62.5", "14020": "37.5"}
    )

    assert shares(tema_project) == [
        ("14020", Decimal("37.50")),
        ("14022", Decimal("62.50")),
    ]


def test_a_project_ending_before_it_started_is_refused(aarhus, editor):
    with pytest.raises(ValidationError) as error:
        project_create(
            actor=editor,
            municipality=aarhus,
            slug="backwards",
            title_en="Backwards",
            started="2020-05",
            ended="2019",
        )

    assert "The end (2019) cannot be before the start (2020-05)" in str(
        error.value.message_dict["ended"]
    )
    assert not Project.objects.filter(slug="backwards").exists()


def test_an_end_within_the_start_year_at_year_precision_is_allowed(aarhus, editor):
    project = project_create(
        actor=editor,
        municipality=aarhus,
        slug="short",
        title_en="Short",
        started="2020-05",
        ended="2020",
    )

    assert project.pk


def test_the_database_refuses_an_end_before_the_start_written_around_the_services(
    aarhus,
):
    project = Project(
        municipality=aarhus, slug="raw", title="Raw", started="2020-05", ended="2020-04"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        with writing_around_services():
            project.save()


def test_a_budget_needs_its_currency_and_value_date(tema_project, editor):
    with pytest.raises(ValidationError) as error:
        project_update(
            project=tema_project,
            actor=editor,
            expected_version=tema_project.version,
            budget_amount=Decimal("1000000"),
        )

    assert error.value.message_dict == {
        "budget_currency": ["A budget needs its currency."],
        "budget_value_date": ["A budget needs its value date."],
    }


def test_an_unknown_currency_is_refused(tema_project, editor):
    with pytest.raises(ValidationError) as error:
        project_update(
            project=tema_project,
            actor=editor,
            expected_version=tema_project.version,
            budget_currency="XXQ",
        )

    assert "XXQ" in str(error.value.message_dict["budget_currency"])

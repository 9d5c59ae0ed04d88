"""A result linked to where it came from; results found by the days they were made."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twinning.activities.choices import ActivityKind
from twinning.activities.tests.factories import ActivityFactory
from twinning.places.models import Organisation
from twinning.results.tests.factories import ResultFactory

pytestmark = pytest.mark.django_db

RESULTS = reverse("admin:results_result_changelist")
ACTIVITIES = reverse("admin:activities_activity_changelist")


def test_a_result_names_the_mission_and_the_companies_it_came_from():
    mission = ActivityFactory(kind=ActivityKind.BUSINESS_MISSION)
    companies = list(Organisation.objects.order_by("pk")[:2])

    deal = ResultFactory(activity=mission, organisations=companies)

    assert list(mission.results.all()) == [deal]
    assert set(deal.organisations.all()) == set(companies)
    assert deal in companies[0].results.all()


def test_the_result_list_filters_by_a_range_of_days(editor_client):
    ResultFactory(title_en="Deal of March", achieved_on="2026-03-10")
    ResultFactory(title_en="Deal of 2026", achieved_on="2026")
    ResultFactory(title_en="Deal of May", achieved_on="2026-05-02")
    client = editor_client
    client.cookies["django_language"] = "en"

    page = client.get(
        RESULTS, {"achieved_on__from": "2026-03-01", "achieved_on__to": "2026-03-31"}
    ).content.decode()

    assert "Deal of March" in page
    assert "Deal of 2026" in page  # "2026" may be any day of it
    assert "Deal of May" not in page


def test_the_activity_list_filters_by_the_days_an_activity_lasted(editor_client):
    ActivityFactory(title_en="Long mission", started="2026-02-27", ended="2026-03-03")
    ActivityFactory(title_en="February visit", started="2026-02-10")
    ActivityFactory(title_en="April visit", started="2026-04")
    editor_client.cookies["django_language"] = "en"

    page = editor_client.get(
        ACTIVITIES, {"started__from": "2026-03-01", "started__to": "2026-03-31"}
    ).content.decode()

    assert "Long mission" in page
    assert "February visit" not in page
    assert "April visit" not in page


def test_a_range_that_is_not_a_date_is_refused_not_ignored(editor_client):
    response = editor_client.get(ACTIVITIES, {"started__from": "March"})

    assert response.status_code == 302
    assert "e=1" in response["Location"]

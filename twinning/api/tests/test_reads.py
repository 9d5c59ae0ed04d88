"""Reading the open data: lists, filters, pages, details and their ETags."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twinning.accounts.models import User
from twinning.activities.services import activity_create
from twinning.api.tests.calls import fields_named, get, items, slugs
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality
from twinning.projects.models import ProjectSector

pytestmark = pytest.mark.django_db


def by_slug(response: Any) -> dict[str, dict[str, Any]]:
    return {item["slug"]: item for item in items(response)}


# --- Partnerships ---------------------------------------------------------------------


def test_the_sister_cities_are_listed_with_partner_kind_status_and_start(
    client: Client,
) -> None:
    response = get(client, "/partnerships?kind=sister_city")

    listed = by_slug(response)
    assert (
        response.json()["count"]
        == Partnership.objects.filter(kind="sister_city", is_public=True).count()
    )
    assert {item["kind"] for item in listed.values()} == {"sister_city"}
    bergen = listed["bergen"]
    assert bergen["partner"] == {
        "type": "place",
        "slug": "bergen",
        "name": {"da": "Bergen", "en": "Bergen"},
        "country": "NO",
    }
    assert bergen["status"] == "active"
    assert bergen["started"] == {"value": "1946", "precision": "year"}
    assert bergen["ended"] is None
    st_petersburg = listed["saint-petersburg"]
    assert st_petersburg["status"] == "terminated"
    assert st_petersburg["ended"] == {"value": "2022-03-09", "precision": "day"}


def test_a_list_is_json_with_its_items_and_count(client: Client) -> None:
    response = get(client, "/partnerships")

    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"items", "count"}


def test_active_on_a_day_leaves_out_a_partnership_ended_before_it(
    client: Client,
) -> None:
    in_2023 = slugs(get(client, "/partnerships?active_on=2023-01-01&limit=500"))
    in_2020 = slugs(get(client, "/partnerships?active_on=2020-01-01&limit=500"))

    assert "bergen" in in_2023
    assert "saint-petersburg" not in in_2023
    assert "saint-petersburg" in in_2020


def test_active_at_the_end_of_2025_are_the_18_partnerships_not_ended(
    client: Client,
) -> None:
    listed = by_slug(get(client, "/partnerships?active_on=2025-12-31&limit=500"))

    assert len(listed) == 18
    collaborations = {
        "amsterdam", "brussels", "chicago", "hamburg", "london", "lviv", "novi-sad"
    }  # fmt: skip
    assert collaborations <= listed.keys()
    assert "saint-petersburg" not in listed
    assert listed["harbin"]["status"] == "limited"
    assert listed["harbin"]["last_evidence"] == {"value": "2021", "precision": "year"}
    # Known to be going on since the page of 12 October 2023, start unknown.
    assert listed["lviv"]["started"] is None
    assert listed["lviv"]["last_evidence"] == {
        "value": "2023-10-12",
        "precision": "day",
    }
    assert all(item["last_evidence"] for item in listed.values())


def test_without_active_on_no_evidence_date_is_given(client: Client) -> None:
    listed = by_slug(get(client, "/partnerships?limit=500"))

    assert listed["bergen"]["last_evidence"] is None


def test_active_on_leaves_out_a_partnership_not_started_by_then(
    client: Client,
) -> None:
    before_kiel = slugs(get(client, "/partnerships?active_on=2019-05-28&limit=500"))
    on_the_day = slugs(get(client, "/partnerships?active_on=2019-05-29&limit=500"))

    assert "kiel" not in before_kiel
    assert "kiel" in on_the_day


@pytest.mark.parametrize("country", ["NO", "no"])
def test_partnerships_can_be_filtered_by_the_partners_country(
    client: Client, country: str
) -> None:
    listed = items(get(client, f"/partnerships?country={country}"))

    assert [item["slug"] for item in listed] == ["bergen"]


def test_a_partner_organisation_has_the_country_of_its_place(client: Client) -> None:
    listed = by_slug(get(client, "/partnerships?country=GH"))

    assert listed["ghana-water"]["partner"]["type"] == "organisation"
    assert listed["ghana-water"]["partner"]["country"] == "GH"


def test_partnerships_can_be_filtered_by_status_and_theme(client: Client) -> None:
    limited = slugs(get(client, "/partnerships?status=limited"))
    on_water = items(get(client, "/partnerships?theme=water&limit=500"))

    assert limited == ["harbin"]
    assert on_water
    assert all(
        "water" in {theme["slug"] for theme in item["themes"]} for item in on_water
    )
    assert (
        len(on_water)
        == Partnership.objects.filter(themes__slug="water", is_public=True).count()
    )


def test_partnerships_are_sorted_by_start_either_way(client: Client) -> None:
    ascending = items(get(client, "/partnerships?sort=started&limit=500"))
    descending = items(get(client, "/partnerships?sort=-started&limit=500"))

    def starts(listed: list[dict[str, Any]]) -> list[str]:
        return [item["started"]["value"] if item["started"] else "" for item in listed]

    assert starts(ascending) == sorted(starts(ascending))
    assert starts(descending) == sorted(starts(descending), reverse=True)


def test_partnerships_are_sorted_by_the_partners_name(client: Client) -> None:
    listed = items(
        get(client, "/partnerships?sort=partner&limit=500", HTTP_ACCEPT_LANGUAGE="en")
    )

    names = [item["partner"]["name"]["en"].lower() for item in listed]
    assert names == sorted(names)


@pytest.mark.parametrize("sort", ["started", "-started", "partner", "-partner"])
def test_pages_of_a_list_add_up_to_the_list_in_a_stable_order(
    client: Client, sort: str
) -> None:
    whole = slugs(get(client, f"/partnerships?sort={sort}&limit=500"))

    pages = [
        get(client, f"/partnerships?sort={sort}&limit=4&offset={offset}")
        for offset in range(0, len(whole), 4)
    ]

    assert len(whole) == Partnership.objects.filter(is_public=True).count()
    assert [slug for page in pages for slug in slugs(page)] == whole
    assert {page.json()["count"] for page in pages} == {len(whole)}


def test_a_page_past_the_end_is_empty_but_counts_the_list(client: Client) -> None:
    response = get(client, "/partnerships?offset=1000")

    assert response.json() == {
        "items": [],
        "count": Partnership.objects.filter(is_public=True).count(),
    }


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=501", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("kind=twin_town", "kind"),
        ("active_on=2023-13-01", "active_on"),
        ("sort=population", "sort"),
        ("country=Norway", "country"),
    ],
)
def test_a_parameter_out_of_range_is_refused_with_its_name(
    client: Client, query: str, parameter: str
) -> None:
    response = get(client, f"/partnerships?{query}")

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert (problem["status"], problem["title"]) == (422, "Unprocessable Content")
    assert fields_named(response) == {parameter}
    assert problem["errors"][0]["location"] == "query"


def test_a_partnership_is_read_with_a_strong_etag_of_its_version(
    client: Client,
) -> None:
    bergen = Partnership.objects.get(slug="bergen")

    response = get(client, "/partnerships/bergen")

    assert response.status_code == 200
    assert response["ETag"] == f'"partnership-bergen-v{bergen.version}"'
    assert response.json()["version"] == bergen.version
    assert response.json()["group"]["slug"] == "nordic"


def test_an_unknown_partnership_is_a_problem_not_found(client: Client) -> None:
    response = get(client, "/partnerships/atlantis")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["title"] == "Not Found"


def test_an_address_the_api_does_not_have_is_a_problem_not_found(
    client: Client,
) -> None:
    response = get(client, "/twinnings/bergen")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_partnerships_events_are_listed_oldest_first(client: Client) -> None:
    events = items(get(client, "/partnerships/saint-petersburg/events"))

    assert [(event["kind"], event["date"]["value"]) for event in events] == [
        ("established", "1989"),
        ("terminated", "2022-03-09"),
    ]
    assert events[1]["decided_by"]["en"] == "Aarhus City Council"


# --- Other lists ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/places",
        "/organisations",
        "/agreements",
        "/projects",
        "/activities",
        "/results",
        "/networks",
        "/funding-opportunities",
        "/themes",
    ],
)
def test_every_list_has_items_and_a_count_that_pages_add_up_to(
    client: Client, path: str
) -> None:
    whole = items(get(client, f"{path}?limit=500"))
    first = get(client, f"{path}?limit=2")

    assert first.json()["count"] == len(whole)
    assert first.json()["items"] == whole[:2]


def test_places_can_be_filtered_by_country(client: Client) -> None:
    listed = items(get(client, "/places?country=DE"))

    assert listed
    assert {item["country"] for item in listed} == {"DE"}


def test_a_place_is_read_with_its_other_names(client: Client) -> None:
    response = get(client, "/places/turku")

    assert response.status_code == 200
    assert "Åbo" in {name["name"] for name in response.json()["other_names"]}
    assert response["ETag"].startswith('"place-turku-v')


def test_projects_can_be_filtered_by_dac_sector(client: Client) -> None:
    share = ProjectSector.objects.select_related("project").first()
    assert share is not None

    in_sector = slugs(get(client, f"/projects?sector={share.sector_id}"))
    elsewhere = slugs(get(client, "/projects?sector=99810"))

    assert share.project.slug in in_sector
    assert share.project.slug not in elsewhere


def test_a_project_is_read_with_its_sectors_and_organisations(client: Client) -> None:
    share = ProjectSector.objects.select_related("project").first()
    assert share is not None

    project = get(client, f"/projects/{share.project.slug}").json()

    assert share.sector_id in {sector["code"] for sector in project["sectors"]}
    assert project["participants"]


@pytest.fixture
def visits(administrator: User, aarhus: Municipality) -> None:
    kiel = Partnership.objects.get(slug="kiel")
    for slug, started in [
        ("visit-april-2022", "2022-04"),
        ("visit-may-2022", "2022-05-20"),
    ]:
        activity_create(
            actor=administrator,
            municipality=aarhus,
            slug=slug,
            kind="incoming_visit",
            title_da="Besøg",
            title_en="Visit",
            partnership=kiel,
            started=started,
            is_public=True,
        )


def test_activities_in_a_date_range_include_one_known_only_to_the_month(
    client: Client, visits: None
) -> None:
    from_mid_april = slugs(get(client, "/activities?from=2022-04-15&limit=500"))
    from_may = slugs(get(client, "/activities?from=2022-05-01&to=2022-05-31"))
    to_march = slugs(get(client, "/activities?to=2022-03-31&limit=500"))

    assert {"visit-april-2022", "visit-may-2022"} <= set(from_mid_april)
    assert from_may == ["visit-may-2022"]
    assert not {"visit-april-2022", "visit-may-2022"} & set(to_march)


def test_activities_are_listed_newest_first_and_by_partner(
    client: Client, visits: None
) -> None:
    with_kiel = items(get(client, "/activities?partner=kiel"))

    assert [item["slug"] for item in with_kiel][:2] == [
        "visit-may-2022",
        "visit-april-2022",
    ]
    assert {item["partnership"] for item in with_kiel} == {"kiel"}


def test_a_date_range_that_ends_before_it_starts_is_refused(client: Client) -> None:
    response = get(client, "/activities?from=2022-05-01&to=2022-04-01")

    assert response.status_code == 422
    assert fields_named(response) == {"to"}

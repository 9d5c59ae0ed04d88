"""Every public page says when what it shows was last changed or checked by staff.

"Sidst opdateret"/"Last updated" is the latest real change or review of the records
a page shows: the shipped dataset's records carry their sources' date (the seed page
of 12 October 2023), never the day the dataset was loaded.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import formats, timezone, translation

from twinning.core.models import Review
from twinning.core.services import record_review
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_update
from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.models import Place
from twinning.places.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

SEED_DAY = dt.date(2023, 10, 12)

LAST_UPDATED = re.compile(
    r'class="last-updated[^"]*">([^<:]+): '
    r'<time datetime="([0-9-]+)">([^<]+)</time>'
)

PAGES = [
    "/{language}/",
    "/{language}/partners/kiel/",
    "/{language}/partners/ghana-water/",
    "/{language}/projects/tshwane-urban-water/",
    "/{language}/networks/",
    "/{language}/eu-office/",
    "/{language}/map/",
    "/{language}/timeline/",
    "/{language}/open-data/",
]


def last_updated(client, path: str) -> tuple[str, str]:
    """Return the page's "last updated" as a reader sees it: machine date and text."""
    html = client.get(path).content.decode()
    found = LAST_UPDATED.search(html)
    assert found, f"{path} says nothing of when it was last updated"
    label, machine, text = found.groups()
    return machine, f"{label}: {text}"


def spoken(day: dt.date, language: str) -> str:
    with translation.override(language):
        label = "Sidst opdateret" if language == "da" else "Last updated"
        return f"{label}: {formats.date_format(day, 'DATE_FORMAT')}"


def review_through_the_workspace(editor_client, slug: str) -> Review:
    response = editor_client.post(f"/en/staff/partners/{slug}/review/")
    assert response.status_code == 302
    return Review.objects.order_by("-reviewed_at", "-id").first()


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_after_loading_a_page_is_as_new_as_its_sources_not_the_load(
    client, path, language
):
    machine, _text = last_updated(client, path.format(language=language))

    assert machine != timezone.localdate().isoformat()
    assert machine <= SEED_DAY.isoformat()


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_partner_page_after_loading_has_its_sources_date(client, language):
    machine, text = last_updated(client, f"/{language}/partners/kiel/")

    # The newest dated source of Kiel's page is the seed page of 12 October 2023.
    assert machine == "2023-10-12"
    assert text == spoken(SEED_DAY, language)


def test_a_review_in_the_workspace_dates_the_partner_page_in_both_languages(
    client, editor_client, page_cache
):
    # Cached before the review: the review must make the cached pages stale.
    for language in ("da", "en"):
        assert last_updated(client, f"/{language}/partners/kiel/")[0] == "2023-10-12"

    review = review_through_the_workspace(editor_client, "kiel")

    reviewed_day = timezone.localtime(review.reviewed_at).date()
    for language in ("da", "en"):
        machine, text = last_updated(client, f"/{language}/partners/kiel/")
        assert machine == reviewed_day.isoformat()
        assert text == spoken(reviewed_day, language)


def test_a_change_through_a_service_dates_the_partner_page(client):
    kiel = Partnership.objects.get(slug="kiel")

    changed = partnership_update(
        partnership=kiel,
        actor=None,
        expected_version=kiel.version,
        description_en="Aarhus and Kiel cooperate on ten topics across the Baltic.",
    )

    page = client.get("/en/partners/kiel/")
    assert page.context["last_updated"] == changed.updated_at
    assert last_updated(client, "/da/partners/kiel/")[0] == (
        timezone.localdate().isoformat()
    )


def test_a_change_or_review_of_another_partnership_leaves_this_partners_date(
    client, editor_client
):
    rostock = Partnership.objects.get(slug="rostock")
    partnership_update(
        partnership=rostock,
        actor=None,
        expected_version=rostock.version,
        description_en="Rostock and Aarhus share a Baltic harbour history.",
    )
    review_through_the_workspace(editor_client, "rostock")

    for language in ("da", "en"):
        machine, text = last_updated(client, f"/{language}/partners/kiel/")
        assert machine == "2023-10-12"
        assert text == spoken(SEED_DAY, language)
    assert last_updated(client, "/en/partners/rostock/")[0] == (
        timezone.localdate().isoformat()
    )


def test_the_review_time_is_the_partner_pages_last_update(client, editor_client):
    review = review_through_the_workspace(editor_client, "kiel")

    page = client.get("/en/partners/kiel/")
    assert page.context["last_updated"] == review.reviewed_at


def test_the_overview_map_and_open_data_follow_the_newest_review(client, editor_client):
    before = client.get("/en/").context["last_updated"]
    assert timezone.localtime(before).date() == SEED_DAY

    review = review_through_the_workspace(editor_client, "kiel")

    for path in ("/en/", "/da/", "/en/map/", "/en/timeline/"):
        assert client.get(path).context["last_updated"] == review.reviewed_at, path
    open_data = client.get("/en/open-data/").context["last_updated"]
    assert open_data == review.reviewed_at.replace(microsecond=0)


def test_the_overview_follows_the_newest_change(client):
    ghana_water = Partnership.objects.get(slug="ghana-water")

    changed = partnership_update(
        partnership=ghana_water,
        actor=None,
        expected_version=ghana_water.version,
        description_en="Aarhus Vand and Ghana Water work on water loss in Tema.",
    )

    assert client.get("/en/").context["last_updated"] == changed.updated_at
    assert last_updated(client, "/da/")[0] == timezone.localdate().isoformat()


def test_another_municipalitys_review_of_the_same_partner_leaves_aarhus_pages(
    client, administrator
):
    # A home on a place of the register already: no new reference data.
    roskilde = MunicipalityFactory(
        slug="roskilde", place=Place.objects.get(slug="rostock")
    )
    theirs = PartnershipFactory(
        municipality=roskilde, partner_place=Place.objects.get(slug="kiel")
    )

    record_review(record=theirs, actor=administrator)

    assert last_updated(client, "/en/partners/kiel/")[0] == "2023-10-12"
    assert last_updated(client, "/en/open-data/")[0] == "2023-10-12"

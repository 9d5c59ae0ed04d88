"""The matchmaking page: new partners, and the twin-town graph around the partners."""

from __future__ import annotations

import pytest
from django.test import Client

from twinning.core.text import name_key
from twinning.places.models import Place, TwinTownLink
from twinning.places.services import twin_town_links_add

pytestmark = pytest.mark.django_db

SOURCE = "test-extract"


def _end(prefix: str, place: Place | None, name: str, country: str, geonames_id):
    return {
        f"{prefix}_name": name,
        f"{prefix}_country": country,
        f"{prefix}_key": name_key(name),
        f"{prefix}_geonames_id": geonames_id,
        "place" if prefix == "place" else "partner_place": place,
    }


@pytest.fixture
def network(aarhus):
    """Aarhus and its Nordic ring twinned with each other, Varna with two of them,
    and one twinning of Aarhus the register lacks."""
    places = {
        p.slug: p
        for p in Place.objects.filter(
            slug__in=["aarhus", "bergen", "gothenburg", "turku", "rostock"]
        )
    }

    def end(slug):
        place = places[slug]
        return place, place.name_en, place.country, place.geonames_id

    pairs = [
        (end("aarhus"), end("bergen")),
        (end("aarhus"), end("gothenburg")),
        (end("aarhus"), end("turku")),
        (end("bergen"), end("gothenburg")),
        (end("bergen"), end("turku")),
        (end("gothenburg"), end("turku")),
        (end("rostock"), (None, "Varna", "BG", 726050)),
        (end("turku"), (None, "Varna", "BG", 726050)),
        (end("aarhus"), (None, "Sandvika", "NO", None)),
    ]
    links = [
        TwinTownLink(
            source=SOURCE,
            pair_key=f"pair-{number}",
            **_end("place", *first),
            **_end("partner", *second),
        )
        for number, (first, second) in enumerate(pairs)
    ]
    twin_town_links_add(source=SOURCE, links=links)


def test_the_page_suggests_a_place_twinned_with_two_partners_with_its_reasons(
    network, aarhus, editor_client
):
    page = editor_client.get("/en/staff/matchmaking/").content.decode()

    assert f"New partners for {aarhus.name}" in page
    assert "Varna" in page
    assert "Twinned with Rostock and Turku, 2 of your partners." in page


def test_the_graph_shows_partners_twinned_with_each_other_and_the_gaps(
    network, editor_client
):
    page = editor_client.get("/en/staff/matchmaking/").content.decode()
    shared = page.split('id="shared"')[1].split("</section>")[0]
    gaps = page.split('id="gaps"')[1].split("</section>")[0]

    assert 'Gothenburg <span class="staff-tag">your partner</span>' in shared
    assert "Bergen, Turku" in shared
    # In the world data, not in the register; and the reverse.
    assert "Sandvika (NO)" in gaps
    assert "Kiel (DE)" in gaps
    assert "Bergen (NO)" not in gaps.split("Partners of the register")[1]


def test_the_page_is_in_danish_too(network, editor_client):
    page = editor_client.get("/da/staff/matchmaking/").content.decode()

    assert 'lang="da"' in page
    assert "Varna" in page


def test_staff_of_another_municipality_see_only_their_own(
    network, roskilde, roskilde_editor
):
    client = Client()
    client.force_login(roskilde_editor)

    page = client.get("/en/staff/matchmaking/?municipality=aarhus").content.decode()

    assert f"New partners for {roskilde.name}" in page
    assert "Varna" not in page


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get("/en/staff/matchmaking/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

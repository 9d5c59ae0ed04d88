"""The public pages as a visitor reads them: drawn from the register, public only."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from twinning.activities.services import activity_create
from twinning.contacts.services import contact_create
from twinning.partnerships.choices import EventKind, PartnershipKind
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import (
    partnership_add_event,
    partnership_create,
    partnership_update,
)
from twinning.places.services import place_create

pytestmark = pytest.mark.django_db

PAGES = [
    "/{language}/",
    "/{language}/partners/bergen/",
    "/{language}/partners/saint-petersburg/",
    "/{language}/partners/ghana-water/",
    "/{language}/projects/tshwane-urban-water/",
    "/{language}/networks/",
    "/{language}/eu-office/",
    "/{language}/map/",
    "/{language}/timeline/",
    "/{language}/search/?q=pretoria",
    "/{language}/accessibility/",
]


def text_of(response) -> str:
    """Return the page's visible text, tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_opens_in_its_language_with_its_common_parts(
    client, path, language
):
    response = client.get(path.format(language=language))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    skip = "Gå til hovedindhold" if language == "da" else "Skip to main content"
    assert f'<a class="skipnav" href="#main-content">{skip}</a>' in html
    other = "en" if language == "da" else "da"
    assert f'href="{path.format(language=other)}"'.replace("&", "&amp;") in html or (
        f'href="/{other}/' in html
    )
    for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    ):
        assert json.loads(block)["@context"] == "https://schema.org"
    assert 'property="og:title"' in html


def test_the_front_door_sends_a_visitor_to_the_language_of_the_browser(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="da").url == "/da/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").url == "/da/"


def test_the_language_switch_leads_to_the_same_page_in_the_other_language(client):
    html = client.get("/da/partners/bergen/").content.decode()

    assert '<a href="/en/partners/bergen/" lang="en" hreflang="en">English</a>' in html


def test_the_overview_lists_the_sister_cities_nordic_first_with_since_when(client):
    text = text_of(client.get("/en/"))

    nordic = text.index("Nordic sister cities")
    assert nordic < text.index("Bergen", nordic) < text.index("Rostock", nordic)
    assert "since 1946" in text
    assert "since 1964" in text


def test_the_ended_relation_is_shown_as_history_with_its_date_and_decision(client):
    english = text_of(client.get("/en/"))
    danish = text_of(client.get("/da/"))

    assert "ended on 9 March 2022" in english
    assert "Aarhus City Council" in english
    assert "9. marts 2022" in danish
    assert "Byråd" in danish


def test_a_partner_page_gives_other_names_in_their_language(client):
    html = client.get("/en/partners/gothenburg/").content.decode()

    assert '<span lang="sv">Göteborg</span>' in html


def test_a_project_page_names_sectors_roles_and_the_funder(client):
    text = text_of(client.get("/en/projects/tshwane-urban-water/"))

    assert "Water supply" in text or "Water sector" in text
    assert "14022" not in text  # sectors by name, not code
    assert "Funding" in text
    assert "Ministry of Foreign Affairs" in text
    assert "Sector counsellor" in text or "sector counsellor" in text
    assert "The dates of this phase are uncertain." in text


def test_internal_notes_never_reach_the_public_pages(client, editor):
    bergen = Partnership.objects.get(slug="bergen")
    partnership_update(
        partnership=bergen,
        actor=editor,
        expected_version=bergen.version,
        internal_note="Confidential: budget talks stalled",
    )

    for path in ("/en/", "/en/partners/bergen/", "/en/timeline/", "/en/map/"):
        assert "budget talks stalled" not in client.get(path).content.decode()
    search = text_of(client.get("/en/search/?q=budget+talks+stalled"))
    assert "0 matches for “budget talks stalled”" in search


def test_a_partnership_not_public_is_not_on_any_page(client, editor, aarhus):
    kiel = Partnership.objects.get(slug="kiel")
    partnership_update(
        partnership=kiel, actor=editor, expected_version=kiel.version, is_public=False
    )

    assert "Kiel" not in text_of(client.get("/en/"))
    assert "Kiel" not in text_of(client.get("/en/map/"))
    assert "Kiel" not in text_of(client.get("/en/timeline/"))
    assert client.get("/en/partners/kiel/").status_code == 404


def test_internal_activities_and_contacts_never_appear(client, editor, aarhus):
    bergen = Partnership.objects.get(slug="bergen")
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="secret-visit",
        kind="incoming_visit",
        title_en="Secret delegation visit",
        started="2026-05",
        partnership=bergen,
        is_public=False,
    )
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="open-seminar",
        kind="seminar",
        title_en="Open sister-city seminar",
        started="2026-06",
        partnership=bergen,
        is_public=True,
    )
    contact_create(
        actor=editor,
        municipality=aarhus,
        name="Kari Nordmann",
        email="kari@bergen.example",
        phone="+47 5555 0000",
        organisation=None,
        retain_until=timezone.now().date(),
    )

    page = client.get("/en/partners/bergen/").content.decode()
    assert "Open sister-city seminar" in page
    assert "Secret delegation visit" not in page
    for path in PAGES:
        html = client.get(path.format(language="en")).content.decode()
        assert "Kari Nordmann" not in html
        assert "kari@bergen.example" not in html
        assert "Secret delegation visit" not in html


def add_partners(aarhus, editor, numbers):
    """Add public partnerships, half sister cities and half collaborations."""
    for number in numbers:
        place = place_create(
            actor=editor,
            slug=f"town-{number}",
            name_en=f"Town {number}",
            country="SE" if number % 2 else "NO",
            latitude=Decimal(f"{55 + number / 100:.2f}"),
            longitude=12,
        )
        partnership = partnership_create(
            actor=editor,
            municipality=aarhus,
            slug=f"town-{number}",
            kind=PartnershipKind.COOPERATION
            if number % 2
            else PartnershipKind.SISTER_CITY,
            partner_place=place,
            description_en=f"Cooperation with Town {number}.",
        )
        partnership_add_event(
            partnership=partnership,
            actor=editor,
            kind=EventKind.ESTABLISHED,
            date="2020",
        )


PAGES_OF_EVERY_PARTNER = [
    "/en/",
    "/en/map/",
    "/en/timeline/",
    "/en/search/?q=town",
    "/sitemap.xml",
]


def test_a_page_runs_as_many_queries_for_30_partners_as_for_3(client, aarhus, editor):
    """Each page that lists every partner reads them in a fixed number of queries.

    A query per partner would show as 27 more queries for 30 partners; the partners
    are built once for all the pages, as building them is what costs.
    """
    add_partners(aarhus, editor, range(3))
    with_three = {}
    for path in PAGES_OF_EVERY_PARTNER:
        client.get(path)  # let anything done once per process happen first
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        with_three[path] = len(queries.captured_queries)

    add_partners(aarhus, editor, range(3, 30))

    with_thirty = {}
    for path in PAGES_OF_EVERY_PARTNER:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        with_thirty[path] = len(queries.captured_queries)
        content = response.content.decode()
        assert "Town 29" in content or "town-29" in content, path
    assert with_thirty == with_three


def test_an_edit_in_the_back_office_is_on_the_public_pages_at_once(
    client, administrator_client
):
    from twinning.core.tests.test_admin_pages import change_form_data

    before = client.get("/en/partners/rostock/").context["last_updated"]
    rostock_id = Partnership.objects.get(slug="rostock").pk
    url = f"/admin/partnerships/partnership/{rostock_id}/change/"
    data = change_form_data(administrator_client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    data["description_en"] = "Rostock and Aarhus share a Baltic harbour history."
    data["description_da"] = "Rostock og Aarhus deler en havnehistorie ved Østersøen."
    data["themes"] = []
    response = administrator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "Baltic harbour history" in text_of(client.get("/en/"))
    assert "havnehistorie ved Østersøen" in text_of(client.get("/da/"))
    partner_page = client.get("/en/partners/rostock/")
    assert "Baltic harbour history" in text_of(partner_page)
    assert partner_page.context["last_updated"] > before

    # An event recorded in the back office moves the status on the map and timeline.
    rostock = Partnership.objects.get(slug="rostock")
    partnership_add_event(
        partnership=rostock,
        actor=None,
        kind=EventKind.SUSPENDED,
        date="2026-11-20",
        decided_by_en="Aarhus City Council",
    )
    map_text = text_of(client.get("/en/map/"))
    assert re.search(r"Rostock Germany Sister city Suspended", map_text)
    timeline_text = text_of(client.get("/en/timeline/"))
    assert "20 November 2026" in timeline_text
    assert client.get("/en/").context["last_updated"] > before


def test_the_sitemap_lists_every_partner_in_both_languages(client):
    xml = client.get("/sitemap.xml").content.decode()

    assert "/da/partners/bergen/" in xml
    assert "/en/partners/bergen/" in xml
    assert "/en/projects/tema-water/" in xml


def test_robots_txt_names_the_sitemap_and_keeps_robots_out_of_the_back_office(client):
    text = client.get("/robots.txt").content.decode()

    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_search_finds_a_partner_by_another_name_whatever_the_accents(client):
    text = text_of(client.get("/en/search/?q=GOTEBORG"))

    assert "Gothenburg" in text
    assert "1 match" in text or "matches" in text


def test_a_population_is_written_as_the_language_writes_numbers(client):
    english = text_of(client.get("/en/partners/bergen/"))
    danish = text_of(client.get("/da/partners/bergen/"))

    assert "294,029 (GeoNames)" in english
    assert "294.029 (GeoNames)" in danish


def test_the_sister_cities_heading_reads_naturally_in_both_languages(client):
    english = client.get("/en/").content.decode()
    danish = client.get("/da/").content.decode()

    assert ">Aarhus\u2019s sister cities</h2>" in english
    assert ">Aarhus Kommunes venskabsbyer</h2>" in danish

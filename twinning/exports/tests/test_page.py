"""The open-data page: every download in both languages, the licence, the source."""

from __future__ import annotations

import json
import re
from itertools import pairwise

import pytest
from django.test import override_settings
from django.utils import translation

pytestmark = pytest.mark.django_db

DOWNLOAD_LINKS = [
    "/open-data/partnerships.csv",
    "/open-data/partnerships.xlsx",
    "/open-data/partnerships.csv?sep=,",
    "/open-data/activities.csv",
    "/open-data/activities.xlsx",
    "/open-data/results.csv",
    "/open-data/results.xlsx",
    "/open-data/places.csv",
    "/open-data/places.xlsx",
    "/open-data/partners.geojson",
    "/open-data/iati-activities.xml",
]
FORMATS = ["CSV", "XLSX", "GeoJSON", "iCalendar", "IATI 2.03"]


def links_of(html: str) -> set[str]:
    return {href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)}


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_open_data_page_lists_every_download_in_both_languages(client, language):
    response = client.get(f"/{language}/open-data/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    links = links_of(html)
    for link in DOWNLOAD_LINKS:
        assert link in links, link
    calendar = "/open-data/calendar.ics" + ("?lang=en" if language == "en" else "")
    assert calendar in links
    text = text_of(html)
    for name in FORMATS:
        assert name in text
    with translation.override(language):
        heading = translation.gettext("Open data")
        downloads = translation.gettext("Downloads")
    assert f"<h1>{heading}</h1>" in html
    assert f"<h2>{downloads}</h2>" in html
    other = "en" if language == "da" else "da"
    assert f'href="/{other}/open-data/"' in html


def test_every_link_on_the_page_leads_to_a_download(client):
    html = client.get("/en/open-data/").content.decode()

    for link in links_of(html):
        if link.startswith("/open-data/"):
            assert client.get(link).status_code == 200, link


def test_the_danish_page_is_in_danish(client):
    html = client.get("/da/open-data/").content.decode()

    with translation.override("da"):
        assert translation.gettext("Licence") in html
        assert translation.gettext("Partnerships") in html
        assert translation.gettext("Partners on a map") in html


def test_the_page_states_the_licence_the_source_and_links_the_api(client):
    html = client.get("/en/open-data/").content.decode()
    text = text_of(html)

    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">' in html
    )
    assert "CC BY 4.0" in text
    assert "with attribution to City of Aarhus" in text
    assert "the register of the international office of City of Aarhus" in text
    assert 'href="/api/v1/docs"' in html


@override_settings(
    TWINNING_OPEN_DATA_LICENCE={
        "name": "Open Data Commons Attribution License",
        "url": "https://opendatacommons.org/licenses/by/1-0/",
    }
)
def test_the_licence_is_a_setting(client):
    html = client.get("/en/open-data/").content.decode()

    assert "Open Data Commons Attribution License" in html
    assert "CC BY 4.0" not in html
    assert (
        '<https://opendatacommons.org/licenses/by/1-0/>; rel="license"'
        == (client.get("/open-data/partnerships.csv")["Link"])
    )


def test_the_downloads_table_has_headers_with_scopes_and_headings_in_order(client):
    html = client.get("/en/open-data/").content.decode()

    assert "<caption>" in html
    assert html.count('<th scope="col">') == 4
    assert html.count('<th scope="row">') == 7
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_the_page_describes_the_downloads_as_datasets_in_json_ld(client):
    html = client.get("/en/open-data/").content.decode()

    blocks = [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
    ]
    catalogue = next(block for block in blocks if block["@type"] == "DataCatalog")
    assert len(catalogue["dataset"]) == 7
    urls = {
        distribution["contentUrl"]
        for dataset in catalogue["dataset"]
        for distribution in dataset["distribution"]
    }
    assert "http://testserver/open-data/partners.geojson" in urls
    assert all(
        dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
        for dataset in catalogue["dataset"]
    )

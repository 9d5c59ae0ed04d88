"""A large portfolio's overview comes in pages, each listing the next partnerships."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.services import site_host_create
from twinning.places.tests.factories import MunicipalityFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings: Any) -> Client:
    """A municipality of 12 partnerships, with 5 a page, on a host of its own."""
    settings.TWINNING_OVERVIEW_PAGE_SIZE = 5
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "large.example"]
    municipality = MunicipalityFactory(slug="large", name_en="Large")
    site_host_create(actor=None, municipality=municipality, host="large.example")
    for number in range(12):
        place = PlaceFactory(slug=f"town-{number:02}", name_en=f"Town {number:02}")
        PartnershipFactory(municipality=municipality, partner_place=place)
    return Client(HTTP_HOST="large.example")


def towns(html: str) -> list[str]:
    return re.findall(r'href="/\w\w/partners/(town-\d\d)/"', html)


def test_a_large_overview_lists_every_partnership_once_over_its_pages(
    large: Client,
) -> None:
    pages = [large.get("/en/"), large.get("/en/page/2/"), large.get("/en/page/3/")]

    assert [page.status_code for page in pages] == [200, 200, 200]
    listed = [town for page in pages for town in towns(page.content.decode())]
    assert sorted(listed) == [f"town-{number:02}" for number in range(12)]
    assert [len(towns(page.content.decode())) for page in pages] == [5, 5, 2]
    assert large.get("/en/page/4/").status_code == 404


def test_the_pages_of_the_overview_link_to_each_other_in_both_languages(
    large: Client,
) -> None:
    first = large.get("/da/").content.decode()
    second = large.get("/da/page/2/").content.decode()
    last = large.get("/en/page/3/").content.decode()

    assert "Side 1 af 3" in first
    assert 'rel="next" href="/da/page/2/">Næste side' in first
    assert 'rel="prev" href="/da/">Forrige side' in second
    assert "<title>Internationale relationer, side 2" in second
    assert "Page 3 of 3" in last
    assert 'rel="prev" href="/en/page/2/">Previous page' in last
    assert "Next page" not in last


def test_a_small_overview_has_no_pages(client: Client) -> None:
    html = client.get("/en/").content.decode()

    assert "Page 1 of" not in html
    assert client.get("/en/page/2/").status_code == 404

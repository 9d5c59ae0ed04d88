"""What people type into the public search, tried on the shipped dataset.

Each query is one a citizen, a journalist or a partner city's official typed and
found nothing for (or too much): punctuation and abbreviations, countries in either
language, the companies and utilities taking part in projects, a partner and its
country together, and a name that is only part of a longer word.
"""

import pytest

from twinning.public.search import search_public

pytestmark = pytest.mark.django_db


def search(municipality, query, language="da"):
    return search_public(municipality=municipality, query=query, language=language)


@pytest.mark.parametrize(
    ("query", "partner"),
    [
        ("St. Petersburg", "saint-petersburg"),
        ("st petersburg", "saint-petersburg"),
        ("Sankt Petersborg", "saint-petersburg"),
        ("Rusland", "saint-petersburg"),
        ("Russia", "saint-petersburg"),
        ("Tyskland", "kiel"),
        ("bergen norway", "bergen"),
        ("Bergen, Norge", "bergen"),
        ("Arhus", None),  # the home municipality is no partner of its own
    ],
)
def test_a_partner_is_found_as_people_write_it(aarhus, query, partner):
    found = search(aarhus, query)

    slugs = [hit.slug for hit in found.partners]
    if partner is None:
        assert slugs == []
    else:
        assert partner in slugs, slugs


def test_a_country_finds_all_its_partners_and_only_them(aarhus):
    found = search(aarhus, "Tyskland", "da")

    assert {hit.slug for hit in found.partners} == {"kiel", "rostock", "hamburg"}
    assert {hit.country for hit in found.partners} == {"DE"}


@pytest.mark.parametrize("query", ["Aarhus Vand", "Grundfos", "grundfos a/s"])
def test_a_company_taking_part_finds_the_projects_it_takes_part_in(aarhus, query):
    found = search(aarhus, query)

    titles = [hit.title for hit in found.projects]
    assert titles, query
    assert all("sektorsamarbejde" in title.casefold() for title in titles), titles


def test_abo_finds_turku_alone_not_every_collaboration(aarhus):
    found = search(aarhus, "Åbo")

    assert [hit.slug for hit in found.partners] == ["turku"]
    assert found.count == 1, (found.projects, found.activities, found.results)


def test_a_partner_named_exactly_comes_before_those_that_only_mention_it(aarhus):
    found = search(aarhus, "Hamborg")

    assert found.partners[0].slug == "hamburg"


@pytest.mark.parametrize(
    ("query", "suggested"),
    [("Bergn", "Bergen"), ("Goteborgg", "Göteborg"), ("Saint Petrsburg", None)],
)
def test_a_search_that_finds_nothing_suggests_the_nearest_names(
    aarhus, query, suggested
):
    found = search(aarhus, query)

    assert not found
    assert found.suggestions, query
    if suggested:
        assert suggested in found.suggestions


def test_nothing_like_anything_suggests_nothing(aarhus):
    found = search(aarhus, "xqzv")

    assert not found and found.suggestions == ()


def test_the_search_page_offers_the_nearest_names_as_searches(client, aarhus):
    page = client.get("/da/search/", {"q": "Bergn"}).content.decode()

    assert 'Mente du: <a href="/da/search/?q=Bergen">Bergen</a>' in page
    assert 'href="/da/map/"' in page


def test_an_abbreviation_is_also_the_beginning_of_a_word():
    from twinning.core.text import finds

    # "st" stands for "saint", and begins "Stockholm" as well.
    assert finds("st", "St. Petersburg") and finds("st", "Stockholm")
    assert finds("san", "Santiago") and finds("sankt", "Saint Petersburg")
    assert not finds("st", "Bergen")

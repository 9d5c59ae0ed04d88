"""Searching the public register: by any name, whatever the case and diacritics."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from twinning.activities.choices import ActivityKind
from twinning.activities.models import Activity
from twinning.activities.services import activity_create, activity_update
from twinning.partnerships.choices import EventKind, PartnershipKind
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import (
    partnership_add_event,
    partnership_create,
    partnership_update,
)
from twinning.places.models import Place
from twinning.places.services import municipality_create, place_create
from twinning.projects.models import Project
from twinning.projects.services import project_create, project_update
from twinning.public.search import search_public
from twinning.results.choices import ResultKind
from twinning.results.models import Result
from twinning.results.services import result_create, result_update

pytestmark = pytest.mark.django_db


def search(municipality, query, language="en"):
    return search_public(municipality=municipality, query=query, language=language)


def partner(found, slug):
    hits = [hit for hit in found.partners if hit.slug == slug]
    assert len(hits) == 1, [hit.slug for hit in found.partners]
    return hits[0]


def slugs(hits):
    return [hit.slug for hit in hits]


def nothing_found(found):
    return not (found.partners or found.projects or found.activities or found.results)


# Partners, by any of their names


def test_a_partner_is_found_by_its_name_in_the_other_language_without_diacritics(
    aarhus,
):
    found = search(aarhus, "goteborg")

    gothenburg = partner(found, "gothenburg")
    assert gothenburg.name == "Gothenburg"
    assert gothenburg.matched_name == "Göteborg"
    assert gothenburg.country == "SE"
    assert gothenburg.kinds == (PartnershipKind.SISTER_CITY,)
    assert gothenburg.statuses == ("active",)
    assert gothenburg.partnerships[0].started == "1946"
    assert not gothenburg.is_organisation


def test_a_partner_is_found_by_another_name_whatever_the_case(aarhus):
    found = search(aarhus, "ABO")

    assert slugs(found.partners) == ["turku"]
    assert partner(found, "turku").matched_name == "Åbo"


def test_a_partner_is_found_by_the_name_of_its_seat(aarhus):
    found = search(aarhus, "pretoria")

    tshwane = partner(found, "tshwane")
    assert tshwane.name == "City of Tshwane"
    assert tshwane.matched_name == "Pretoria"
    assert tshwane.country == "ZA"
    assert tshwane.kinds == (PartnershipKind.SECTOR_COOPERATION,)


def test_a_partner_found_by_the_name_it_is_shown_by_names_no_other(aarhus):
    found = search(aarhus, "turku")

    assert partner(found, "turku").matched_name == ""


def test_names_come_in_the_language_asked_for(aarhus):
    found = search(aarhus, "gothenburg", language="da")

    gothenburg = partner(found, "gothenburg")
    assert gothenburg.name == "Göteborg"
    assert gothenburg.matched_name == "Gothenburg"


def test_a_regional_variant_of_a_language_is_read_as_the_language(aarhus):
    found = search(aarhus, "goteborg", language="en-gb")

    assert partner(found, "gothenburg").name == "Gothenburg"


@pytest.mark.parametrize(
    ("query", "name"),
    [("Julianehåb", "Julianehåb"), ("julianehab", "Julianehåb"), ("QAQ", "Qaqortoq")],
)
def test_a_partner_is_found_by_the_names_of_the_place_it_succeeded(aarhus, query, name):
    found = search(aarhus, query)

    assert slugs(found.partners) == ["kujalleq"]
    assert partner(found, "kujalleq").matched_name == name


def test_the_words_of_a_query_may_match_different_names_of_a_partner(aarhus):
    found = search(aarhus, "Tshwane Pretoria")

    assert partner(found, "tshwane").matched_name == "Pretoria"


def test_a_partner_organisation_is_found_by_its_name(aarhus):
    found = search(aarhus, "ghana water")

    ghana_water = partner(found, "ghana-water")
    assert ghana_water.is_organisation
    assert ghana_water.country == "GH"
    assert ghana_water.kinds == (PartnershipKind.SECTOR_COOPERATION,)


def test_a_terminated_partnership_shows_its_status(aarhus):
    found = search(aarhus, "petersborg")

    assert partner(found, "saint-petersburg").statuses == ("terminated",)


def test_a_partner_in_two_partnerships_is_found_once_with_both(aarhus, editor):
    bergen = Place.objects.get(slug="bergen")
    partnership_create(
        actor=editor,
        municipality=aarhus,
        slug="bergen-cooperation",
        partner_place=bergen,
        kind=PartnershipKind.COOPERATION,
    )

    found = search(aarhus, "bergen")

    assert slugs(found.partners) == ["bergen"]
    assert set(partner(found, "bergen").kinds) == {
        PartnershipKind.SISTER_CITY,
        PartnershipKind.COOPERATION,
    }


def test_the_home_municipality_is_no_partner_of_its_own(aarhus):
    for query in ("arhus", "Århus", "AARHUS"):
        found = search(aarhus, query)

        assert "aarhus" not in slugs(found.partners)
        assert "kiel-partnership-agreement-2019" in slugs(found.activities)


def test_a_query_with_diacritics_finds_what_the_same_query_without_them_finds(aarhus):
    assert search(aarhus, "Århus").activities == search(aarhus, "arhus").activities


def test_another_municipalitys_partners_are_not_found(aarhus, editor):
    home = Place.objects.get(slug="copenhagen")
    copenhagen = municipality_create(
        actor=editor, slug="copenhagen", name_da="København", place=home
    )
    reykjavik = place_create(
        actor=editor, slug="reykjavik", name_da="Reykjavík", country="IS"
    )
    partnership_create(
        actor=editor,
        municipality=copenhagen,
        slug="copenhagen-reykjavik",
        partner_place=reykjavik,
        kind=PartnershipKind.SISTER_CITY,
    )

    assert nothing_found(search(aarhus, "reykjavik"))
    assert slugs(search(copenhagen, "reykjavik").partners) == ["reykjavik"]


# Projects, activities and results


def test_a_project_is_found_by_its_title_in_either_language(aarhus):
    english = search(aarhus, "udaipur water sector")
    danish = search(aarhus, "vandsektoren udaipur")

    assert slugs(english.projects) == slugs(danish.projects) == ["udaipur-water"]
    assert danish.projects[0].title == (
        "Strategic sector cooperation with Udaipur: the water sector"
    )


def test_a_project_is_found_by_its_summary(aarhus):
    found = search(aarhus, "baeredygtige vandteknologier", language="da")

    assert slugs(found.projects) == ["udaipur-water"]
    assert found.projects[0].summary.startswith("Udvikling af Udaipurs vandsektor")


def test_an_activity_is_found_by_its_purpose_with_its_partner(aarhus):
    found = search(aarhus, "Tovar")

    assert slugs(found.activities) == ["kiel-partnership-agreement-2019"]
    assert found.activities[0].partner_slug == "kiel"
    assert found.activities[0].kind == ActivityKind.AGREEMENT_SIGNING


def test_a_result_is_found_by_its_title_in_the_other_language(aarhus):
    found = search(aarhus, "videndeling")

    assert slugs(found.results) == ["partnerships-knowledge-sharing"]
    assert found.results[0].title == "Knowledge sharing"


def test_a_result_is_found_by_its_description(aarhus):
    found = search(aarhus, "orders")

    assert slugs(found.results) == ["partnerships-business-deals"]


def test_every_word_of_the_query_must_occur(aarhus):
    assert slugs(search(aarhus, "udaipur water").projects) == ["udaipur-water"]
    assert nothing_found(search(aarhus, "udaipur rostock"))


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_query_finds_nothing_without_asking_the_database(
    aarhus, query, django_assert_num_queries
):
    with django_assert_num_queries(0):
        found = search(aarhus, query)

    assert nothing_found(found)
    assert found.query == ""


def test_the_query_comes_back_with_its_whitespace_collapsed(aarhus):
    assert search(aarhus, "  ghana \t water ").query == "ghana water"


# A fixed number of queries


def test_a_search_runs_the_same_number_of_queries_however_many_partners(
    aarhus, editor, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as measured:
        before = search(aarhus, "essai")
    assert nothing_found(before)

    # Ten are enough: a query per partner would show as ten queries more.
    for number in range(10):
        place = place_create(
            actor=editor,
            slug=f"testville-{number}",
            name_da=f"Prøveby {number}",
            name_en=f"Testville {number}",
            country="DE",
            other_names=[{"name": f"Essaiville {number}", "language": "fr"}],
        )
        place_create(
            actor=editor,
            slug=f"old-testville-{number}",
            name_da=f"Gammel Prøveby {number}",
            country="DE",
            successor=place,
        )
        partnership = partnership_create(
            actor=editor,
            municipality=aarhus,
            slug=f"testville-{number}",
            partner_place=place,
            kind=PartnershipKind.COOPERATION,
        )
        partnership_add_event(
            partnership=partnership,
            actor=editor,
            kind=EventKind.ESTABLISHED,
            date="2020",
        )

    with django_assert_num_queries(len(measured.captured_queries)):
        after = search(aarhus, "essai")
    with django_assert_num_queries(len(measured.captured_queries)):
        by_predecessor = search(aarhus, "gammel")

    assert len(after.partners) == len(by_predecessor.partners) == 10
    assert after.partners[0].matched_name.startswith("Essaiville ")
    assert by_predecessor.partners[0].matched_name.startswith("Gammel Prøveby ")
    assert {hit.statuses for hit in after.partners} == {("active",)}


# Internal records and text


@pytest.mark.parametrize("word", ["Stadsarkiv", "Mangfoldighed", "LGBT"])
def test_a_word_only_in_an_internal_note_of_the_dataset_finds_nothing(aarhus, word):
    assert Partnership.objects.filter(internal_note__icontains=word).exists()

    assert nothing_found(search(aarhus, word))


def test_a_word_only_in_internal_notes_finds_nothing(aarhus, editor):
    word = "Zanzibarquux"
    rostock = Partnership.objects.get(slug="rostock")
    partnership_update(
        partnership=rostock,
        actor=editor,
        expected_version=rostock.version,
        internal_note=f"{word} must not leak.",
    )
    project = Project.objects.get(slug="udaipur-water")
    project_update(
        project=project,
        actor=editor,
        expected_version=project.version,
        internal_note=word,
    )
    result = Result.objects.get(slug="partnerships-business-deals")
    result_update(
        result=result, actor=editor, expected_version=result.version, internal_note=word
    )
    activity = Activity.objects.get(slug="kiel-partnership-agreement-2019")
    activity_update(
        activity=activity,
        actor=editor,
        expected_version=activity.version,
        internal_note=word,
    )

    assert nothing_found(search(aarhus, word))


def test_a_partner_only_in_an_internal_partnership_is_not_found(aarhus, editor):
    xanadu = place_create(
        actor=editor,
        slug="xanadu",
        name_da="Xanadu",
        country="CN",
        other_names=[{"name": "Shangdu", "language": "zh"}],
    )
    internal = partnership_create(
        actor=editor,
        municipality=aarhus,
        slug="xanadu",
        partner_place=xanadu,
        kind=PartnershipKind.SISTER_CITY,
        is_public=False,
    )

    assert nothing_found(search(aarhus, "xanadu"))
    assert nothing_found(search(aarhus, "shangdu"))

    partnership_update(
        partnership=internal,
        actor=editor,
        expected_version=internal.version,
        is_public=True,
    )
    assert slugs(search(aarhus, "shangdu").partners) == ["xanadu"]


def test_an_internal_partnership_with_a_public_partner_is_not_shown(aarhus, editor):
    kiel = Place.objects.get(slug="kiel")
    partnership_create(
        actor=editor,
        municipality=aarhus,
        slug="kiel-secret",
        partner_place=kiel,
        kind=PartnershipKind.SISTER_CITY,
        is_public=False,
    )

    found = search(aarhus, "kiel")

    assert [p.slug for p in partner(found, "kiel").partnerships] == ["kiel"]


def test_internal_projects_activities_and_results_are_not_found(aarhus, editor):
    word = "Quokkaville"
    project_create(
        actor=editor,
        municipality=aarhus,
        slug="internal-project",
        title_en=f"{word} project",
        summary_en=word,
        is_public=False,
    )
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="internal-activity",
        kind=ActivityKind.MEETING,
        title_en=f"{word} meeting",
        started="2024",
        is_public=False,
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug="internal-result",
        kind=ResultKind.NETWORK,
        title_en=f"{word} network",
        is_public=False,
    )

    assert nothing_found(search(aarhus, word))


def test_public_records_of_an_internal_partnership_are_not_found(aarhus, editor):
    word = "Quokkaville"
    place = place_create(actor=editor, slug="quokka", name_da="Quokka", country="AU")
    internal = partnership_create(
        actor=editor,
        municipality=aarhus,
        slug="quokka",
        partner_place=place,
        kind=PartnershipKind.COOPERATION,
        is_public=False,
    )
    project = project_create(
        actor=editor,
        municipality=aarhus,
        slug="quokka-project",
        title_en=f"{word} project",
        partnership=internal,
    )
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug="quokka-visit",
        kind=ActivityKind.INCOMING_VISIT,
        title_en=f"{word} visit",
        started="2024",
        partnership=internal,
        is_public=True,
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug="quokka-result",
        kind=ResultKind.NETWORK,
        title_en=f"{word} network",
        project=project,
        is_public=True,
    )

    assert nothing_found(search(aarhus, word))

    partnership_update(
        partnership=internal,
        actor=editor,
        expected_version=internal.version,
        is_public=True,
    )
    found = search(aarhus, word)
    assert slugs(found.projects) == ["quokka-project"]
    assert slugs(found.activities) == ["quokka-visit"]
    assert slugs(found.results) == ["quokka-result"]
    assert found.activities[0].partner_slug == "quokka"

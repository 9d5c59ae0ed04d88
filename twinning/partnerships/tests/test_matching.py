"""Matchmaking: new partners from the world's twin-town network and the platform."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from twinning.core.text import name_key
from twinning.partnerships.matching import (
    TwinTownNetwork,
    geo_facts,
    suggest_partners,
)
from twinning.partnerships.models import Partnership, Theme
from twinning.partnerships.services import partner_profile_create
from twinning.places.models import Municipality, Place
from twinning.places.selectors import twin_towns_of
from twinning.places.tests.factories import MunicipalityFactory, PlaceFactory

pytestmark = pytest.mark.django_db

# shared/ lies beside the checkout.
WIKIPEDIA = (
    Path(__file__).resolve().parents[4]
    / "shared/data/twinning/hekman-twincities/twin_cities.csv"
)


@pytest.fixture(scope="module")
def world(module_records):
    """The Wikipedia extract imported, for the tests of this module only.

    It is rolled back after the module's last test, places included: a place the
    import touched would otherwise date the next module's pages by today.
    """
    if not WIKIPEDIA.exists():
        pytest.skip(f"{WIKIPEDIA} is not on this machine.")
    from twinning.imports.twin_towns import import_twin_towns

    return import_twin_towns(path=WIKIPEDIA)


@pytest.fixture(scope="module")
def network(world, django_db_blocker) -> TwinTownNetwork:
    """The imported network as matching reads it, read once for the module's tests
    that call the matching themselves (the command's tests have it read it)."""
    with django_db_blocker.unblock():
        return TwinTownNetwork.load()


def aarhus_json(*options: str) -> list[dict]:
    out = io.StringIO()
    call_command(
        "suggest_partners",
        "--municipality=aarhus",
        "--format=json",
        *options,
        stdout=out,
    )
    return json.loads(out.getvalue())


def partner_places(municipality: Municipality) -> list[Place]:
    return [
        p.partner_place
        for p in Partnership.objects.filter(
            municipality=municipality, partner_place__isnull=False
        ).select_related("partner_place")
    ]


def test_aarhus_gets_five_explained_suggestions_none_a_partner(world, aarhus):
    assert world.pairs == 24759

    suggestions = aarhus_json()

    assert len(suggestions) >= 5
    partners = partner_places(aarhus)
    partner_ids = {p.geonames_id for p in partners if p.geonames_id}
    partner_names = {(p.country, name_key(p.name)) for p in partners}
    partner_names |= {(p.country, name_key(p.name_en or "")) for p in partners}
    for suggestion in suggestions:
        assert set(suggestion) >= {"name", "country", "score", "reasons"}
        assert suggestion["score"] > 0
        assert suggestion["reasons"]
        assert all(r.endswith(".") for r in suggestion["reasons"])
        assert suggestion["geonames_id"] not in partner_ids
        assert (suggestion["country"], name_key(suggestion["name"])) not in (
            partner_names
        )
        assert name_key(suggestion["name"]) != "aarhus"


def test_a_place_said_to_be_twinned_with_two_partners_is(network, aarhus):
    suggestions = suggest_partners(municipality=aarhus, limit=20, network=network)
    by_name = {p.name: p for p in partner_places(aarhus)}
    checked = 0

    for suggestion in suggestions:
        if len(suggestion.shared_partners) < 2:
            continue
        assert any(
            f"{len(suggestion.shared_partners)} of your partners" in reason
            for reason in suggestion.reasons
        )
        for partner in suggestion.shared_partners:
            assert partner in " ".join(suggestion.reasons)
            twins = twin_towns_of(by_name[partner])
            assert any(
                twin.geonames_id == suggestion.geonames_id
                if suggestion.geonames_id
                else (twin.country, name_key(twin.name))
                == (suggestion.country, name_key(suggestion.name))
                for twin in twins
            ), f"{suggestion.name} is not twinned with {partner}"
        checked += 1

    assert checked >= 3


def test_the_size_and_rank_reasons_hold_by_geonames(network, aarhus):
    facts = geo_facts()
    home = facts.get(aarhus.place.geonames_id)
    suggestions = suggest_partners(municipality=aarhus, limit=30, network=network)

    sized = [s for s in suggestions if any("size like yours" in r for r in s.reasons)]
    second = [s for s in suggestions if any("second city" in r for r in s.reasons)]
    assert sized and second
    for suggestion in sized:
        city = facts.get(suggestion.geonames_id)
        assert home.population / 2.2 < city.population < home.population * 2.2
    assert home.rank == 2
    for suggestion in second:
        assert facts.get(suggestion.geonames_id).rank == 2


def test_the_text_output_lists_reasons_under_each_place(world, aarhus):
    out = io.StringIO()

    call_command("suggest_partners", "--municipality=aarhus", "--limit=3", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("1. ")
    assert "score" in lines[0]
    assert lines[1].startswith("   - ")


def test_an_unknown_theme_is_refused_naming_the_option(aarhus):
    with pytest.raises(CommandError, match="--theme: there is no theme atlantis"):
        call_command("suggest_partners", "--municipality=aarhus", "--theme=atlantis")


def test_an_unknown_municipality_is_refused_naming_the_option(db):
    with pytest.raises(CommandError, match="--municipality: there is no"):
        call_command("suggest_partners", "--municipality=atlantis")


# The platform's profiles are matched without the world's network, which the
# module's first tests import and keep until its last.
NO_NETWORK = TwinTownNetwork([])


def _profile(municipality, *, themes, languages, kinds, published=True):
    return partner_profile_create(
        actor=None,
        municipality=municipality,
        is_published=published,
        themes=themes,
        languages=languages,
        exchange_kinds=kinds,
        description_en="We seek partners.",
        description_da="Vi søger partnere.",
    )


@pytest.fixture
def themes(db):
    return {theme.slug: theme for theme in Theme.objects.all()}


def test_platform_municipalities_with_matching_profiles_are_suggested_to_each_other(
    themes,
):
    culture, education = list(themes.values())[:2]
    silkeborg = MunicipalityFactory(
        slug="silkeborg", place=PlaceFactory(name_en="Silkeborg", country="DK")
    )
    tartu = MunicipalityFactory(
        slug="tartu", place=PlaceFactory(name_en="Tartu", country="EE")
    )
    nowhere = MunicipalityFactory(
        slug="nowhere", place=PlaceFactory(name_en="Nowhere", country="LV")
    )
    elsewhere = MunicipalityFactory(
        slug="elsewhere", place=PlaceFactory(name_en="Elsewhere", country="LT")
    )
    _profile(silkeborg, themes=[culture, education], languages="da en", kinds=["staff"])
    _profile(tartu, themes=[culture], languages="et en", kinds=["staff", "schools"])
    # No language in common with either.
    _profile(elsewhere, themes=[culture], languages="lt", kinds=["staff"])

    for_silkeborg = suggest_partners(municipality=silkeborg, network=NO_NETWORK)
    for_tartu = suggest_partners(municipality=tartu, network=NO_NETWORK)
    for_nowhere = suggest_partners(municipality=nowhere, network=NO_NETWORK)

    assert [s.municipality for s in for_silkeborg] == [tartu]
    assert [s.municipality for s in for_tartu] == [silkeborg]
    assert for_nowhere == []
    reasons = " ".join(for_silkeborg[0].reasons)
    assert str(culture) in reasons
    assert "English" in reasons
    assert "staff exchanges" in reasons


def test_an_unpublished_profile_is_not_matched(themes):
    culture = next(iter(themes.values()))
    first = MunicipalityFactory(place=PlaceFactory(country="DK"))
    second = MunicipalityFactory(place=PlaceFactory(country="EE"))
    _profile(first, themes=[culture], languages="en", kinds=["staff"])
    _profile(second, themes=[culture], languages="en", kinds=["staff"], published=False)

    assert suggest_partners(municipality=first, network=NO_NETWORK) == []


def test_a_profile_refuses_languages_that_are_not_codes(themes):
    culture = next(iter(themes.values()))
    with pytest.raises(Exception) as refused:
        _profile(
            MunicipalityFactory(),
            themes=[culture],
            languages="English",
            kinds=["staff"],
        )
    assert "languages" in refused.value.message_dict


def test_a_place_said_to_be_twinned_with_a_peer_of_aarhus_is(network, aarhus):
    """ "Twinned with X, which like you is twinned with A and B": X–place, X–A and
    X–B are all pairs of the network."""
    suggestions = suggest_partners(municipality=aarhus, limit=20, network=network)
    by_name = {p.name: p for p in partner_places(aarhus)}
    one_peer = re.compile(
        r"^Twinned with (?P<peer>.+?), which like you is twinned with (?P<names>.+)\.$"
    )
    several = re.compile(r"\((?P<peer>[^()]+?) with (?P<names>[^()]+)\)\.$")
    checked = 0
    for suggestion in suggestions:
        for reason in suggestion.reasons:
            found = one_peer.match(reason) or several.search(reason)
            if not found:
                continue
            peer = found["peer"]
            names = re.split(r", | and ", found["names"])
            assert len(names) >= 2
            for name in names:
                twins = {t.name for t in twin_towns_of(by_name[name])}
                assert peer in twins, f"{peer} is not twinned with {name}"
            checked += 1
    assert checked >= 3


def test_with_a_theme_each_suggestion_comes_through_a_partner_on_that_theme(
    network, aarhus
):
    themed = {
        p.partner_place.name
        for p in Partnership.objects.filter(
            municipality=aarhus, themes__slug="culture", partner_place__isnull=False
        ).select_related("partner_place")
    }
    assert themed

    suggestions = suggest_partners(
        municipality=aarhus, theme="culture", limit=10, network=network
    )

    assert suggestions
    for suggestion in suggestions:
        assert set(suggestion.shared_partners) & themed

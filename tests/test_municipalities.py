"""Several municipalities on one platform: their own addresses, and twinnings that
both sides have recorded.

Roskilde joins Aarhus on the platform. Each has a partner "bergen"; each public site
is chosen by its host name, and the API addresses a record within its municipality.
Where Aarhus and Roskilde are twinned with each other and both record it, each side
shows the other's record as confirmation; where the two records disagree, both staffs
see it to settle; where only one side records it, nothing is claimed.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from twinning.accounts.roles import EDITOR
from twinning.accounts.services import user_create
from twinning.partnerships.choices import EventKind
from twinning.partnerships.services import partnership_add_event, partnership_create
from twinning.places.models import Municipality, Place
from twinning.places.services import (
    municipality_create,
    place_create,
    site_host_create,
)

pytestmark = pytest.mark.django_db

HOSTS = ["testserver", "roskilde.example", "aarhus.example"]


@pytest.fixture
def roskilde() -> Municipality:
    home = place_create(actor=None, slug="roskilde", name="Roskilde", country="DK")
    roskilde = municipality_create(
        actor=None,
        slug="roskilde",
        name_da="Roskilde Kommune",
        name_en="Roskilde Municipality",
        place=home,
    )
    site_host_create(actor=None, host="roskilde.example", municipality=roskilde)
    return roskilde


def twinning(
    municipality: Municipality, partner: Place, *, since: str, slug: str, text: str
) -> None:
    partnership = partnership_create(
        actor=None,
        municipality=municipality,
        slug=slug,
        partner_place=partner,
        kind="sister_city",
        description_da=text,
        description_en=text,
    )
    partnership_add_event(
        partnership=partnership, actor=None, kind=EventKind.ESTABLISHED, date=since
    )


@pytest.fixture
def two_bergens(roskilde: Municipality) -> Municipality:
    twinning(
        roskilde,
        Place.objects.get(slug="bergen"),
        since="1952",
        slug="bergen",
        text="Roskilde and Bergen since 1952.",
    )
    return roskilde


# --- Addresses within a municipality ---------------------------------------------


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_each_public_site_shows_its_own_bergen(two_bergens):
    client = Client()

    roskildes = client.get("/en/partners/bergen/", HTTP_HOST="roskilde.example")
    aarhus = client.get("/en/partners/bergen/")

    assert "Roskilde and Bergen since 1952." in roskildes.content.decode()
    assert "Roskilde and Bergen" not in aarhus.content.decode()
    assert "1946" in aarhus.content.decode()


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_the_api_addresses_each_bergen_within_its_municipality(two_bergens):
    client = Client()

    by_parameter = client.get("/api/v1/partnerships/bergen?municipality=roskilde")
    by_host = client.get("/api/v1/partnerships/bergen", HTTP_HOST="roskilde.example")
    default = client.get("/api/v1/partnerships/bergen")

    assert by_parameter.json()["started"]["value"] == "1952"
    assert by_host.json()["started"]["value"] == "1952"
    assert default.json()["started"]["value"] == "1946"


def test_an_unknown_municipality_is_a_problem_of_its_own(two_bergens):
    response = Client().get("/api/v1/partnerships?municipality=atlantis")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_the_sitemap_and_the_downloads_follow_the_host(two_bergens):
    client = Client()

    sitemap = client.get("/sitemap.xml", HTTP_HOST="roskilde.example").content.decode()
    table = client.get(
        "/open-data/partnerships.csv", HTTP_HOST="roskilde.example"
    ).content.decode("utf-8")

    assert "roskilde.example/en/partners/bergen/" in sitemap
    assert "gothenburg" not in sitemap
    assert "Roskilde and Bergen since 1952." in table
    assert "gothenburg" not in table


def test_a_host_name_is_refused_with_a_scheme_or_a_port(roskilde):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        site_host_create(
            actor=None, host="https://roskilde.example:8000", municipality=roskilde
        )
    assert "host" in error.value.message_dict


# --- Twinnings both sides have recorded --------------------------------------------


@pytest.fixture
def mutual(roskilde, aarhus):
    """Aarhus–Roskilde, recorded by both: give each side's start date."""

    def record(aarhus_since: str | None, roskilde_since: str | None) -> None:
        if aarhus_since:
            twinning(
                aarhus,
                roskilde.place,
                since=aarhus_since,
                slug="roskilde",
                text="Aarhus's record.",
            )
        if roskilde_since:
            twinning(
                roskilde,
                aarhus.place,
                since=roskilde_since,
                slug="aarhus",
                text="Roskilde's record.",
            )

    return record


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_a_twinning_both_sides_record_alike_is_confirmed_on_both_sites(mutual):
    mutual("1990", "1990")
    client = Client()

    on_aarhus = client.get("/en/partners/roskilde/").content.decode()
    on_roskilde = client.get(
        "/en/partners/aarhus/", HTTP_HOST="roskilde.example"
    ).content.decode()
    api = client.get("/api/v1/partnerships/roskilde").json()["confirmed_by"]

    assert "Confirmed by" in on_aarhus and "Roskilde Municipality" in on_aarhus
    assert "Confirmed by" in on_roskilde
    assert api["municipality"]["slug"] == "roskilde"
    assert api["agrees"] is True
    assert api["started"]["value"] == "1990"


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_a_twinning_the_sides_record_otherwise_is_listed_for_both_staffs(
    mutual, roskilde, aarhus
):
    mutual("1990", "1991")
    api = Client().get("/api/v1/partnerships/roskilde").json()["confirmed_by"]
    page = Client().get("/en/partners/roskilde/").content.decode()

    assert api["agrees"] is False
    assert api["differences"] == ["started"]
    assert "1990" in page and "1991" in page  # both records, neither merged
    for municipality, partner in ((aarhus, "Roskilde"), (roskilde, "Aarhus")):
        editor = user_create(
            username=f"editor-{municipality.slug}",
            password="x-Pass-1234567",
            role=EDITOR,
            municipalities=[municipality],
        )
        client = Client()
        client.force_login(editor)
        settle = client.get(reverse("admin:partnerships_partnership_settle"))
        listed = settle.context["twinnings"]
        assert [ours.municipality for ours, _theirs in listed] == [municipality]
        assert partner in settle.content.decode()


def test_a_twinning_one_side_records_claims_nothing(mutual, aarhus, editor_client):
    mutual("1990", None)

    api = Client().get("/api/v1/partnerships/roskilde").json()
    page = Client().get("/en/partners/roskilde/").content.decode()
    settle = editor_client.get(reverse("admin:partnerships_partnership_settle"))

    assert api["confirmed_by"] is None
    assert "Confirmed by" not in page
    assert settle.context["twinnings"] == []

"""What citizens expect on every page: how to reach the office, privacy, a sitemap."""

import pytest

from twinning.places.services import municipality_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_office(aarhus):
    return municipality_update(
        municipality=aarhus,
        actor=None,
        expected_version=aarhus.version,
        office_name_da="Internationalt Kontor",
        office_name_en="International Office",
        office_address="Rådhuspladsen 2\n8000 Aarhus C",
        office_phone="+45 89 40 20 00",
        office_email="international@aarhus.example",
    )


def test_every_page_tells_how_to_reach_the_international_office(client, with_office):
    for path in ("/da/", "/da/map/", "/en/partners/bergen/", "/da/accessibility/"):
        page = client.get(path).content.decode()
        assert "Rådhuspladsen 2<br>8000 Aarhus C" in page, path
        assert 'href="tel:+4589402000"' in page, path
        assert 'href="mailto:international@aarhus.example"' in page, path
    assert "Internationalt Kontor" in client.get("/da/").content.decode()
    assert "International Office" in client.get("/en/").content.decode()


def test_without_an_office_the_pages_point_to_the_municipality_and_staff_are_warned(
    client, aarhus, editor_client
):
    page = client.get("/da/").content.decode()
    assert "Kontakt Aarhus Kommune:" in page
    staff = editor_client.get("/da/staff/").content.decode()
    assert (
        "giver ikke borgerne nogen måde at kontakte det internationale kontor" in staff
    )


def test_the_staff_warning_goes_once_the_office_is_entered(with_office, editor_client):
    staff = editor_client.get("/da/staff/").content.decode()

    assert "kontakte det internationale kontor" not in staff


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_privacy_page_says_there_are_no_cookies(client, aarhus, language):
    response = client.get(f"/{language}/privacy/")

    assert response.status_code == 200
    assert not response.cookies
    text = response.content.decode()
    assert ("sætter ingen cookies" if language == "da" else "set no cookies") in text


def test_the_sitemap_page_lists_every_public_partner_and_project(client, aarhus):
    page = client.get("/da/sitemap/").content.decode()

    for slug in ("bergen", "tshwane", "kujalleq", "saint-petersburg"):
        assert f'href="/da/partners/{slug}/"' in page, slug
    assert 'href="/da/projects/' in page
    assert 'href="/da/privacy/"' in page
    footer = client.get("/da/").content.decode().split('class="site-footer"')[1]
    assert 'href="/da/sitemap/"' in footer and "sitemap.xml" not in footer


def test_the_accessibility_statement_has_its_date_status_and_the_was_statement(
    client, aarhus, settings
):
    settings.TWINNING_WAS_STATEMENT_URL = "https://www.was.digst.dk/aarhus-dk"
    page = client.get("/da/accessibility/").content.decode()

    assert "Overholdelsesstatus" in page
    assert "Erklæringen blev senest gennemgået den 2. december 2026." in page
    assert 'href="https://www.was.digst.dk/aarhus-dk"' in page


@pytest.mark.parametrize(
    ("path", "heading", "link"),
    [
        ("/da/partners/atlantis/", "Siden findes ikke", "Alle partnerskaberne"),
        ("/en/partners/atlantis/", "Page not found", "All the partnerships"),
        ("/da/no-such-page/", "Siden findes ikke", "Alle partnerskaberne"),
    ],
)
def test_a_missing_page_answers_in_the_sites_look_and_language(
    client, aarhus, path, heading, link
):
    response = client.get(path)

    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert link in page
    assert 'class="site-footer"' in page  # the site's own header and footer


def test_a_failure_answers_in_the_language_without_reading_the_register(
    rf, django_assert_num_queries
):
    from django.utils import translation

    from twinning.public.views import server_error

    with translation.override("da"), django_assert_num_queries(0):
        response = server_error(rf.get("/da/"))

    assert response.status_code == 500
    assert "Der gik noget galt" in response.content.decode()
    assert 'href="/da/"' in response.content.decode()

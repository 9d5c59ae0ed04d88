"""One search box: any record by any of its names, whatever the case and accents."""

from __future__ import annotations

import datetime as dt

import pytest

from twinning.activities.services import activity_create
from twinning.contacts.services import contact_create
from twinning.core.models import AccessLogEntry
from twinning.results.services import result_create

pytestmark = pytest.mark.django_db


def search(client, query, language="en"):
    response = client.get(f"/{language}/staff/search/", {"q": query})
    assert response.status_code == 200
    return response


def groups(response):
    return {
        group.kind: [hit.title for hit in group.hits]
        for group in response.context["groups"]
    }


def test_tshwane_is_found_across_kinds(editor_client):
    found = groups(search(editor_client, "tshwane"))

    assert found["partnerships"] == ["City of Tshwane"]
    assert any("Tshwane" in title for title in found["projects"])
    assert "organisations" in found


def test_a_partner_is_found_by_another_of_its_names(editor_client):
    found = groups(search(editor_client, "GOTEBORG"))

    assert found["partnerships"] == ["Gothenburg"]


def test_danish_letters_and_accents_are_matched_folded(editor_client, aarhus):
    activity_create(
        actor=None,
        municipality=aarhus,
        slug="besog-fra-malmo",
        kind="incoming_visit",
        title_da="Besøg fra Malmö og Ærøskøbing",
        title_en="Visit from Malmö and Ærøskøbing",
        started="2026-01-15",
    )
    result_create(
        actor=None,
        municipality=aarhus,
        slug="cafe-resultat",
        kind="network",
        title="Café-netværk i Østergade",
    )
    contact_create(
        actor=None,
        municipality=aarhus,
        name="Søren Ærø",
        retain_until=dt.date(2099, 1, 1),
    )

    assert groups(search(editor_client, "malmo aeroskobing"))["activities"] == [
        "Visit from Malmö and Ærøskøbing"
    ]
    assert groups(search(editor_client, "CAFE ostergade"))["results"] == [
        "Café-netværk i Østergade"
    ]
    assert groups(search(editor_client, "soren aero"))["contacts"] == ["Søren Ærø"]


def test_another_municipalitys_records_are_not_found(editor_client, roskilde_portfolio):
    found = groups(search(editor_client, "roskilde"))

    for titles in found.values():
        assert not any(
            "Roskilde" in title and "Livelyville" in title for title in titles
        )
    assert "partnerships" not in found
    assert "activities" not in found
    assert "contacts" not in found


def test_their_own_staff_find_them(roskilde_viewer_client, roskilde_portfolio):
    found = groups(search(roskilde_viewer_client, "livelyville"))

    assert found["partnerships"] == ["Livelyville Roskilde"]
    assert found["activities"] == ["Visit from Livelyville Roskilde"]
    assert "tshwane" not in str(groups(search(roskilde_viewer_client, "tshwane")))


def test_results_are_grouped_by_kind_with_links(editor_client):
    html = search(editor_client, "kiel").content.decode()

    assert '<h2 id="found-partnerships">Partnerships' in html
    assert 'href="/en/staff/partners/kiel/"' in html
    assert '<h2 id="found-agreements">Agreements' in html


def test_a_search_is_logged_as_a_search_of_contacts(editor, editor_client, aarhus):
    contact_create(
        actor=None,
        municipality=aarhus,
        name="Søren Ærø",
        retain_until=dt.date(2099, 1, 1),
    )

    search(editor_client, "soren")

    entry = AccessLogEntry.objects.get(actor=editor)
    assert entry.action == "search"
    assert entry.object_count == 1
    assert entry.detail == "staff search q=soren"


def test_an_empty_search_finds_nothing_and_logs_nothing(editor, editor_client):
    response = search(editor_client, "   ")

    assert response.context["groups"] == []
    assert not AccessLogEntry.objects.filter(actor=editor).exists()


def test_the_search_page_speaks_danish(editor_client):
    html = search(editor_client, "tshwane", "da").content.decode()

    assert "poster fundet for “tshwane”" in html
    assert "Partnerskaber" in html


def test_every_back_office_page_has_the_search_box(editor_client):
    html = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'action="/en/staff/search/"' in html
    assert '<a href="/en/staff/">What needs attention</a>' in html

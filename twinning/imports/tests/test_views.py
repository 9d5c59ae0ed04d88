"""The import page of the back office: check a file, read the report, confirm."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from twinning.core.writes import writing_around_services
from twinning.imports.tests.files import COLUMNS, csv_bytes, place_row
from twinning.places.models import Place

pytestmark = pytest.mark.django_db

URL = "/admin/imports/"


@pytest.fixture(autouse=True)
def english_pages(client, editor_client, viewer_client, administrator_client):
    for each in (client, editor_client, viewer_client, administrator_client):
        each.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def upload(rows, name="places.csv"):
    return SimpleUploadedFile(
        name, csv_bytes(COLUMNS["places"], rows), content_type="text/csv"
    )


def check(client, rows, kind="places", **data):
    return client.post(URL, {"kind": kind, "file": upload(rows), **data})


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/admin/imports/")


def test_a_viewer_may_not_import(viewer_client):
    assert viewer_client.get(URL).status_code == 403
    assert check(viewer_client, [place_row()]).status_code == 403
    assert not Place.objects.filter(slug="odense").exists()


def test_an_editor_sees_the_form_in_the_back_office(editor_client):
    response = editor_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="kind"' in page
    assert "Import a table" in page
    assert 'href="/admin/"' in page


def test_an_editor_sees_every_problem_of_a_checked_file_and_nothing_is_written(
    editor_client,
):
    response = check(
        editor_client,
        [place_row(), place_row(external_id="vejle", country="XA", geonames_id="")],
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was imported" in page
    assert "<td>country</td>" in page
    assert "<td>XA</td>" in page
    assert "is not an ISO 3166-1 alpha-2 country code" in page
    assert 'name="confirm"' not in page
    assert not Place.objects.filter(slug__in=["odense", "vejle"]).exists()


def test_a_checked_file_without_problems_is_imported_only_when_confirmed(
    editor_client, editor
):
    response = check(editor_client, [place_row()])

    page = response.content.decode()
    assert "1 new" in page
    assert "Dry run: nothing was written." in page
    assert 'name="confirm"' in page
    assert not Place.objects.filter(slug="odense").exists()
    digest = response.context["digest"]

    confirmed = editor_client.post(URL, {"confirm": "1", "digest": digest}, follow=True)

    assert confirmed.status_code == 200
    assert "The file places.csv was imported." in confirmed.content.decode()
    place = Place.objects.get(slug="odense")
    assert place.history.first().history_user == editor


def test_a_confirmation_imports_only_the_file_it_was_shown(editor_client):
    first = check(editor_client, [place_row()])
    check(
        editor_client, [place_row(external_id="vejle", name_da="Vejle", geonames_id="")]
    )

    response = editor_client.post(
        URL, {"confirm": "1", "digest": first.context["digest"]}, follow=True
    )

    assert "Upload it again" in response.content.decode()
    assert not Place.objects.filter(slug__in=["odense", "vejle"]).exists()


def test_a_confirmed_file_cannot_be_imported_twice_from_the_same_page(editor_client):
    digest = check(editor_client, [place_row()]).context["digest"]
    editor_client.post(URL, {"confirm": "1", "digest": digest})
    with writing_around_services():
        Place.objects.filter(slug="odense").update(population=1)

    editor_client.post(URL, {"confirm": "1", "digest": digest})

    assert Place.objects.get(slug="odense").population == 1


def test_partnerships_need_the_home_municipality_to_import_into(editor_client, aarhus):
    response = editor_client.post(
        URL, {"kind": "partnerships", "municipality": "", "file": upload([])}
    )

    assert response.status_code == 200
    assert "Choose the home municipality" in response.content.decode()


def test_the_page_speaks_danish_to_a_danish_user(editor_client):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    response = editor_client.get(URL)

    assert response.status_code == 200
    assert '<html lang="da"' in response.content.decode()

"""The council report on the staff workspace: who may make it, and what it shows."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from twinning.places.tests.factories import MunicipalityFactory, home

pytestmark = pytest.mark.django_db

URL = "/en/staff/reports/"


def ask(client, **params):
    query = {"year": 2025, "language": "en", "output_format": "html", **params}
    query.setdefault("municipality", home().pk)
    return client.get(URL, query)


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_role_that_may_not_read_the_register_is_refused(editor, editor_client):
    editor.user_permissions.remove(Permission.objects.get(codename="view_partnership"))
    for group in editor.groups.all():
        group.permissions.remove(Permission.objects.get(codename="view_partnership"))

    response = editor_client.get(URL)

    assert response.status_code == 403


def test_the_form_offers_only_the_user_s_municipalities(viewer_client):
    MunicipalityFactory(slug="roskilde", name_en="Roskilde Municipality")

    response = viewer_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Aarhus" in page
    assert "Roskilde" not in page


def test_another_municipality_s_report_is_refused_naming_the_field(viewer_client):
    other = MunicipalityFactory(slug="roskilde")

    response = ask(viewer_client, municipality=other.pk)

    assert response.status_code == 400
    assert 'id="id_municipality-error"' in response.content.decode()


def test_the_preview_shows_the_report_in_the_language_asked(viewer_client):
    response = ask(viewer_client, language="da")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Sammendrag" in page
    assert "Harbin" in page
    assert "Sidst bekræftet" in page


def test_a_period_that_ends_before_it_starts_is_refused(viewer_client):
    response = ask(viewer_client, year="", date_from="2025-06-01", date_to="2025-01-01")

    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()


def test_the_pdf_and_the_workbook_download(viewer_client):
    pdf = ask(viewer_client, output_format="pdf")
    xlsx = ask(viewer_client, output_format="xlsx")

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "Partnerships" in book.sheetnames


def test_a_period_from_and_to_is_kept_in_the_form_as_the_date_fields_need(
    viewer_client,
):
    response = ask(
        viewer_client,
        year="",
        language="da",
        date_from="2025-01-01",
        date_to="2025-06-30",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="2025-01-01"' in page
    assert "30. juni 2025" in page

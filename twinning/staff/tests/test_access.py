"""Only signed-in staff with a role that reads the register use the workspace."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from twinning.accounts.models import User
from twinning.core.models import Review
from twinning.places.models import Municipality

pytestmark = pytest.mark.django_db

PAGES = (
    "/en/staff/",
    "/en/staff/search/?q=tshwane",
    "/en/staff/partners/tshwane/",
    "/da/staff/",
)


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/admin/login/"
    assert parse_qs(location.query)["next"] == [path]


def test_an_anonymous_visitor_cannot_mark_a_file_as_reviewed(client):
    response = client.post("/en/staff/partners/tshwane/review/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not Review.objects.exists()


@pytest.fixture
def no_role_client(aarhus: Municipality) -> Client:
    """A member of staff of Aarhus whose role was taken away."""
    user = User.objects.create_user(username="nora-no-role", is_staff=True)
    user.municipalities.set([aarhus])
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", PAGES[:3])
def test_staff_without_a_role_get_the_refusal_page(no_role_client, path):
    response = no_role_client.get(path)

    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="header"' in html  # the back office's header
    assert "Your role may not read the register." in html
    assert "Without a role you may not see the register." in html


def test_the_refusal_page_speaks_danish(no_role_client):
    html = no_role_client.get("/da/staff/").content.decode()

    assert "Din rolle må ikke læse registret." in html
    assert "Du har ingen rolle." in html


def test_a_viewer_may_not_mark_a_file_as_reviewed(viewer_client):
    response = viewer_client.post("/en/staff/partners/tshwane/review/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Your role may not mark records as reviewed." in html
    assert "Your role: viewer." in html
    assert "A viewer reads the register, but may not add, change" in html
    assert not Review.objects.exists()


def test_a_viewer_reads_the_workspace_without_the_review_button(viewer_client):
    html = viewer_client.get("/en/staff/partners/tshwane/").content.decode()

    assert "Mark as reviewed" not in html
    assert "Add an activity" not in html


def test_role_names_are_translated(viewer_client):
    html = viewer_client.post("/da/staff/partners/tshwane/review/").content.decode()

    assert "Din rolle: læser." in html


def test_the_back_offices_refusals_use_the_same_page(viewer_client):
    response = viewer_client.get(
        "/admin/partnerships/partnership/add/", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="header"' in html
    assert "A viewer reads the register" in html


def test_a_partnership_of_another_municipality_is_not_found(
    editor_client, roskilde_portfolio
):
    response = editor_client.get(
        f"/en/staff/partners/{roskilde_portfolio.lively.slug}/"
    )

    assert response.status_code == 404


def test_a_role_group_is_what_gives_the_right(no_role_client):
    user = User.objects.get(username="nora-no-role")
    user.groups.set([Group.objects.get(name="viewer")])

    assert no_role_client.get("/en/staff/").status_code == 200

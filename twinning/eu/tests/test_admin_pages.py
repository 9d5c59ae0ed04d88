"""The back office's pages for the EU pipeline open for an editor."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/eu/application/add/",
        "/admin/eu/application/",
        "/admin/eu/policywarning/add/",
        "/admin/eu/fundingopportunity/add/",
        "/admin/partnerships/partnerprofile/add/",
    ],
)
def test_the_page_opens(editor_client, path):
    response = editor_client.get(path)

    assert response.status_code == 200


def test_a_viewer_cannot_add_an_application(viewer_client):
    response = viewer_client.get("/admin/eu/application/add/")

    assert response.status_code == 403

"""Request bodies over their limit are answered 413 before they are read."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from twinning.accounts.tokens import api_token_create
from twinning.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_in_english(settings: Any) -> None:
    """Answer in English a client that names no language (Danish is the default)."""
    settings.LANGUAGE_CODE = "en"


MB = 1_000_000


def test_a_5_mb_json_body_to_the_api_gets_413_as_a_problem(
    client: Client, editor: Any
) -> None:
    secret = api_token_create(user=editor, name="Big").secret
    before = Partnership.objects.count()
    body = json.dumps({"name": "x" * (5 * MB)})
    response = client.post(
        "/api/v1/partnerships",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 413
    assert problem["title"] == "Content Too Large"
    assert "1000000 bytes" in problem["detail"]
    assert Partnership.objects.count() == before


@override_settings(TWINNING_API_MAX_BODY_BYTES=100)
def test_the_api_limit_is_a_setting(client: Client) -> None:
    response = client.post(
        "/api/v1/partnerships", "x" * 101, content_type="application/json"
    )
    assert response.status_code == 413


def test_a_body_within_the_limit_goes_through_to_the_api(client: Client) -> None:
    response = client.post(
        "/api/v1/partnerships", "{}", content_type="application/json"
    )
    assert response.status_code == 401  # on to the view, which asks for a token


@override_settings(TWINNING_MAX_REQUEST_BYTES=1000)
def test_a_form_over_the_site_limit_gets_413(client: Client) -> None:
    response = client.post("/admin/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "larger than 1000 bytes" in response.content.decode()


def test_the_api_description_declares_413_for_bodies(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    create = schema["paths"]["/api/v1/partnerships"]["post"]
    assert "413" in create["responses"]
    assert "413" not in schema["paths"]["/api/v1/partnerships"]["get"]["responses"]

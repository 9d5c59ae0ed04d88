"""Requests to the API as the tests make them."""

from __future__ import annotations

from typing import Any

from django.test import Client

API = "/api/v1"


def bearer(secret: str) -> dict[str, str]:
    """Return the header a token is sent in, as the test client takes it."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def get(client: Client, path: str, **extra: Any) -> Any:
    return client.get(f"{API}{path}", **extra)


def post(client: Client, path: str, data: Any, **extra: Any) -> Any:
    return client.post(
        f"{API}{path}", data=data, content_type="application/json", **extra
    )


def patch(client: Client, path: str, data: Any, **extra: Any) -> Any:
    return client.patch(
        f"{API}{path}", data=data, content_type="application/json", **extra
    )


def fields_named(response: Any) -> set[str]:
    """Return the fields and parameters a problem document names."""
    return {error["field"] for error in response.json().get("errors", [])}


def items(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


def slugs(response: Any) -> list[str]:
    return [item["slug"] for item in items(response)]

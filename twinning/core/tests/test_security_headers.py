"""The security headers, on every kind of answer the site gives; production's checks.

The headers are set by middleware above every view, so each kind of response is
asked for once: a public page, a 404, the staff login, a back-office page, an API
answer (and its 401), a download, a static file and the site's colour sheet.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

# What production sets (settings.py with TWINNING_ENV=production); the test below
# running `check --deploy` in a production environment holds settings.py to it.
PRODUCTION_HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
}

ANSWERS = [
    ("public page", "/en/", 200),
    ("not found", "/en/no-such-page/", 404),
    ("staff login", "/admin/login/", 200),
    ("API answer", "/api/v1/partnerships", 200),
    ("API refusal", "/api/v1/contacts", 401),
    ("API not found", "/api/v1/no-such-thing", 404),
    ("API explorer", "/api/v1/docs", 200),
    ("download", "/open-data/partnerships.csv", 200),
    ("static file", "/static/public/css/site.css", 200),
    ("site colour", "/site.css", 200),
    ("health check", "/healthz", 200),
]


def directives(header: str) -> dict[str, list[str]]:
    """Split a Content-Security-Policy into its directives and their sources."""
    policy: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def assert_security_headers(response: Any) -> None:
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    for kind in ("script-src", "style-src"):
        assert policy[kind] == ["'self'"], kind  # no inline code, no other origin
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("kind", "path", "status"), ANSWERS, ids=[a[0] for a in ANSWERS]
)
@override_settings(**PRODUCTION_HTTPS)
def test_every_kind_of_answer_carries_the_security_headers(
    client: Client, kind: str, path: str, status: int
) -> None:
    response = client.get(path, secure=True)
    assert response.status_code == status, kind
    assert_security_headers(response)


@override_settings(**PRODUCTION_HTTPS)
def test_back_office_pages_carry_the_security_headers(
    administrator_client: Client,
) -> None:
    for path in ("/admin/", "/admin/partnerships/partnership/", "/admin/imports/"):
        response = administrator_client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_security_headers(response)


@override_settings(**PRODUCTION_HTTPS)
def test_plain_http_is_sent_to_https_but_the_health_check_answers() -> None:
    client = Client()
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"
    assert client.get("/healthz").status_code == 200


@override_settings(TWINNING_COLOUR="#123abc")
def test_the_site_colour_comes_as_a_style_sheet(client: Client) -> None:
    response = client.get("/site.css")
    assert response["Content-Type"].startswith("text/css")
    assert response.content.decode() == ":root { --municipality-colour: #123abc; }\n"
    page = client.get("/en/").content.decode()
    assert '<link rel="stylesheet" href="/site.css">' in page


@override_settings(TWINNING_COLOUR="red; } body { display: none")
def test_a_colour_setting_that_is_no_colour_cannot_reach_the_style_sheet(
    client: Client,
) -> None:
    assert b"display" not in client.get("/site.css").content


TEMPLATE_ROOTS = [Path(settings.BASE_DIR)]
INLINE = [
    (re.compile(r"<style", re.IGNORECASE), "an inline style sheet"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an event handler attribute"),
    # A script without src, unless it is a data block (JSON, JSON-LD).
    (
        re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/)[^>]*>", re.I),
        "an inline script",
    ),
]


def test_no_template_of_the_site_has_inline_script_or_style() -> None:
    found = []
    for root in TEMPLATE_ROOTS:
        for template in root.rglob("templates/**/*.html"):
            text = template.read_text(encoding="utf-8")
            found += [
                f"{template.relative_to(root)}: {what}"
                for pattern, what in INLINE
                if pattern.search(text)
            ]
    assert found == []


def test_pages_pass_no_inline_style_from_django_admin_either(
    administrator_client: Client,
) -> None:
    # Django's change list adds an inline style to a list without actions; the
    # site's own change list template leaves it out.
    response = administrator_client.get("/admin/places/place/")
    html = response.content.decode()
    assert "<style" not in html
    assert " style=" not in html


def production_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TWINNING_"))
    }
    environment.update(
        TWINNING_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="twinning.example.org",
        TWINNING_VAR_DIR=str(tmp_path),
        **extra,
    )
    return environment


@pytest.mark.slow
def test_check_deploy_finds_nothing_in_production(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.PROJECT_DIR,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def settings_in(environment: dict[str, str]) -> ModuleType:
    """Read settings.py afresh, in this process, as it reads in `environment`."""
    spec = importlib.util.spec_from_file_location(
        "settings_as_read", Path(settings.BASE_DIR) / "config" / "settings.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, environment, clear=True):
        spec.loader.exec_module(module)
    return module


def test_behind_a_proxy_the_https_header_is_a_setting(tmp_path: Path) -> None:
    production = settings_in(
        production_environment(
            tmp_path, TWINNING_PROXY_SSL_HEADER="X-Forwarded-Proto: https"
        )
    )

    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert not hasattr(
        settings_in(production_environment(tmp_path)), "SECURE_PROXY_SSL_HEADER"
    )


@override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), **PRODUCTION_HTTPS
)
def test_a_request_the_proxy_marks_as_https_is_not_redirected(client: Client) -> None:
    response = client.get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert client.get("/en/").status_code == 301

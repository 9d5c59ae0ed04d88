"""Single sign-on against a real OpenID Connect provider that the test starts.

The provider is a small Django project of its own (tests/oidc_provider, built on
django-oauth-toolkit), run as a separate server with its own database and signing
key. Twinning is asked through the test client; every call between Twinning and
the provider (the token, the signing keys, the userinfo) goes over HTTP.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import Client, override_settings

from twinning.accounts.models import User

# The identity provider is a program of its own, started for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def pages_in_english(settings: Any) -> None:
    """Answer in English a client that names no language (Danish is the default)."""
    settings.LANGUAGE_CODE = "en"


CLIENT_ID = "twinning"
CLIENT_SECRET = "twinning-secret-for-tests"
PASSWORD = "provider password 123"
PEOPLE = [
    {
        "username": "karen",
        "email": "karen@aarhus.example",
        "password": PASSWORD,
        "first_name": "Karen",
        "last_name": "Lund",
        "groups": ["aarhus-international", "canteen"],
    },
    {
        "username": "outsider",
        "email": "outsider@aarhus.example",
        "password": PASSWORD,
        "groups": ["canteen"],
    },
]
GROUPS = "aarhus-international=editor:aarhus; aarhus-it=administrator:aarhus"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the identity provider; yield its address."""
    folder = tmp_path_factory.mktemp("provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PROVIDER_DATABASE": str(folder / "provider.sqlite3"),
        "PROVIDER_RSA_KEY": key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    }
    project = Path(settings.PROJECT_DIR)

    def django(*arguments: str) -> None:
        subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, *arguments],
            cwd=project,
            env=environment,
            check=True,
            capture_output=True,
        )

    django("-m", "django", "migrate", "--no-input")
    spec = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": "http://testserver/oidc/callback/",
        "users": PEOPLE,
    }
    django("-m", "tests.oidc_provider.seed", json.dumps(spec))
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "django",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/o/.well-known/jwks.json", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            pytest.fail("the identity provider did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def sso(provider: str) -> Iterator[str]:
    """Configure Twinning to use the provider, as the environment variables do."""
    with override_settings(
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{provider}/o/authorize/",
        OIDC_OP_TOKEN_ENDPOINT=f"{provider}/o/token/",
        OIDC_OP_USER_ENDPOINT=f"{provider}/o/userinfo/",
        OIDC_OP_JWKS_ENDPOINT=f"{provider}/o/.well-known/jwks.json",
        AUTHENTICATION_BACKENDS=[
            *settings.AUTHENTICATION_BACKENDS,
            "twinning.accounts.oidc.TwinningOIDCBackend",
        ],
        TWINNING_OIDC_GROUPS=GROUPS,
        TWINNING_OIDC_NAME="Aarhus Kommune AD",
    ):
        yield provider


def sign_in_at_the_provider(client: Client, username: str) -> Any:
    """Go from Twinning's SSO link through the provider's login and back."""
    start = client.get("/oidc/authenticate/", {"next": "/admin/"})
    assert start.status_code == 302
    browser = requests.Session()
    authorize = start["Location"]
    login = browser.get(authorize, timeout=10)  # on to the provider's login page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
    assert token is not None
    next_field = re.search(r'name="next" value="([^"]+)"', login.text)
    assert next_field is not None
    back = browser.post(
        login.url,
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": PASSWORD,
            "next": next_field.group(1).replace("&amp;", "&"),
        },
        allow_redirects=False,
        timeout=10,
    )
    assert back.status_code == 302
    answer = browser.get(
        urlsplit(login.url)._replace(path="", query="").geturl()
        + back.headers["Location"],
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == "/oidc/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def test_a_provider_group_makes_an_editor_of_the_right_municipality(
    sso: str, aarhus: Any
) -> None:
    client = Client()
    response = sign_in_at_the_provider(client, "karen")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    user = User.objects.get(email="karen@aarhus.example")
    assert user.username.startswith("sso-")
    assert (user.first_name, user.last_name) == ("Karen", "Lund")
    assert [group.name for group in user.groups.all()] == ["editor"]
    assert list(user.municipalities.all()) == [aarhus]
    assert not user.has_usable_password()
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/partnerships/partnership/").status_code == 200


def test_a_person_in_no_mapped_group_is_refused(sso: str) -> None:
    client = Client()
    response = sign_in_at_the_provider(client, "outsider")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?sso=refused"
    assert not User.objects.filter(email="outsider@aarhus.example").exists()
    refused = client.get(response["Location"]).content.decode()
    assert "in no group that gives a role" in refused


def test_the_login_page_offers_the_provider_when_one_is_set(
    sso: str, client: Client
) -> None:
    page = client.get("/admin/login/").content.decode()
    assert "Sign in with Aarhus Kommune AD" in page
    assert 'href="/oidc/authenticate/' in page


def test_without_a_provider_there_is_no_sso_and_local_accounts_work(
    client: Client, editor: User
) -> None:
    from conftest import PASSWORD as LOCAL_PASSWORD

    assert client.get("/oidc/authenticate/").status_code == 404
    assert "Sign in with" not in client.get("/admin/login/").content.decode()
    response = client.post(
        "/admin/login/",
        {"username": editor.username, "password": LOCAL_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302

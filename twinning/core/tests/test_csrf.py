"""The sign-in and back-office forms refuse a post without its CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

ANONYMOUS_FORMS = ["/admin/login/", "/admin/password_reset/", "/i18n/setlang/"]
SIGNED_IN_FORMS = [
    "/admin/second-factor/",
    "/admin/second-factor/setup/",
    "/admin/second-factor/passkeys/added/",
    "/admin/second-factor/passkeys/1/remove/",
    "/admin/second-factor/passkeys/webauthn/registration/begin/",
    "/admin/second-factor/passkeys/webauthn/registration/complete/",
    "/admin/second-factor/passkeys/webauthn/authentication/begin/",
    "/admin/second-factor/passkeys/webauthn/authentication/complete/",
    "/admin/imports/",
    "/admin/contacts/contactperson/",
    "/admin/partnerships/partnership/add/",
    "/admin/accounts/apitoken/add/",
    "/admin/password_change/",
    "/admin/logout/",
]


@pytest.mark.parametrize("path", ANONYMOUS_FORMS)
def test_a_form_posted_without_its_token_is_refused(path: str, editor: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.parametrize("path", SIGNED_IN_FORMS)
def test_a_back_office_form_posted_without_its_token_is_refused(
    path: str, editor: Any
) -> None:
    client = sign_in(Client(enforce_csrf_checks=True), editor)
    response = client.post(path, {"name": "Forged", "code": "123456"})
    assert response.status_code == 403

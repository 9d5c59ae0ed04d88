"""Signing in to the back office: lock-out, the second factor, a new password.

Everything goes through the real staff login at /admin/login/ with a password, as
a person (or an attacker) would; only the clock of the lock-out is moved, by
dating the recorded attempts back.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from twinning.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_in_english(settings: Any) -> None:
    """Answer in English a client that names no language (Danish is the default)."""
    settings.LANGUAGE_CODE = "en"


LOGIN = "/admin/login/"


def log_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def code_for(device: TOTPDevice) -> str:
    """Return the code the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def unthrottle(device: Any) -> None:
    """Forget a device's failures: django-otp makes one wait after each."""
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


def back_office_opens(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


# --- lock-out --------------------------------------------------------------------


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(
    client: Client, editor: User
) -> None:
    for attempt in range(10):
        response = log_in(client, editor.username, f"wrong-{attempt}")
        assert response.status_code in (200, 429)
    response = log_in(client, editor.username, PASSWORD)
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert "Try again in 30 minutes" in response.content.decode()
    assert not back_office_opens(client)


def test_nine_wrong_passwords_do_not_lock(client: Client, editor: User) -> None:
    for attempt in range(9):
        assert log_in(client, editor.username, f"wrong-{attempt}").status_code == 200
    assert log_in(client, editor.username, PASSWORD).status_code == 302
    assert back_office_opens(client)


def test_the_lock_out_is_told_in_danish(client: Client, editor: User) -> None:
    for attempt in range(11):
        response = log_in(
            client, editor.username, f"wrong-{attempt}", HTTP_ACCEPT_LANGUAGE="da"
        )
    assert response.status_code == 429
    page = response.content.decode()
    assert 'lang="da"' in page
    assert "Log-in er låst" in page
    assert "Prøv igen om 30 minutter" in page


def test_the_lock_out_is_logged_with_its_end(
    client: Client, editor: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="twinning.accounts"):
        for attempt in range(10):
            log_in(client, editor.username, f"wrong-{attempt}")
    locks = [
        record.getMessage()
        for record in caplog.records
        if record.name == "twinning.accounts"
    ]
    # One for the account, one for the address.
    assert len(locks) >= 1
    assert editor.username in locks[0]
    assert "until" in locks[0]


def test_the_lock_ends_after_its_time(client: Client, editor: User) -> None:
    for attempt in range(10):
        log_in(client, editor.username, f"wrong-{attempt}")
    assert log_in(client, editor.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert log_in(client, editor.username, PASSWORD).status_code == 302
    assert back_office_opens(client)


def test_ten_wrong_passwords_from_one_address_lock_that_address(
    client: Client, editor: User, viewer: User
) -> None:
    for attempt in range(10):
        log_in(client, f"someone-{attempt}", "guess", REMOTE_ADDR="192.0.2.7")
    locked = log_in(client, viewer.username, PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert locked.status_code == 429
    other = log_in(Client(), editor.username, PASSWORD, REMOTE_ADDR="192.0.2.8")
    assert other.status_code == 302


# --- the second factor --------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "municipality_administrator"])
def test_an_administrator_with_only_a_password_opens_no_back_office_page(
    client: Client, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    assert log_in(client, user.username, PASSWORD).status_code == 302
    for path in (
        "/admin/",
        "/admin/partnerships/partnership/",
        "/admin/contacts/contact/",
        "/admin/accounts/user/",
        "/admin/core/accesslogentry/",
        "/admin/imports/",
        "/admin/password_change/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/second-factor/setup/"), path
    response = client.post("/admin/partnerships/partnership/add/", {"name": "x"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/second-factor/setup/"


def test_an_administrator_sets_up_an_app_and_gets_recovery_codes(
    client: Client, municipality_administrator: User
) -> None:
    user = municipality_administrator
    log_in(client, user.username, PASSWORD)
    page = client.get("/admin/second-factor/setup/?next=/admin/contacts/contact/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, no outside service
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/admin/second-factor/setup/", {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert not back_office_opens(client)
    unthrottle(device)

    done = client.post(
        "/admin/second-factor/setup/",
        {"code": code_for(device), "next": "/admin/contacts/contact/"},
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert 'href="/admin/contacts/contact/"' in done.content.decode()
    assert back_office_opens(client)

    # Next time: password, then a recovery code (once only).
    client.post("/admin/logout/")
    log_in(client, user.username, PASSWORD)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/second-factor/verify/")
    client.post("/admin/second-factor/verify/", {"code": codes[0]})
    assert back_office_opens(client)
    client.post("/admin/logout/")
    log_in(client, user.username, PASSWORD)
    again = client.post("/admin/second-factor/verify/", {"code": codes[0]})
    assert "That code is not right, or has been used" in again.content.decode()
    assert not back_office_opens(client)


def test_a_wrong_code_opens_nothing_and_a_right_one_does(
    client: Client, administrator: User
) -> None:
    device = TOTPDevice.objects.create(user=administrator, name="app")
    log_in(client, administrator.username, PASSWORD)
    response = client.post("/admin/second-factor/verify/", {"code": "123456"})
    assert response.status_code == 200
    assert not back_office_opens(client)
    unthrottle(device)
    response = client.post(
        "/admin/second-factor/verify/", {"code": code_for(device), "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert back_office_opens(client)


def test_verification_sends_on_only_within_the_site(
    client: Client, administrator: User
) -> None:
    device = TOTPDevice.objects.create(user=administrator, name="app")
    log_in(client, administrator.username, PASSWORD)
    response = client.post(
        "/admin/second-factor/verify/",
        {"code": code_for(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/admin/"


def test_an_editor_may_go_without_a_second_factor(client: Client, editor: User) -> None:
    log_in(client, editor.username, PASSWORD)
    assert back_office_opens(client)
    offer = client.get("/admin/second-factor/")
    assert "Set up a second factor" in offer.content.decode()


def test_an_editor_who_set_one_up_must_use_it(client: Client, editor: User) -> None:
    TOTPDevice.objects.create(user=editor, name="app")
    log_in(client, editor.username, PASSWORD)
    response = client.get("/admin/partnerships/partnership/")
    assert response["Location"].startswith("/admin/second-factor/verify/")


def test_a_password_alone_cannot_replace_the_second_factor(
    client: Client, administrator: User
) -> None:
    TOTPDevice.objects.create(user=administrator, name="app")
    log_in(client, administrator.username, PASSWORD)
    response = client.get("/admin/second-factor/setup/")
    assert response["Location"] == "/admin/second-factor/verify/"
    assert not TOTPDevice.objects.filter(confirmed=False).exists()


def test_the_personas_sessions_are_verified_like_a_real_sign_in(
    administrator_client: Client, administrator: User
) -> None:
    assert back_office_opens(administrator_client)
    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()


def test_a_staff_page_without_signing_in_goes_to_the_login(client: Client) -> None:
    for path in ("/admin/", "/admin/contacts/contact/", "/admin/second-factor/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN), path


# --- a new password by e-mail -----------------------------------------------------


def test_a_forgotten_password_is_reset_by_e_mail(client: Client, editor: User) -> None:
    editor.email = "eva@example.org"
    editor.save()
    login_page = client.get(LOGIN).content.decode()
    assert 'href="/admin/password_reset/"' in login_page
    response = client.post("/admin/password_reset/", {"email": "eva@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(/admin/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    new = "a new and long passphrase 42"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    assert log_in(Client(), editor.username, new).status_code == 302
    assert log_in(Client(), editor.username, PASSWORD).status_code == 200


def test_only_the_platform_sees_sign_in_records_and_second_factors(
    municipality_administrator_client: Client, administrator_client: Client
) -> None:
    for path in ("/admin/otp_totp/totpdevice/", "/admin/axes/accessattempt/"):
        assert municipality_administrator_client.get(path).status_code == 403, path
        assert administrator_client.get(path).status_code == 200, path


def test_a_locked_account_stays_locked_from_another_address(
    client: Client, editor: User
) -> None:
    for attempt in range(10):
        log_in(client, editor.username, f"wrong-{attempt}", REMOTE_ADDR="192.0.2.20")
    elsewhere = log_in(Client(), editor.username, PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert elsewhere.status_code == 429

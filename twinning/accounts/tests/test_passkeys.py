"""Passkeys as a second factor: adding, listing, removing, and signing in with one.

The browser's part of WebAuthn is played by a small software authenticator that
makes real keys and signs real challenges, so the plugin's checks (challenge,
origin, relying party, signature, counter) all run as they do for a person; the
pages are reached through the real password login at /admin/login/.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from conftest import PASSWORD, sign_in
from twinning.accounts.models import User

pytestmark = pytest.mark.django_db

ORIGIN = "http://localhost:8000"
RP_ID = "localhost"
CEREMONIES = "/admin/second-factor/passkeys/webauthn/"


@pytest.fixture(autouse=True)
def pages_in_english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    settings.OTP_WEBAUTHN_RP_ID = RP_ID
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    """A passkey authenticator in memory: one P-256 key, user verification on."""

    def __init__(self, origin: str = ORIGIN, rp_id: str = RP_ID) -> None:
        self.origin = origin
        self.rp_id = rp_id
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(16)
        self.sign_count = 0

    def client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": challenge,
                "origin": self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def auth_data(self, flags: int, attested: bytes = b"") -> bytes:
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big") + attested

    def create(self, options: dict[str, Any]) -> dict[str, Any]:
        """Answer `navigator.credentials.create()` for the options the site gave."""
        numbers = self.key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        attested = (
            bytes(16)
            + len(self.credential_id).to_bytes(2, "big")
            + self.credential_id
            + cose_key
        )
        attestation = cbor2.dumps(
            {"fmt": "none", "attStmt": {}, "authData": self.auth_data(0x45, attested)}
        )
        client_data = self.client_data("webauthn.create", options["challenge"])
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
            "authenticatorAttachment": "platform",
        }

    def get(self, options: dict[str, Any]) -> dict[str, Any]:
        """Answer `navigator.credentials.get()`: sign the site's challenge."""
        self.sign_count += 1
        auth_data = self.auth_data(0x05)
        client_data = self.client_data("webauthn.get", options["challenge"])
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(),
            ec.ECDSA(hashes.SHA256()),
        )
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": None,
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }


def post_json(client: Client, path: str, data: Any = None) -> Any:
    return client.post(
        CEREMONIES + path,
        json.dumps(data) if data is not None else "",
        content_type="application/json",
    )


def add_passkey(
    client: Client, authenticator: SoftAuthenticator, name: str = "", next: str = ""
) -> Any:
    """Add a passkey as the page's script does; return the page that follows."""
    begin = post_json(client, "registration/begin/")
    assert begin.status_code == 200, begin.content
    complete = post_json(
        client, "registration/complete/", authenticator.create(begin.json())
    )
    assert complete.status_code == 200, complete.content
    data = {"passkey": complete.json()["id"], "name": name}
    if next:
        data["next"] = next
    return client.post("/admin/second-factor/passkeys/added/", data)


def verify_with_passkey(
    client: Client, authenticator: SoftAuthenticator, next: str = "/admin/"
) -> Any:
    begin = post_json(client, "authentication/begin/")
    assert begin.status_code == 200, begin.content
    return client.post(
        CEREMONIES + "authentication/complete/?next=" + next,
        json.dumps(authenticator.get(begin.json())),
        content_type="application/json",
    )


def log_in(client: Client, user: User) -> None:
    response = client.post(
        "/admin/login/",
        {"username": user.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302


def back_office_opens(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_an_administrator_with_only_a_passkey_opens_the_back_office_after_it(
    client: Client, municipality_administrator: User
) -> None:
    user = municipality_administrator
    authenticator = SoftAuthenticator()
    log_in(client, user)
    assert client.get("/admin/")["Location"].startswith("/admin/second-factor/setup/")
    first = add_passkey(client, authenticator, name="Work laptop", next="/admin/")
    codes = re.findall(r"<li><code>(\w+)</code></li>", first.content.decode())
    assert len(codes) == 10  # the first factor brings recovery codes
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert back_office_opens(client)

    # Next time: the password alone opens nothing; the passkey does.
    client.post("/admin/logout/")
    log_in(client, user)
    for path in ("/admin/", "/admin/contacts/contact/", "/admin/accounts/user/"):
        assert client.get(path)["Location"].startswith("/admin/second-factor/verify/")
    verify_page = client.get("/admin/second-factor/verify/?next=/admin/")
    assert "Use a passkey" in verify_page.content.decode()
    verified = verify_with_passkey(client, authenticator, next="/admin/contacts/")
    assert verified.status_code == 200, verified.content
    assert verified.json()["redirect_url"] == "/admin/contacts/"
    assert back_office_opens(client)


def test_a_passkey_of_another_key_verifies_nothing(
    client: Client, municipality_administrator: User
) -> None:
    user = municipality_administrator
    log_in(client, user)
    add_passkey(client, SoftAuthenticator())
    client.post("/admin/logout/")
    log_in(client, user)
    impostor = SoftAuthenticator()
    response = verify_with_passkey(client, impostor)
    assert response.status_code == 404
    assert response.json()["detail"] == "This passkey is not known here."
    assert not back_office_opens(client)


def test_a_passkey_signed_for_another_site_verifies_nothing(
    client: Client, municipality_administrator: User
) -> None:
    user = municipality_administrator
    authenticator = SoftAuthenticator()
    log_in(client, user)
    add_passkey(client, authenticator)
    client.post("/admin/logout/")
    log_in(client, user)
    authenticator.origin = "https://phishing.example"
    response = verify_with_passkey(client, authenticator)
    assert response.status_code == 422
    assert not back_office_opens(client)


def test_a_passkey_never_signs_in_without_the_password(
    client: Client, editor: User
) -> None:
    authenticator = SoftAuthenticator()
    add_passkey(sign_in(Client(), editor), authenticator)
    response = post_json(client, "authentication/begin/")
    assert response.status_code == 403
    assert not back_office_opens(client)


def test_a_password_alone_cannot_add_a_passkey_beside_the_app(
    client: Client, administrator: User
) -> None:
    TOTPDevice.objects.create(user=administrator, name="app")
    log_in(client, administrator)
    assert client.get("/admin/second-factor/passkeys/")["Location"].startswith(
        "/admin/second-factor/verify/"
    )
    response = post_json(client, "registration/begin/")
    assert response.status_code == 403
    assert "Prove your second factor" in response.json()["detail"]


def test_a_user_sees_their_passkeys_and_removes_one(
    client: Client, editor: User, viewer: User
) -> None:
    sign_in(client, editor)
    add_passkey(client, SoftAuthenticator(), name="  Office   desktop ")
    added = add_passkey(client, SoftAuthenticator(), name="")
    assert added.status_code == 302  # recovery codes came with the first one
    assert StaticToken.objects.filter(device__user=editor).count() == 10
    add_passkey(sign_in(Client(), viewer), SoftAuthenticator(), name="Not mine")

    listing = client.get("/admin/second-factor/passkeys/").content.decode()
    assert "Office desktop" in listing
    assert "Passkey 2" in listing  # a passkey left unnamed gets a number
    assert "Not mine" not in listing
    assert "Not yet" in listing  # never used for a sign-in so far

    office = WebAuthnCredential.objects.get(user=editor, name="Office desktop")
    theirs = WebAuthnCredential.objects.get(user=viewer)
    assert (
        client.post(f"/admin/second-factor/passkeys/{theirs.pk}/remove/").status_code
        == 404
    )
    removed = client.post(
        f"/admin/second-factor/passkeys/{office.pk}/remove/", follow=True
    )
    page = removed.content.decode()
    assert "The passkey “Office desktop” is removed." in page
    assert "Office desktop</td>" not in page
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_the_list_tells_when_a_passkey_was_last_used(
    client: Client, editor: User
) -> None:
    authenticator = SoftAuthenticator()
    add_passkey(sign_in(client, editor), authenticator, name="Laptop")
    client.post("/admin/logout/")
    log_in(client, editor)
    verify_with_passkey(client, authenticator)
    listing = client.get("/admin/second-factor/passkeys/").content.decode()
    assert "Not yet" not in listing
    assert WebAuthnCredential.objects.get(user=editor).last_used_at is not None


def test_an_administrator_keeps_a_passkey_or_an_app(
    client: Client, municipality_administrator: User
) -> None:
    user = municipality_administrator
    log_in(client, user)
    add_passkey(client, SoftAuthenticator(), name="Only one")
    only = WebAuthnCredential.objects.get(user=user)
    refused = client.post(
        f"/admin/second-factor/passkeys/{only.pk}/remove/", follow=True
    )
    assert "Administrators keep at least one passkey" in refused.content.decode()
    assert WebAuthnCredential.objects.filter(pk=only.pk).exists()


def test_an_app_set_up_beside_a_passkey_keeps_the_recovery_codes(
    client: Client, editor: User
) -> None:
    from django_otp.oath import totp

    sign_in(client, editor)
    add_passkey(client, SoftAuthenticator())
    before = set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    client.get("/admin/second-factor/setup/")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = client.post("/admin/second-factor/setup/", {"code": code})
    assert response.status_code == 302
    after = set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assert after == before


def test_passkey_pages_need_a_sign_in(client: Client) -> None:
    for path in ("/admin/second-factor/passkeys/",):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert post_json(client, "registration/begin/").status_code == 403


def test_the_passkey_pages_and_their_scripts_speak_danish(
    client: Client, editor: User
) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "da"
    add_passkey(sign_in(client, editor), SoftAuthenticator(), name="Bærbar")
    listing = client.get("/admin/second-factor/passkeys/").content.decode()
    assert "Dine adgangsnøgler" in listing
    assert "Endnu ikke" in listing
    catalogue = client.get(CEREMONIES + "jsi18n/").content.decode()
    assert "Tilf\\u00f8jer" in catalogue  # "Registering..."
    client.post("/admin/logout/")
    log_in(client, editor)
    verify = client.get("/admin/second-factor/verify/").content.decode()
    assert "Brug en adgangsnøgle" in verify
    failed = verify_with_passkey(client, SoftAuthenticator())
    assert failed.json()["detail"] == "Denne adgangsnøgle kendes ikke her."


def test_only_the_platform_sees_everyones_passkeys(
    municipality_administrator_client: Client, administrator_client: Client
) -> None:
    path = "/admin/django_otp_webauthn/webauthncredential/"
    assert municipality_administrator_client.get(path).status_code == 403
    assert administrator_client.get(path).status_code == 200

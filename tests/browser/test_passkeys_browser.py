"""A passkey as the second factor, in Chromium with a virtual authenticator.

Chromium's DevTools protocol gives the page an authenticator of its own (CTAP2,
built in, with user verification), so `navigator.credentials` makes and uses a
real passkey, and django-otp-webauthn's scripts run as they do for staff, under
the site's Content-Security-Policy. An administrator without a factor adds a
passkey, gets recovery codes, then signs in again with the password and the
passkey. The live server is on localhost: WebAuthn refuses 127.0.0.1.

The administrator is committed, so that the live server sees them on PostgreSQL
too, and removed after with their passkey and codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from twinning.accounts.roles import ADMINISTRATOR
from twinning.accounts.services import user_create
from twinning.places.models import Municipality

from .conftest import TIMEOUT_MS
from .test_accessibility import AXE, WCAG_21_AA, described

PASSWORD = "correct horse battery staple"
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def newcomer(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """An administrator of Aarhus with a password and no second factor yet."""
    with django_db_blocker.unblock():
        user = user_create(
            username="pia-passkey",
            password=PASSWORD,
            role=ADMINISTRATOR,
            municipalities=[Municipality.objects.get(slug="aarhus")],
        )
        yield user
        user.delete()


@pytest.fixture
def relying_party(settings: Any, live_site: str) -> None:
    """Accept passkeys from the live server's address (its port is new each run)."""
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_site]


def no_axe_violation(page: Page) -> None:
    """Run axe-core on the page as shown, past the page's CSP, as DevTools does."""
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate("o => axe.run(document, o)", WCAG_21_AA)["violations"]
    assert not violations, described(violations)


def sign_in_with_password(page: Page, user: Any) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_administrator_adds_a_passkey_and_signs_in_with_it(
    browser: Browser, live_site: str, newcomer: Any, relying_party: None, db: Any
) -> None:
    context = browser.new_context(
        base_url=live_site,
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en"},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(COLLECT)
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    authenticator = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )["authenticatorId"]
    violations: list[str] = []
    try:
        # The password alone leads to setting up a factor; a passkey will do.
        sign_in_with_password(page, newcomer)
        expect(page).to_have_url(re.compile(r"/admin/second-factor/setup/"))
        page.get_by_role("link", name="Use a passkey instead").click()
        expect(page.get_by_role("heading", name="Your passkeys")).to_be_visible()
        no_axe_violation(page)
        violations += page.evaluate("window.__violations")
        page.get_by_label("Name of the passkey").fill("Test laptop")
        page.get_by_role("button", name="Add a passkey").click()

        # The first factor brings ten recovery codes; then the back office opens.
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        violations += page.evaluate("window.__violations")
        page.get_by_role("link", name="Go on").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))
        expect(
            page.get_by_role("heading", name="The register", level=1)
        ).to_be_visible()

        page.goto("/admin/second-factor/passkeys/")
        row = page.locator("#passkeys tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Test laptop")
        expect(row).to_contain_text("Not yet")
        credentials = devtools.send(
            "WebAuthn.getCredentials", {"authenticatorId": authenticator}
        )["credentials"]
        assert len(credentials) == 1 and credentials[0]["isResidentCredential"]

        # Next time: password, then the passkey, and on to the page asked for.
        page.get_by_role("button", name="Log out").click()
        page.goto("/admin/contacts/contact/")
        page.get_by_label("Username").fill(newcomer.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/admin/second-factor/verify/"))
        no_axe_violation(page)
        page.get_by_role("button", name="Use a passkey").click()
        expect(page).to_have_url(re.compile(r"/admin/contacts/contact/$"))
        violations += page.evaluate("window.__violations")

        page.goto("/admin/second-factor/passkeys/")
        expect(page.locator("#passkeys tbody tr")).not_to_contain_text("Not yet")
        violations += page.evaluate("window.__violations")
    finally:
        context.close()
    assert not violations, violations

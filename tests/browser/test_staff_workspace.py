"""The staff workspace as a member of staff uses it, in Danish, in Chromium.

A member of staff signs in through the back office's login, as they would, and
does two of the office's everyday tasks from /da/staff/: see what needs attention,
and find everything about Tshwane. Each task counts the pages the browser loads.
The workspace's pages pass axe-core (WCAG 2.1 A and AA) in both languages.

Set STAFF_SCREENSHOTS to a directory to keep screenshots of the pages at 1280 px.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from twinning.accounts.models import User
from twinning.accounts.roles import EDITOR
from twinning.accounts.services import user_create
from twinning.places.models import Municipality

from .conftest import TIMEOUT_MS
from .test_accessibility import axe_violations, described
from .test_security_browser import COLLECT

pytestmark = pytest.mark.browser

USERNAME = "sofie-staff"
PASSWORD = "correct horse battery staple"  # a test persona's
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def member_of_staff(django_db_setup: Any, django_db_blocker: Any) -> Iterator[User]:
    """An editor of Aarhus, committed so that the live server sees them too."""
    with django_db_blocker.unblock():
        user = user_create(
            username=USERNAME,
            password=PASSWORD,
            role=EDITOR,
            municipalities=[Municipality.objects.get(slug="aarhus")],
        )
        yield user
        user.delete()


class Loads:
    """Count the pages the browser loads in its main frame (redirects not counted)."""

    def __init__(self, page: Page) -> None:
        self.count = 0
        page.on(
            "framenavigated",
            lambda frame: self.add() if frame == page.main_frame else None,
        )

    def add(self) -> None:
        self.count += 1


@pytest.fixture
def signed_in(
    browser: Browser, live_site: str, member_of_staff: User, db: Any
) -> Iterator[Any]:
    """Return a function that signs in at a path of the workspace, in a language.

    The member of staff asks for the page, is sent to the login, signs in, and
    lands on the page they asked for. It returns the page and its load counter.
    """
    contexts = []

    def sign_in(
        path: str,
        *,
        language: str = "da",
        bypass_csp: bool = False,
        init_script: str | None = None,
    ) -> tuple[Page, Loads]:
        context = browser.new_context(
            base_url=live_site,
            viewport=DESKTOP,
            locale=language,
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        loads = Loads(page)
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
        page.fill("#id_username", USERNAME)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page).to_have_url(f"{live_site}{path}")
        return page, loads

    yield sign_in
    for context in contexts:
        context.close()


def test_see_what_needs_attention(signed_in: Any) -> None:
    page, loads = signed_in("/da/staff/")

    expect(page.locator("h1")).to_have_text("Det skal du se på")
    stale = page.locator("#stale")
    expect(stale.locator("h2")).to_contain_text("Forældede oplysninger")
    tshwane = stale.locator("tr", has_text="Fase 2")
    expect(tshwane.first).to_contain_text("Fasestart passeret, ikke bekræftet")
    expect(tshwane.first).to_contain_text("april 2022")
    kiel = stale.locator("tr", has_text="Kiel")
    expect(kiel).to_contain_text("Aftale udløbet")
    expect(kiel).to_contain_text("Gyldig til maj 2024")
    # The count at the top takes the reader to the section.
    page.get_by_role("link", name="forældede oplysninger").click()
    expect(page).to_have_url(re.compile("#stale$"))
    # Putting Kiel right is one click to the back office's change page.
    kiel.get_by_role("link", name="Ret").click()
    expect(page.locator("h1")).to_have_text("Ret partnerskab")
    expect(page).to_have_title(re.compile("Kiel"))
    # The staff page, the login, the staff page again, Kiel's change page.
    assert loads.count == 4


def test_find_everything_about_tshwane(signed_in: Any) -> None:
    page, loads = signed_in("/da/staff/")
    after_sign_in = loads.count

    page.get_by_label("Find en post").fill("tshwane")
    page.get_by_label("Find en post").press("Enter")
    expect(page.locator("h1")).to_have_text("Søg")
    expect(page.get_by_role("status")).to_contain_text("poster fundet for “tshwane”")
    expect(page.locator("#found-partnerships")).to_contain_text("Partnerskaber")
    expect(page.locator("#found-projects")).to_contain_text("Projekter")
    partnerships = page.locator("#found-partnerships").locator("xpath=..")
    partnerships.get_by_role("link", name="Tshwane", exact=True).click()

    expect(page.locator("h1")).to_contain_text("Tshwane")
    for heading in (
        "Historik",
        "Aftaler",
        "Projekter og faser",
        "Aktiviteter",
        "Resultater",
        "Kontaktpersoner",
        "Opfølgninger",
        "Interne noter",
        "Kilder",
    ):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("#projects")).to_contain_text("Fase 2")
    expect(page.locator("#projects")).to_contain_text("kilderne er uenige")
    # From the staff page: the search results, then the partner file.
    assert loads.count - after_sign_in == 2


WORKSPACE_PAGES = {
    "attention": "/{language}/staff/",
    "partner-tshwane": "/{language}/staff/partners/tshwane/",
    "partner-kiel": "/{language}/staff/partners/kiel/",
    "search-tshwane": "/{language}/staff/search/?q=tshwane",
}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", list(WORKSPACE_PAGES))
def test_workspace_page_has_no_wcag_violation(
    signed_in: Any, name: str, language: str
) -> None:
    # axe-core is injected as an inline script, which the policy rightly refuses;
    # the policy itself is tested below.
    page, _loads = signed_in(
        WORKSPACE_PAGES[name].format(language=language), bypass_csp=True
    )

    violations = axe_violations(page)

    assert not violations, described(violations)


@pytest.mark.parametrize("name", list(WORKSPACE_PAGES))
def test_workspace_page_breaks_no_rule_of_the_content_security_policy(
    signed_in: Any, name: str
) -> None:
    page, _loads = signed_in(
        WORKSPACE_PAGES[name].format(language="da"), init_script=COLLECT
    )
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.__violations") == []


# The visit form is the back office's; axe-core checks it in test_visits_back_office.
SCREENSHOT_ONLY = {"visit-form": "/admin/activities/activity/add/"}


@pytest.mark.skipif(
    not os.environ.get("STAFF_SCREENSHOTS"), reason="STAFF_SCREENSHOTS not set"
)
@pytest.mark.parametrize("name", [*WORKSPACE_PAGES, *SCREENSHOT_ONLY])
def test_screenshot(signed_in: Any, name: str) -> None:
    path = {**WORKSPACE_PAGES, **SCREENSHOT_ONLY}[name]
    page, _loads = signed_in(path.format(language="da"))
    target = Path(os.environ["STAFF_SCREENSHOTS"])
    target.mkdir(parents=True, exist_ok=True)

    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(target / f"{name}-da.png"), full_page=True)

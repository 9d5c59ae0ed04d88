"""The back office's pages break no rule of the Content-Security-Policy in Chromium.

The pages come from the test client of a signed-in administrator, headers and
all, served to the browser by Playwright's request routing: the browser enforces
the policy each answer carries, and the page's scripts (Django admin's own) run as
they do for staff. The pages are fetched before the browser starts: Playwright's
calls would give Django another database connection than the test's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, Route

from conftest import sign_in
from twinning.accounts.models import User
from twinning.accounts.roles import ADMINISTRATOR
from twinning.accounts.services import user_create
from twinning.partnerships.models import Partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SITE = "http://testserver"
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

Answer = tuple[int, dict[str, str], bytes]


def back_office_pages() -> list[str]:
    partnership = Partnership.objects.order_by("pk").first()
    assert partnership is not None
    return [
        "/admin/",
        "/admin/partnerships/partnership/",
        f"/admin/partnerships/partnership/{partnership.pk}/change/",
        f"/admin/partnerships/partnership/{partnership.pk}/history/",
        "/admin/activities/activity/add/",
        "/admin/contacts/contactperson/",
        "/admin/places/place/",
        "/admin/accounts/user/",
        "/admin/accounts/apitoken/add/",
        "/admin/imports/",
        "/admin/second-factor/",
        "/en/staff/",
    ]


def answer_of(response: Any) -> Answer:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return response.status_code, dict(response.items()), body


@pytest.fixture(scope="module")
def answers(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Answer]:
    """Fetch each back-office page as a signed-in administrator, before the browser.

    The administrator is made for this and removed after.
    """
    fetched: dict[str, Answer] = {}
    with django_db_blocker.unblock():
        administrator = user_create(
            username="csp-administrator",
            password=None,
            role=ADMINISTRATOR,
            platform=True,
        )
        try:
            client = sign_in(Client(), administrator)
            for path in [*back_office_pages(), "/admin/jsi18n/"]:
                fetched[path] = answer_of(
                    client.get(path, headers={"Accept-Language": "en"})
                )
        finally:
            User.objects.filter(pk=administrator.pk).delete()
    return fetched


@pytest.fixture
def back_office(answers: dict[str, Answer], browser: Browser) -> Iterator[Page]:
    """Return a page whose requests are answered as the site answered them."""
    static = Client()  # static files need no database and no session

    def answer(route: Route) -> None:
        url = urlsplit(route.request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        status, headers, body = answers.get(path) or answer_of(static.get(path))
        route.fulfill(status=status, headers=headers, body=body)

    context = browser.new_context(base_url=SITE)
    context.add_init_script(COLLECT)
    context.route(f"{SITE}/**", answer)
    page = context.new_page()
    yield page
    context.close()


def test_no_back_office_page_breaks_the_content_security_policy(
    answers: dict[str, Answer], back_office: Page
) -> None:
    broken = {}
    for path, (status, headers, _body) in answers.items():
        if path == "/admin/jsi18n/":
            continue
        assert status == 200, path
        assert "Content-Security-Policy" in headers, path
        back_office.goto(path)
        back_office.wait_for_load_state("load")
        violations = back_office.evaluate("window.__violations")
        if violations:
            broken[path] = violations
    assert broken == {}

"""The Content-Security-Policy in a real browser: no page of the site breaks it.

Chromium reports each refused script, style or image as a `securitypolicyviolation`
event; a page that had an inline style or script left would raise one.
"""

from __future__ import annotations

import pytest

from . import PUBLIC_PAGES, OpenPage

pytestmark = pytest.mark.browser

# Collect every violation from the first moment of the page on.
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

PAGES = {
    **{name: path.format(language="en") for name, path in PUBLIC_PAGES.items()},
    "staff-login": "/admin/login/",
    "api-explorer": "/api/v1/docs",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_the_page_breaks_no_rule_of_the_content_security_policy(
    open_page: OpenPage, path: str
) -> None:
    page = open_page(path, init_script=COLLECT)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []

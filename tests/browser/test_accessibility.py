"""Every public page meets WCAG 2.1 A and AA as far as axe-core tells, in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from . import OpenPage, page_cases

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
WCAG_21_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    },
    "resultTypes": ["violations"],  # details of the passes only slow the run
}
PHONE = {"width": 375, "height": 812}

# Defects found by these tests, for the application to fix: case → reason.
DEFECTS: dict[str, str] = {}
PHONE_DEFECTS: dict[str, str] = {}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is shown; return its violations.

    The page's context must be opened with `bypass_csp=True`: the site's
    Content-Security-Policy rightly refuses the script axe is injected as.
    """
    assert AXE.is_file(), f"{AXE} is missing; `make frontend` installs it"
    page.add_script_tag(path=AXE)
    result = page.evaluate("options => axe.run(document, options)", WCAG_21_AA)
    return result["violations"]


def described(violations: list[dict[str, Any]]) -> str:
    """Describe violations one a line: rule, impact, help and the first elements."""
    lines = [f"{len(violations)} axe-core violation(s):"]
    for violation in violations:
        targets = [
            " ".join(map(str, node["target"])) for node in violation["nodes"][:3]
        ]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}; "
            f"{len(violation['nodes'])} element(s), first {targets}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("path", page_cases(defects=DEFECTS))
def test_page_has_no_wcag_violation(open_page: OpenPage, path: str) -> None:
    violations = axe_violations(open_page(path, bypass_csp=True))

    assert not violations, described(violations)


@pytest.mark.parametrize("path", page_cases(("overview", "map"), defects=PHONE_DEFECTS))
def test_page_has_no_wcag_violation_on_a_phone(open_page: OpenPage, path: str) -> None:
    violations = axe_violations(open_page(path, viewport=PHONE, bypass_csp=True))

    assert not violations, described(violations)

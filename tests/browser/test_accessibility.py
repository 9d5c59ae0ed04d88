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


def with_axe() -> str:
    """Return axe-core as a script the browser runs before the page's own.

    Given to the browser context rather than added to the page as a script tag,
    which the site's Content-Security-Policy (no inline script) refuses.
    """
    assert AXE.is_file(), f"{AXE} is missing; `make frontend` installs it"
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is shown; return its violations."""
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
    violations = axe_violations(open_page(path, init_script=with_axe()))

    assert not violations, described(violations)


@pytest.mark.parametrize("path", page_cases(("overview", "map"), defects=PHONE_DEFECTS))
def test_page_has_no_wcag_violation_on_a_phone(open_page: OpenPage, path: str) -> None:
    violations = axe_violations(open_page(path, viewport=PHONE, init_script=with_axe()))

    assert not violations, described(violations)

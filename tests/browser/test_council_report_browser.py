"""The council report on the staff workspace, in Chromium, as the office makes it.

A member of staff opens /staff/reports/, chooses the year and the language, sees
the preview, and downloads the PDF; the page with its preview passes axe-core
(WCAG 2.1 A and AA) in both languages and breaks no rule of the CSP.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from . import test_staff_workspace as workspace
from .test_accessibility import axe_violations, described
from .test_security_browser import COLLECT

pytestmark = pytest.mark.browser

# The workspace's member of staff and their sign-in, as this module's fixtures too.
member_of_staff = workspace.member_of_staff
signed_in = workspace.signed_in

PREVIEW = "/{language}/staff/reports/"


def make_report(page: Any, *, language: str, output: str = "html") -> None:
    page.get_by_label("Year" if language == "en" else "År").fill("2025")
    page.locator("#id_language").select_option(language)
    page.locator("#id_output_format").select_option(output)


def test_make_the_2025_report_and_download_its_pdf(signed_in: Any) -> None:
    page, _loads = signed_in("/da/staff/reports/")

    make_report(page, language="da")
    page.get_by_role("button", name="Lav rapporten").click()

    preview = page.locator(".report-preview")
    expect(preview.get_by_role("heading", name="Sammendrag")).to_be_visible()
    expect(preview.locator("#partnership-harbin")).to_contain_text("Begrænset")
    expect(preview.locator("#partnership-lviv")).to_contain_text("Sidst bekræftet")
    make_report(page, language="da", output="pdf")
    # Laying out the PDF takes a few seconds, and a minute on a busy machine.
    with page.expect_download(timeout=180_000) as download:
        page.get_by_role("button", name="Lav rapporten").click(no_wait_after=True)
    assert download.value.suggested_filename.endswith("-da.pdf")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_report_page_with_its_preview_has_no_wcag_violation(
    signed_in: Any, language: str
) -> None:
    # axe-core is injected as an inline script, which the policy rightly refuses.
    page, _loads = signed_in(PREVIEW.format(language=language), bypass_csp=True)
    make_report(page, language=language)
    page.locator("form.report-form button[type=submit]").click()
    expect(page.locator(".report-preview")).to_be_visible()

    violations = axe_violations(page)

    assert not violations, described(violations)


def test_the_report_page_breaks_no_rule_of_the_content_security_policy(
    signed_in: Any,
) -> None:
    page, _loads = signed_in(PREVIEW.format(language="da"), init_script=COLLECT)
    make_report(page, language="da")
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.__violations") == []

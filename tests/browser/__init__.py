"""Browser, accessibility and HTML tests of the public site, page by page.

The pages are listed here once, for the three test modules, each in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pytest
from playwright.sync_api import Page

# Opens a path of the live site in a new browser context (the `open_page` fixture).
OpenPage = Callable[..., Page]

LANGUAGES = ("da", "en")

PUBLIC_PAGES = {
    "overview": "/{language}/",
    "partner-bergen": "/{language}/partners/bergen/",
    "partner-saint-petersburg": "/{language}/partners/saint-petersburg/",
    "partner-ghana-water": "/{language}/partners/ghana-water/",
    "partner-kujalleq": "/{language}/partners/kujalleq/",
    "project": "/{language}/projects/tshwane-urban-water/",
    "networks": "/{language}/networks/",
    "eu-office": "/{language}/eu-office/",
    "map": "/{language}/map/",
    "timeline": "/{language}/timeline/",
    "search-pretoria": "/{language}/search/?q=pretoria",
    "search-empty": "/{language}/search/",
    "search-nothing-found": "/{language}/search/?q=bergn",
    "accessibility": "/{language}/accessibility/",
    "privacy": "/{language}/privacy/",
    "sitemap": "/{language}/sitemap/",
    "open-data": "/{language}/open-data/",
}


def page_cases(
    names: Iterable[str] = PUBLIC_PAGES, *, defects: Mapping[str, str] | None = None
) -> list[Any]:
    """Return a case per page and language: its path, named `page-language`.

    A case named in `defects` is expected to fail for the reason given there, until
    the application is fixed: strictly, so that the fix shows as an unexpected pass.
    """
    defects = defects or {}
    cases = []
    for name in names:
        for language in LANGUAGES:
            case_id = f"{name}-{language}"
            marks = (
                [pytest.mark.xfail(reason=defects[case_id], strict=True)]
                if case_id in defects
                else []
            )
            path = PUBLIC_PAGES[name].format(language=language)
            cases.append(pytest.param(path, id=case_id, marks=marks))
    return cases

"""Measure what a first visit transfers, page by page, against a running server.

    .venv/bin/python bench/page_weight.py http://127.0.0.1:8411

Opens each page in a fresh Chromium (Debian's, /usr/bin/chromium) with an empty
cache at 375 px wide, and adds up the bytes every response carried over the wire
(compressed where the server compressed). Issue 11 asks for /en/ at most 150 KB
in all and a partner page's HTML at most 40 KB; both are printed beside the
budget, with the fonts, style sheets and scripts apart.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from playwright.sync_api import sync_playwright

PAGES = ["/da/", "/en/", "/en/partners/bergen/", "/en/partners/kiel/", "/en/map/"]
BUDGETS = {"/en/": ("total", 150 * 1024), "/en/partners/bergen/": ("html", 40 * 1024)}


def kind_of(url: str, content_type: str) -> str:
    if "font" in content_type or url.endswith(".woff2"):
        return "fonts"
    if "css" in content_type:
        return "css"
    if "javascript" in content_type:
        return "js"
    if "html" in content_type:
        return "html"
    return "other"


def main() -> None:
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        print("page                      html(wire)   css    js  fonts  other   total")
        for path in PAGES:
            context = browser.new_context(viewport={"width": 375, "height": 812})
            page = context.new_page()
            sizes: dict[str, int] = defaultdict(int)

            def count(response, sizes=sizes) -> None:  # type: ignore[no-untyped-def]
                request = response.request
                transferred = request.sizes()["responseBodySize"]
                content_type = response.headers.get("content-type", "")
                sizes[kind_of(response.url, content_type)] += transferred

            page.on("response", count)
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(300)
            total = sum(sizes.values())
            print(
                f"{path:<26}{sizes['html']:>9}{sizes['css']:>7}{sizes['js']:>6}"
                f"{sizes['fonts']:>7}{sizes['other']:>7}{total:>8}"
            )
            if path in BUDGETS:
                what, budget = BUDGETS[path]
                measured = total if what == "total" else sizes["html"]
                verdict = "within" if measured <= budget else "OVER"
                print(f"  {what} {measured} B of a {budget} B budget: {verdict}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()

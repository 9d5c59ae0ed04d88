"""Take screenshots of Twinning's pages in Debian's Chromium, to look at as a user.

Usage: .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000]
       [--password ADMIN_PASSWORD [--user admin]] [--out screenshots/]

Serve the app first (`make run`). Public pages are taken in Danish and English at
1280 and 375 pixels wide; with --password, the back office's partnership pages too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (1280, 375)
LANGUAGES = ("da", "en")

PUBLIC_PAGES = {
    "overview": "/{language}/",
    "partner": "/{language}/partners/kujalleq/",
    "project": "/{language}/projects/tshwane-urban-water/",
    "map": "/{language}/map/",
    "timeline": "/{language}/timeline/",
    "search": "/{language}/search/?q=pretoria",
}
ADMIN_PAGES = {
    "admin-partnerships": "/admin/partnerships/partnership/",
}


def take(page: Page, url: str, path: Path) -> None:
    page.goto(url)
    page.screenshot(path=path, full_page=True)
    print(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", help="the administrator's, for admin pages")
    parser.add_argument("--only", help="take only the public page of this name")
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for language in LANGUAGES:
            for width in WIDTHS:
                context = browser.new_context(
                    locale=language, viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                for name, path in PUBLIC_PAGES.items():
                    if args.only and name != args.only:
                        continue
                    take(
                        page,
                        args.base + path.format(language=language),
                        args.out / f"{name}-{language}-{width}.png",
                    )
                context.close()
        if args.password:
            context = browser.new_context(
                locale="da", viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            page.goto(f"{args.base}/admin/login/")
            page.fill("#id_username", args.user)
            page.fill("#id_password", args.password)
            page.click("input[type=submit]")
            for name, path in ADMIN_PAGES.items():
                take(page, args.base + path, args.out / f"{name}-da-1280.png")
            page.click("#result_list tbody tr:first-child th a")
            page.screenshot(
                path=args.out / "admin-partnership-page-da-1280.png", full_page=True
            )
        browser.close()


if __name__ == "__main__":
    main()

"""Take screenshots of Twinning's pages in Debian's Chromium, to look at as a user.

Usage: .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000]
       [--user admin --password ...] [--out screenshots/]

Serve the app first (`make run`). Pages are taken at 1280 and 375 pixels wide.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

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

ADMIN_PAGES = {
    "admin-partnerships": "/admin/partnerships/partnership/",
    "admin-partnership-harbin": "/admin/partnerships/partnership/?q=harbin",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", required=True)
    parser.add_argument("--language", default="da", choices=["da", "en"])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            locale=args.language, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.goto(f"{args.base}/admin/login/")
        page.fill("#id_username", args.user)
        page.fill("#id_password", args.password)
        page.click("input[type=submit]")
        for name, path in ADMIN_PAGES.items():
            page.goto(args.base + path)
            page.screenshot(
                path=args.out / f"{name}-{args.language}-1280.png", full_page=True
            )
        # A partnership's own page: the first row of the list.
        page.goto(args.base + ADMIN_PAGES["admin-partnerships"])
        page.click("#result_list tbody tr:nth-child(4) th a")
        page.screenshot(
            path=args.out / f"admin-partnership-page-{args.language}-1280.png",
            full_page=True,
        )
        browser.close()


if __name__ == "__main__":
    main()

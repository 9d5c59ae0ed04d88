"""Fixtures for the browser tests: one Chromium and one live server for the package.

Each test opens its pages in a browser context of its own and reads the dataset that
the session loaded once; nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.test.utils import modify_settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from . import OpenPage

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browsers are not installed
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
# Generous, for a busy machine: a step that passes waits no longer for it.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder as a browser test, so none runs in test-fast."""
    for item in items:
        if "tests/browser/" in item.path.as_posix():
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Start Chromium once for all the browser tests."""
    with pytest.MonkeyPatch.context() as patch:
        # Between two calls, Playwright's sync API leaves its event loop marked as
        # running in this thread. Django takes that for async code and would refuse
        # the tests' own synchronous database work (the `db` fixture's transaction).
        # The flag lives as long as the browser, not longer.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            yield chromium
            # While the loop is marked as running, Django keeps this thread's
            # connections apart from those it opened before; close them now, or
            # PostgreSQL refuses to drop the test database at the end.
            connections.close_all()
            chromium.close()


@pytest.fixture(scope="package")
def live_site(django_db_setup: Any) -> Iterator[str]:
    """Serve the site from a thread; yield its address.

    This is the server that pytest-django's `live_server` fixture starts, without
    that fixture: a test that uses `live_server` is made transactional, and a
    transactional test flushes the database when it ends, which would wipe the
    dataset loaded once for the session. The pages only read, so the tests take
    the plain `db` fixture. On SQLite's in-memory database the server shares the
    tests' connection; on PostgreSQL it reads the committed dataset.
    """
    server = LiveServer("localhost")
    try:
        with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
            yield server.url
    finally:
        server.stop()


@pytest.fixture
def open_page(browser: Browser, live_site: str, db: Any) -> Iterator[OpenPage]:
    """Return a function that opens a path of the site in a new browser context.

    Its keyword arguments go to `Browser.new_context` (a viewport, JavaScript
    off, ...), but `init_script`, a script run in every page before its own.
    """
    contexts: list[BrowserContext] = []

    def open_page(path: str, *, init_script: str | None = None, **options: Any) -> Page:
        context = browser.new_context(base_url=live_site, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, f"{path} answered {response.status}"
        return page

    yield open_page
    for context in contexts:
        context.close()

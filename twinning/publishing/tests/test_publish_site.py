"""The public site published as static files, served by a plain static web server."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from twinning.core import generations
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_update
from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.tests.factories import PlaceFactory
from twinning.publishing.site import DYNAMIC, MANIFEST, publish

# Each test renders the whole site.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOST = "testserver"


@pytest.fixture(scope="module", autouse=True)
def page_cache_on() -> Iterator[None]:
    """Publish as production does, with the page cache on: a run after no change
    is answered from it."""
    with override_settings(TWINNING_PAGE_CACHE=True):
        cache.clear()
        yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_page_of_a_rolled_back_change(page_cache_on: None, aarhus: Any) -> Iterator[None]:
    """Empty the cache after a test that changed the register: its writes are
    rolled back, but the generations they renewed stay current in the cache."""
    scopes = [generations.PLATFORM, aarhus.pk]
    before = generations.current(scopes)
    yield
    if generations.current(scopes) != before:
        cache.clear()


@pytest.fixture(scope="module")
def dalby_added(module_records: None) -> Partnership:
    place = PlaceFactory(slug="dalby", name_da="Dalby", name_en="Dalby")
    return PartnershipFactory(
        partner_place=place,
        description_da="Samarbejde om havne.",
        description_en="Cooperation on harbours.",
    )


@pytest.fixture
def dalby(dalby_added: Partnership, db: Any) -> Partnership:
    """Dalby as the register holds it at the start of a test."""
    return Partnership.objects.get(pk=dalby_added.pk)


@pytest.fixture(scope="module")
def published(dalby_added: Partnership, tmp_path_factory: Any) -> Path:
    """The site with Dalby, published once by the command for the module's tests."""
    folder = tmp_path_factory.mktemp("published")
    call_command("publish_site", output=folder, host=HOST, verbosity=0)
    return folder


def files_in(folder: Path) -> set[str]:
    """Return the files a run published, from the record it keeps of them."""
    return set(json.loads((folder / MANIFEST).read_text()))


@pytest.fixture
def site_copy(published: Path, tmp_path: Path) -> Path:
    """A copy of the published folder that a test may publish into again."""
    copy = tmp_path / "copy"
    shutil.copytree(published, copy)
    return copy


@pytest.fixture
def static_server(published: Path) -> Any:
    """Serve the published folder with Python's own static file server."""
    folder = published
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        port = int(re.search(r"port (\d+)", line).group(1))  # type: ignore[union-attr]
        yield folder, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def crawl(base: str) -> tuple[set[str], dict[str, str]]:
    """Follow every link on the site from its root and its sitemap (which robots.txt
    names); return the pages and the broken links."""
    queue, seen, broken = ["/", "/sitemap.xml"], {"/", "/sitemap.xml"}, {}
    while queue:
        path = queue.pop()
        try:
            with urllib.request.urlopen(base + path, timeout=10) as answer:  # noqa: S310
                body = answer.read()
                kind = answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            broken[path] = str(error.code)
            continue
        links: list[str] = []
        if "html" in kind:
            parser = Links()
            parser.feed(body.decode())
            links = parser.found
        elif "css" in kind:
            links = re.findall(r"url\(\s*[\"']?([^\"')#?]+)", body.decode())
        elif kind.startswith(("application/xml", "text/xml")):
            links = re.findall(r"<loc>([^<]+)</loc>", body.decode())
        for link in links:
            target = urlsplit(urljoin(base + path, link))
            if target.scheme not in ("http", "https") or target.netloc not in (
                urlsplit(base).netloc,
                HOST,
            ):
                continue
            if target.query or DYNAMIC.match(target.path) or target.path in seen:
                continue
            seen.add(target.path)
            queue.append(target.path)
    return seen, broken


def test_the_published_site_has_no_broken_link_on_a_static_server(
    static_server: Any, dalby: Partnership
) -> None:
    folder, base = static_server

    pages, broken = crawl(base)

    assert broken == {}
    for language in ("da", "en"):
        assert f"/{language}/partners/dalby/" in pages
        assert f"/{language}/partners/bergen/" in pages
        assert f"/{language}/map/" in pages
        assert f"/{language}/open-data/" in pages
    assert {"/sitemap.xml", "/open-data/partnerships.csv"} <= pages
    assert any(path.startswith("/static/dkfds/") for path in pages)
    html = (folder / "en/partners/dalby/index.html").read_text()
    assert "Cooperation on harbours." in html
    danish = (folder / "da/partners/dalby/index.html").read_text()
    assert "Samarbejde om havne." in danish


def test_a_second_run_after_one_change_rewrites_only_what_shows_it(
    site_copy: Path, dalby: Partnership
) -> None:
    tmp_path = site_copy
    files = len(files_in(site_copy))
    unchanged = publish(output=tmp_path, host=HOST)
    partnership_update(
        partnership=dalby,
        actor=None,
        expected_version=dalby.version,
        description_en="Cooperation on ferries.",
        description_da="Samarbejde om færger.",
    )

    after = publish(output=tmp_path, host=HOST)

    assert unchanged.written == []
    assert len(unchanged.unchanged) == files
    written = set(after.written)
    assert {"en/partners/dalby/index.html", "da/partners/dalby/index.html"} <= written
    assert {"en/index.html", "da/index.html"} <= written
    assert "en/partners/bergen/index.html" not in written
    assert not any(name.startswith("static/") for name in written)
    for name in written:
        # The open-data page tells when the downloads' data last changed.
        if name.endswith(".html") and "open-data" not in name:
            text = (tmp_path / name).read_text()
            assert "Cooperation on ferries." in text or "færger" in text, name
    assert len(written) < files / 4


def test_a_partner_no_longer_public_is_removed_from_the_folder(
    site_copy: Path, dalby: Partnership
) -> None:
    tmp_path = site_copy
    assert (tmp_path / "en/partners/dalby/index.html").exists()
    partnership_update(
        partnership=dalby, actor=None, expected_version=dalby.version, is_public=False
    )

    after = publish(output=tmp_path, host=HOST)

    assert "en/partners/dalby/index.html" in after.removed
    assert not (tmp_path / "en/partners/dalby/index.html").exists()
    assert (tmp_path / "en/partners/bergen/index.html").exists()

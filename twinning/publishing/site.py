"""The public site as static files: every page in both languages, the sitemap, the
downloads and the static files they use, with links that work from any web server.

The site is read as a visitor reads it: each page is requested from the application
itself (in this process, through the whole middleware stack, so the page cache and
the same rules for what is public apply), starting from the overview in each
language and following every link and every style sheet's `url()` that stays on
the site, leaving out what only the application can answer (`DYNAMIC`: search, the
API, the back office, the staff workspace). A path ending in "/" is written as its
`index.html`, which every static web server serves for the directory.

Incremental: each file's SHA-256 is kept in `.published.json` in the folder; a run
writes only the files whose bytes changed and removes those no page links to any
more, so a change rewrites just the pages that show it (and an unchanged page is
answered from the page cache).

Why not django-distill: it renders the URL patterns it is told about, each with a
function listing its parameters, declared beside the patterns in each face's
`urls.py`; following the links instead needs no face to know of publishing (the
layers forbid it), finds every page a visitor can reach and no other, and checks
on the way that no link is broken.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.test import Client

MANIFEST = ".published.json"
# Answered by the application only; nginx sends them there (docs/nginx-published.conf).
DYNAMIC = re.compile(
    r"^/(?:api/|admin/|i18n/|oidc/|healthz|open-data/staff-calendar/"
    r"|(?:da|en)/(?:search/|staff/))"
)
LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')#?]+)""", re.IGNORECASE)


class BrokenLinks(Exception):
    """Some pages of the site link to addresses that do not answer."""

    def __init__(self, broken: dict[str, tuple[int, str]]) -> None:
        self.broken = broken
        lines = [
            f"{path} answered {status} (linked from {source})"
            for path, (status, source) in sorted(broken.items())
        ]
        super().__init__("Broken links:\n" + "\n".join(lines))


@dataclass
class Report:
    """What a run of `publish` did."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.written) + len(self.unchanged)


def file_for(path: str) -> str:
    """Return the file (relative to the folder) an address is published as."""
    relative = path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return relative


def links_in(path: str, content_type: str, body: bytes) -> Iterator[str]:
    """Yield the site's own addresses a page or style sheet refers to."""
    if content_type.startswith("text/css"):
        found = CSS_URL.findall(body.decode("utf-8", "replace"))
    elif content_type.startswith(("text/html", "application/xml", "text/xml")):
        found = LINK.findall(body.decode("utf-8", "replace"))
        if content_type.startswith(("application/xml", "text/xml")):
            found += re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8"))
    else:
        return
    for link in found:
        link = link.strip()
        if not link or link.startswith(("data:", "mailto:", "tel:", "javascript:")):
            continue
        target = urlsplit(urljoin(f"http://site{path}", link))
        if target.scheme not in ("http", "https"):
            continue
        if target.netloc not in ("site", _host_of(target.netloc)):
            continue
        if target.query or DYNAMIC.match(target.path):
            continue
        yield target.path


_hosts: set[str] = set()


def _host_of(netloc: str) -> str:
    # A link written absolute (the sitemap's, og:url) names the published host.
    return netloc if netloc in _hosts else "site"


def publish(
    *, output: Path, host: str, secure: bool = False, start: tuple[str, ...] = ()
) -> Report:
    """Write the public site of the municipality whose host `host` is into `output`.

    Raises BrokenLinks, after writing, when a link on a page does not answer 200.
    """
    _hosts.clear()
    _hosts.add(host)
    output.mkdir(parents=True, exist_ok=True)
    manifest_file = output / MANIFEST
    before: dict[str, str] = (
        json.loads(manifest_file.read_text()) if manifest_file.exists() else {}
    )
    client = Client(HTTP_HOST=host)
    languages = [code for code, _name in settings.LANGUAGES]
    queue = list(
        start
        or ("/", *(f"/{code}/" for code in languages), "/robots.txt", "/sitemap.xml")
    )
    seen = set(queue)
    sources: dict[str, str] = {}
    broken: dict[str, tuple[int, str]] = {}
    after: dict[str, str] = {}
    report = Report()
    while queue:
        path = queue.pop(0)
        body, content_type, status = fetch(client, path, secure=secure)
        if status != 200:
            broken[path] = (status, sources.get(path, "the start"))
            continue
        name = file_for(path)
        digest = hashlib.sha256(comparable(name, body)).hexdigest()
        after[name] = digest
        target = output / name
        if before.get(name) == digest and target.exists():
            report.unchanged.append(name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(body)
            os.replace(temporary, target)
            report.written.append(name)
        for link in links_in(path, content_type, body):
            if link not in seen:
                seen.add(link)
                sources[link] = path
                queue.append(link)
    for name in sorted(set(before) - set(after)):
        (output / name).unlink(missing_ok=True)
        report.removed.append(name)
    manifest_file.write_text(json.dumps(after, indent=0, sort_keys=True))
    if broken:
        raise BrokenLinks(broken)
    return report


GENERATED_AT = re.compile(rb'generated-datetime="[^"]*"')


def comparable(name: str, body: bytes) -> bytes:
    """Return the bytes of a file that say whether it changed.

    A workbook records when it was made (docProps/core.xml), and an IATI file
    when it was generated: neither makes the data different, so a run that finds
    only those changed leaves the file as it was.
    """
    if name.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            return b"".join(
                member.encode() + workbook.read(member)
                for member in sorted(workbook.namelist())
                if member != "docProps/core.xml"
            )
    if name.endswith(".xml"):
        return GENERATED_AT.sub(b"", body)
    return body


def redirect_page(target: str) -> bytes:
    """Return a page that sends the browser on to `target` (and links to it)."""
    language = target.strip("/").split("/")[0]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return (
        f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f'<link rel="canonical" href="{target}"><title>{target}</title></head>'
        f'<body><p><a href="{target}">{target}</a></p></body></html>\n'
    ).encode()


def fetch(client: Client, path: str, *, secure: bool) -> tuple[bytes, str, int]:
    """Return a page's bytes, type and status; a redirect's target stands for it.

    "/" chooses a language after the browser's: published, it leads to the
    default language with a page of its own.
    """
    if path == "/":
        return redirect_page(f"/{settings.LANGUAGE_CODE}/"), "text/html", 200
    response = client.get(path, secure=secure)
    if response.status_code in (301, 302, 307, 308):
        target = urlsplit(urljoin(f"http://site{path}", response["Location"])).path
        response = client.get(target, secure=secure)
        if response.status_code == 200 and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            # A page that leads to another ("/map/" to the Danish "/da/map/"):
            # published as a page that leads there, which is then published too.
            return redirect_page(target), "text/html", 200
    if response.streaming:
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body, response.get("Content-Type", ""), response.status_code

"""The public page cache: a page is rendered once per change of what it shows.

A cached page is kept under its scheme, host and path, with the generations it was
rendered under (`core.generations`): its municipality's and the platform's. A hit
reads two cache entries, compares tokens and answers, with no database query and
without the session, locale, CSRF and authentication middleware behind this one:
a public page is the same for everyone. Any write through a service gives the
municipalities it touches a new generation, so the next request renders afresh.

A page is stored only when nothing personal can be in it: a GET of a public page,
answered 200 as HTML, XML or text, rendered for a visitor without a session, that
set no cookie (a page that made a CSRF token or a session sets one). No public page
reads who the visitor is, so a signed-in visitor is answered from the cache too. The
public pages
use no CSP nonce (the policy allows scripts and styles from the site only), so
the same bytes are right for every visitor.

The open-data API's reads are kept the same way, for a caller without a token or a
session (a token may see a municipality's internal records): its answers, like
the pages, are the same for every anonymous caller, in the language the request
asks for (Accept-Language), which is part of their key. An API answer keeps its
own ETag (the record's version, which `If-Match` on a write compares with), and
one that names its municipality (`?municipality=`) is kept under that one's
generation.

Pages are sent with an ETag and Last-Modified, answer 304 to a browser that has
them, and are gzipped once, when stored, for clients that accept it. Only these
public pages are compressed: no secret shares a response with what a visitor sent
(BREACH).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_request

from twinning.core import generations
from twinning.places.selectors import home_municipality, municipality_with_slug

logger = logging.getLogger(__name__)

# The public pages under each language (the staff workspace excepted), and the
# sitemap and robots.txt, which are drawn per host too.
CACHEABLE_PATH = re.compile(
    r"^/(?:(?:da|en)/(?!staff/)(?:[-\w/]*)|sitemap\.xml|robots\.txt)$"
)
CACHEABLE_TYPES = ("text/html", "application/xml", "text/plain")
# The open-data API's reads, answered in JSON.
CACHEABLE_API_PATH = re.compile(r"^/api/v1/[-\w/]*$")
CACHEABLE_API_TYPES = ("application/json",)
CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Headers set afresh on every answer from the cache, not kept with the page.
ANSWER_HEADERS = frozenset(
    {
        "content-length",
        "content-encoding",
        "vary",
        "date",
        "etag",
        "last-modified",
        "cache-control",
        "set-cookie",
    }
)
# The pages a worker last answered, by key, so that a hit reads only the
# generations from the shared cache; a page here is answered only while its
# generations are the current ones, as any worker's write renews them.
LOCAL_PAGES = 256


@dataclass(frozen=True)
class CachedPage:
    """A rendered page and the generations it was rendered under."""

    municipality: int | None
    tokens: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzipped: bytes
    etag: str
    last_modified: float
    vary: str = "Accept-Encoding"


def page_key(request: HttpRequest, host: str, language: str = "") -> str:
    digest = hashlib.sha256(
        f"{request.scheme}://{host}{request.get_full_path()} {language}".encode()
    ).hexdigest()
    return f"twinning:page:{digest}"


def is_api_read(request: HttpRequest) -> bool | None:
    """True for an anonymous read of the API, False for a public page, None for
    anything else (which is never kept)."""
    path = request.path_info
    if CACHEABLE_PATH.match(path):
        return False
    if CACHEABLE_API_PATH.match(path) and not (
        "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return True
    return None


def accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


class PublicPageCacheMiddleware:
    """Answer public pages from the cache while their generations are current.

    It is the first middleware: a hit runs no other, and the headers those add
    (security, CSP, permissions policy) were kept with the page when it was stored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.local: OrderedDict[str, CachedPage] = OrderedDict()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "TWINNING_PAGE_CACHE", True) or request.method not in (
            "GET",
            "HEAD",
        ):
            return self.get_response(request)
        api = is_api_read(request)
        if api is None:
            return self.get_response(request)
        host = request.get_host().lower()
        language = get_language_from_request(request) if api else ""
        key = page_key(request, host, language)
        cache = caches[generations.CACHE_ALIAS]
        try:
            page = self.local.get(key)
            if page is not None and self.is_current(page):
                return self.answer(request, page)
            page = cache.get(key)
            if page is not None and self.is_current(page):
                self.remember(key, page)
                return self.answer(request, page)
            # A miss: the generations are read before the page, so that a write
            # made while it renders leaves it stale rather than current.
            named = request.GET.get("municipality") if api else None
            if named is not None:
                municipality = municipality_with_slug(named)
                if municipality is None:  # the API answers 404; nothing to keep
                    return self.get_response(request)
            else:
                municipality = home_municipality(host)
            scopes: list[int | str] = [generations.PLATFORM]
            if municipality is not None:
                scopes.append(municipality.pk)
            current = generations.current(scopes)
            tokens = tuple(current[s] for s in scopes)
        except Exception:
            logger.exception("The page cache does not answer; rendering afresh.")
            return self.get_response(request)
        response = self.get_response(request)
        if not self.storable(request, response, api=api):
            return response
        page = self.store(
            key,
            response,
            municipality.pk if municipality else None,
            tokens,
            vary="Accept-Encoding, Accept-Language" if api else "Accept-Encoding",
        )
        if page is None:
            return response
        return self.answer(request, page)

    @staticmethod
    def is_current(page: CachedPage) -> bool:
        """Tell whether the page's generations are still the current ones."""
        scopes: list[int | str] = [generations.PLATFORM]
        if page.municipality is not None:
            scopes.append(page.municipality)
        keys = [generations.key(scope) for scope in scopes]
        found = caches[generations.CACHE_ALIAS].get_many(keys)
        return tuple(found.get(k, "") for k in keys) == page.tokens

    def remember(self, key: str, page: CachedPage) -> None:
        self.local[key] = page
        self.local.move_to_end(key)
        while len(self.local) > LOCAL_PAGES:
            self.local.popitem(last=False)

    @staticmethod
    def storable(request: HttpRequest, response: HttpResponse, *, api: bool) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        # Kept only as rendered for a visitor without a session: the middleware
        # behind this one look at the (empty) session of every request, which
        # says "Vary: Cookie", but no public page reads the user; a page that set
        # a cookie (a CSRF token, a session) is never kept.
        if response.cookies or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        if response.has_header("Content-Encoding"):
            return False
        content_type = response.get("Content-Type", "")
        return content_type.startswith(CACHEABLE_API_TYPES if api else CACHEABLE_TYPES)

    def store(
        self,
        key: str,
        response: HttpResponse,
        municipality: int | None,
        tokens: tuple[str, ...],
        *,
        vary: str,
    ) -> CachedPage | None:
        body = response.content
        page = CachedPage(
            municipality=municipality,
            tokens=tokens,
            headers=tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in ANSWER_HEADERS
            ),
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
            # An API record's own ETag is its version, which a write's If-Match
            # is compared with; a page's is its content's.
            etag=response.get("ETag")
            or 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            last_modified=time.time(),
            vary=vary,
        )
        try:
            caches[generations.CACHE_ALIAS].set(
                key, page, timeout=settings.TWINNING_PAGE_CACHE_SECONDS
            )
        except Exception:
            logger.exception("The page cache does not answer; page not kept.")
            return None
        self.remember(key, page)
        return page

    @staticmethod
    def answer(request: HttpRequest, page: CachedPage) -> HttpResponse:
        if not_modified(request, page):
            response: HttpResponse = HttpResponseNotModified()
            for name, value in page.headers:
                if name.lower() != "content-type":
                    response[name] = value
        else:
            use_gzip = accepts_gzip(request) and len(page.gzipped) < len(page.body)
            response = HttpResponse(page.gzipped if use_gzip else page.body)
            for name, value in page.headers:
                response[name] = value
            if use_gzip:
                response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(response.content))
            if request.method == "HEAD":
                response.content = b""
        response["ETag"] = page.etag
        response["Last-Modified"] = http_date(page.last_modified)
        response["Cache-Control"] = CACHE_CONTROL
        response["Vary"] = page.vary
        return response


def not_modified(request: HttpRequest, page: CachedPage) -> bool:
    """Tell whether the client's copy is this page (RFC 9110, 13.1.2 and 13.1.3)."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or page.etag.removeprefix("W/") in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(page.last_modified) <= since

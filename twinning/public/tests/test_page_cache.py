"""The public page cache: pages kept until what they show changes, and no longer."""

from __future__ import annotations

import gzip
import socket
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from twinning.api.tests.calls import bearer, get, patch
from twinning.api.tests.conftest import token_for
from twinning.core.tests.test_admin_pages import _url, change_form_data, in_language
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_update
from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.services import site_host_create
from twinning.places.tests.factories import MunicipalityFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dalby(db: Any) -> Partnership:
    """A public cooperation of Aarhus with a town of its own, Dalby."""
    place = PlaceFactory(slug="dalby", name_da="Dalby", name_en="Dalby")
    return PartnershipFactory(
        partner_place=place,
        description_da="Samarbejde om havne.",
        description_en="Cooperation on harbours.",
    )


def pages(client: Client, slug: str) -> dict[str, str]:
    """Return the overview and the partner page in both languages, as HTML."""
    found = {}
    for language in ("da", "en"):
        for path in (f"/{language}/", f"/{language}/partners/{slug}/"):
            response = client.get(path)
            assert response.status_code == 200
            found[path] = response.content.decode()
    return found


def test_a_partnership_changed_in_the_back_office_shows_at_once_in_both_languages(
    page_cache: Any, client: Client, administrator_client: Client, dalby: Partnership
) -> None:
    before = pages(client, "dalby")
    assert all(
        "Cooperation on harbours." in html
        for path, html in before.items()
        if path.startswith("/en/")
    )
    assert "Samarbejde om havne." in before["/da/partners/dalby/"]
    url = _url(Partnership, "change", dalby)
    data = change_form_data(in_language(administrator_client, "en").get(url))
    data["description_da"] = ["Samarbejde om havne og færger."]
    data["description_en"] = ["Cooperation on harbours and ferries."]

    response = administrator_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    after = pages(client, "dalby")
    for path, html in after.items():
        if path.startswith("/en/"):
            assert "Cooperation on harbours and ferries." in html, path
        else:
            assert "Samarbejde om havne og færger." in html, path


def test_a_partnership_changed_through_the_api_shows_at_once_in_both_languages(
    page_cache: Any, client: Client, editor: Any, dalby: Partnership
) -> None:
    pages(client, "dalby")
    read = get(client, "/partnerships/dalby")

    response = patch(
        client,
        "/partnerships/dalby",
        {"description": {"da": "Færger til Dalby.", "en": "Ferries to Dalby."}},
        HTTP_IF_MATCH=read["ETag"],
        **bearer(token_for(editor)),
    )

    assert response.status_code == 200, response.content
    after = pages(client, "dalby")
    assert "Ferries to Dalby." in after["/en/"]
    assert "Ferries to Dalby." in after["/en/partners/dalby/"]
    assert "Færger til Dalby." in after["/da/"]
    assert "Færger til Dalby." in after["/da/partners/dalby/"]


def test_a_cached_page_is_answered_without_a_database_query(
    page_cache: Any,
    client: Client,
    dalby: Partnership,
    django_assert_num_queries: Any,
) -> None:
    first = client.get("/en/partners/dalby/")
    overview = client.get("/da/")

    with django_assert_num_queries(0):
        again = client.get("/en/partners/dalby/")
        overview_again = client.get("/da/")

    assert again.status_code == 200
    assert again.content == first.content
    assert overview_again.content == overview.content


def test_a_page_is_rendered_again_after_a_write_and_then_kept(
    page_cache: Any,
    client: Client,
    dalby: Partnership,
    django_assert_num_queries: Any,
) -> None:
    client.get("/en/")
    partnership_update(
        partnership=dalby,
        actor=None,
        expected_version=dalby.version,
        description_en="Cooperation on ports.",
    )

    changed = client.get("/en/")
    with django_assert_num_queries(0):
        kept = client.get("/en/")

    assert "Cooperation on ports." in changed.content.decode()
    assert kept.content == changed.content


def test_a_write_in_one_municipality_leaves_anothers_pages_cached(
    settings: Any,
    page_cache: Any,
    client: Client,
    dalby: Partnership,
    django_assert_num_queries: Any,
) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "roskilde.example"]
    other = MunicipalityFactory(slug="roskilde", name_en="Roskilde")
    site_host_create(actor=None, municipality=other, host="roskilde.example")
    PartnershipFactory(municipality=other, description_en="Roskilde and its twin.")
    roskilde = Client(HTTP_HOST="roskilde.example")
    assert "Roskilde and its twin." in roskilde.get("/en/").content.decode()
    partnership_update(
        partnership=dalby,
        actor=None,
        expected_version=dalby.version,
        description_en="Cooperation on ports.",
    )

    with django_assert_num_queries(0):
        kept = roskilde.get("/en/")

    assert "Roskilde and its twin." in kept.content.decode()
    assert "Cooperation on ports." in client.get("/en/").content.decode()


def test_a_cached_page_answers_304_to_a_browser_that_has_it(
    page_cache: Any, client: Client, dalby: Partnership
) -> None:
    first = client.get("/en/partners/dalby/")
    assert first["ETag"]
    assert first["Last-Modified"]

    by_tag = client.get("/en/partners/dalby/", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(
        "/en/partners/dalby/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    other_tag = client.get("/en/partners/dalby/", HTTP_IF_NONE_MATCH='"elsewhere"')

    assert by_tag.status_code == 304
    assert by_tag.content == b""
    assert by_date.status_code == 304
    assert other_tag.status_code == 200


def test_a_changed_page_no_longer_answers_304_to_the_old_etag(
    page_cache: Any, client: Client, dalby: Partnership
) -> None:
    first = client.get("/en/partners/dalby/")
    partnership_update(
        partnership=dalby,
        actor=None,
        expected_version=dalby.version,
        description_en="Cooperation on ports.",
    )

    again = client.get("/en/partners/dalby/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Cooperation on ports." in again.content.decode()


def test_pages_are_gzipped_for_a_client_that_accepts_it(
    page_cache: Any, client: Client, dalby: Partnership
) -> None:
    plain = client.get("/en/")
    zipped = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, br")

    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3


def test_a_cached_page_keeps_the_security_headers_and_holds_no_secret(
    page_cache: Any, client: Client, dalby: Partnership
) -> None:
    client.get("/en/")
    hit = client.get("/en/")

    assert "default-src 'none'" in hit["Content-Security-Policy"]
    assert "nonce-" not in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"
    html = hit.content.decode()
    assert "nonce=" not in html
    assert "csrfmiddlewaretoken" not in html
    assert not hit.cookies


def test_staff_pages_and_the_back_office_are_not_cached(
    page_cache: Any, editor_client: Client, django_assert_num_queries: Any
) -> None:
    first = editor_client.get("/en/staff/")
    assert first.status_code == 200
    again = editor_client.get("/en/staff/")

    assert "ETag" not in again or again["ETag"] != first.get("ETag")
    assert "Content-Encoding" not in again
    login = Client().get("/admin/login/")
    assert "Content-Encoding" not in login
    assert "csrfmiddlewaretoken" in login.content.decode()


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings: Any, page_cache: Any) -> Any:
    if not redis_answers():
        pytest.skip("No Redis server answers on 127.0.0.1:6379.")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/13",
            "KEY_PREFIX": "twinning-tests",
        }
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_with_redis_a_hit_runs_no_query_and_a_write_shows_at_once(
    redis_cache: Any,
    client: Client,
    dalby: Partnership,
    django_assert_num_queries: Any,
) -> None:
    client.get("/en/partners/dalby/")
    with django_assert_num_queries(0):
        client.get("/en/partners/dalby/")
    partnership_update(
        partnership=dalby,
        actor=None,
        expected_version=dalby.version,
        description_en="Cooperation on ports.",
    )

    changed = client.get("/en/partners/dalby/")

    assert "Cooperation on ports." in changed.content.decode()


def test_pages_are_served_when_the_cache_does_not_answer(
    page_cache: Any, client: Client, dalby: Partnership
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # a port nothing listens on
    nowhere = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }

    with override_settings(CACHES=nowhere):
        response = client.get("/en/partners/dalby/")
        partnership_update(
            partnership=dalby,
            actor=None,
            expected_version=dalby.version,
            description_en="Cooperation on ports.",
        )
        changed = client.get("/en/partners/dalby/")

    assert response.status_code == 200
    assert "Cooperation on ports." in changed.content.decode()


# -- the open-data API's reads --------------------------------------------------------


def api_list(client: Client, **extra: Any) -> Any:
    response = get(client, "/partnerships?limit=50&sort=partner", **extra)
    assert response.status_code == 200, response.content
    return response


def test_an_api_read_is_kept_answered_without_a_query_and_renewed_by_a_write(
    page_cache: Any,
    client: Client,
    editor: Any,
    dalby: Partnership,
    django_assert_num_queries: Any,
) -> None:
    first = api_list(client)
    with django_assert_num_queries(0):
        again = api_list(client)
    assert again.content == first.content

    partnership_update(
        partnership=dalby,
        actor=editor,
        expected_version=dalby.version,
        description_en="Cooperation on ferries.",
    )

    after = api_list(client, HTTP_ACCEPT_LANGUAGE="en")
    assert b"Cooperation on ferries." in after.content
    detail = get(client, "/partnerships/dalby")
    assert b"Cooperation on ferries." in detail.content


def test_api_answers_are_kept_per_language_as_the_api_gives_them(
    page_cache: Any, client: Client, settings: Any, dalby: Partnership
) -> None:
    cached = {
        language: api_list(client, HTTP_ACCEPT_LANGUAGE=language).json()
        for language in ("en", "da", "en", "da")
    }
    settings.TWINNING_PAGE_CACHE = False
    for language, answer in cached.items():
        fresh = api_list(client, HTTP_ACCEPT_LANGUAGE=language)
        assert answer == fresh.json(), language
    assert cached["da"] != cached["en"]  # sorted by the partner's name in each


def test_an_api_record_keeps_its_version_as_etag_when_answered_from_the_cache(
    page_cache: Any, client: Client, dalby: Partnership
) -> None:
    first = get(client, "/partnerships/dalby")
    again = get(client, "/partnerships/dalby")

    assert first["ETag"] == again["ETag"]
    assert str(dalby.version) in again["ETag"]
    assert "Accept-Language" in again["Vary"]
    unchanged = get(client, "/partnerships/dalby", HTTP_IF_NONE_MATCH=again["ETag"])
    assert unchanged.status_code == 304


def test_a_token_holders_api_reads_are_not_answered_from_the_cache(
    page_cache: Any,
    client: Client,
    editor: Any,
    dalby: Partnership,
) -> None:
    """A token may see what the anonymous may not: its reads are always its own."""
    api_list(client)
    secret = token_for(editor)

    with CaptureQueriesContext(connection) as queries:
        response = api_list(client, **bearer(secret))

    assert response.status_code == 200
    assert len(queries) > 0  # rendered afresh, not answered from the cache

"""Static files as production serves them: hashed, compressed, cached for a year."""

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.compress import Compressor
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage


class GzipOnlyStorage(CompressedManifestStaticFilesStorage):
    """Production's storage, compressing with gzip only.

    Brotli, at its highest quality, costs a minute of processor time for these files
    (gzip three seconds); the compressed copy asserted and served here is gzip's.
    """

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)


MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": f"{__name__}.GzipOnlyStorage"},
}


@pytest.mark.slow
def test_collected_static_files_are_hashed_compressed_and_cached_long(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        hashed = [
            path.name
            for path in (tmp_path / "dkfds" / "css").iterdir()
            if re.fullmatch(r"dkfds\.min\.[0-9a-f]{12}\.css", path.name)
        ]
        assert hashed, "DKFDS's stylesheet was not collected under a hashed name"
        assert (tmp_path / "dkfds" / "css" / f"{hashed[0]}.gz").exists()
        fonts = list((tmp_path / "dkfds" / "fonts").rglob("*.woff2"))
        assert fonts, "DKFDS's fonts are not served from here"

        middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
        request = RequestFactory().get(
            f"/static/dkfds/css/{hashed[0]}", HTTP_ACCEPT_ENCODING="gzip"
        )
        response = middleware(request)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_link_their_styles_and_scripts_from_this_site_only(client):
    html = client.get("/en/").content.decode()

    addresses = re.findall(r'(?:href|src)="([^"]+\.(?:css|js|svg|woff2?))"', html)
    assert addresses
    # The site's colour is a style sheet of its own, drawn from a setting.
    assert all(
        address.startswith("/static/") or address == "/site.css"
        for address in addresses
    )

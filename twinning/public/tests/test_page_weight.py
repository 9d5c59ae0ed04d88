"""Light and steady pages: small HTML, a cropped locator map, fonts as WOFF2 subsets."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

pytestmark = pytest.mark.django_db

BUILT = Path(settings.PROJECT_DIR) / "build" / "static" / "dkfds"


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("slug", ["bergen", "kiel", "kujalleq", "harbin"])
def test_a_partner_page_is_light_and_its_map_shows_the_region_around_it(
    client, language, slug
):
    html = client.get(f"/{language}/partners/{slug}/").content

    assert len(html) <= 40 * 1024
    locator = re.search(rb'<svg class="world-map".*?</svg>', html, re.S)
    assert locator is not None
    assert len(locator.group(0)) <= 15 * 1024
    # The marker sits in the middle of the region drawn, not in a window on the world.
    assert b'viewBox="0 0 300 180"' in locator.group(0)
    assert b'cx="150.0" cy="90.0"' in locator.group(0)


def test_the_language_alternates_are_full_addresses(client):
    html = client.get("/en/partners/bergen/").content.decode()

    assert (
        '<link rel="alternate" hreflang="da" href="http://testserver/da/partners/bergen/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/partners/bergen/">'
        in html
    )


def test_the_style_sheet_offers_its_fonts_as_woff2_only_and_never_moves_text():
    css = (BUILT / "css" / "dkfds.min.css").read_text(encoding="utf-8")

    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert faces
    for face in faces:
        if "local(" in face:  # DKFDS's "system" face names installed fonts only
            continue
        sources = re.findall(r"url\(([^)]+)\)", face)
        assert sources
        assert all(source.endswith(".woff2") for source in sources), face
        assert "font-display:optional" in face
    assert not list((BUILT / "fonts").rglob("*.woff"))
    assert not list((BUILT / "fonts").rglob("*.ttf"))


def test_the_fonts_hold_danish_and_english_and_little_else():
    for path in (BUILT / "fonts").glob("*.woff2"):
        font = TTFont(path)
        characters = set(font.getBestCmap())
        assert {ord(c) for c in "æøåÆØÅéüöä–—’“”€"} <= characters, path.name
        assert ord("Ж") not in characters  # Cyrillic is left to the system's fonts
        assert path.stat().st_size <= 20 * 1024
        # The licence's reserved name is not carried by a modified version.
        assert "Plex" not in font["name"].getDebugName(1)

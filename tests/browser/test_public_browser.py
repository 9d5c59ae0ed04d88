"""What a person notices on the public pages: language, keyboard, read aloud, no JS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from . import LANGUAGES, OpenPage, page_cases

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
MARKERS = "svg.world-map a"

# A stand-in for the browser's speech synthesis, which keeps what it was asked to say.
# Chromium ignores a plain assignment to window.speechSynthesis (a read-only
# attribute), so the stand-in is defined over it.
SPEECH_STUB = """
Object.defineProperty(window, "speechSynthesis", {
  configurable: true,
  value: {
    speak(utterance) {
      window.__spoken = {text: utterance.text, lang: utterance.lang};
    },
    cancel() {},
  },
});
window.SpeechSynthesisUtterance = class {
  constructor(text) { this.text = text; this.lang = ""; }
};
"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"

# Defects found by the phone test, for the application to fix: case → reason.
PHONE_DEFECTS: dict[str, str] = {}


def squeezed(text: str) -> str:
    """Return the text with each run of white space made one space."""
    return " ".join(text.split())


def focused_element(page: Page) -> dict[str, str | None]:
    """Describe the element that has the keyboard focus."""
    return page.evaluate(
        """() => {
          const element = document.activeElement;
          return {
            id: element.id,
            text: element.textContent.trim(),
            href: element.getAttribute("href"),
            marker: element.matches("svg.world-map a")
              ? element.getAttribute("aria-label") : null,
          };
        }"""
    )


def test_language_switch_keeps_the_page(open_page: OpenPage) -> None:
    page = open_page("/da/partners/bergen/")

    page.get_by_role("link", name="English", exact=True).click()

    expect(page).to_have_url(re.compile(r"/en/partners/bergen/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name="Dansk", exact=True).click()

    expect(page).to_have_url(re.compile(r"/da/partners/bergen/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")


@pytest.mark.parametrize(
    ("language", "skip_link"),
    [
        pytest.param("da", "Gå til hovedindhold", id="da"),
        pytest.param("en", "Skip to main content", id="en"),
    ],
)
def test_skip_link_is_reached_first_and_moves_focus_to_the_content(
    open_page: OpenPage, language: str, skip_link: str
) -> None:
    page = open_page(f"/{language}/")

    page.keyboard.press("Tab")

    assert focused_element(page)["text"] == skip_link
    expect(page.get_by_role("link", name=skip_link, exact=True)).to_be_in_viewport()

    page.keyboard.press("Enter")

    assert focused_element(page)["id"] == "main-content"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_map_marker_is_reached_with_the_keyboard(
    open_page: OpenPage, language: str
) -> None:
    page = open_page(f"/{language}/map/")
    markers = page.locator(MARKERS).evaluate_all(
        "links => links.map(link => link.getAttribute('aria-label'))"
    )
    assert len(markers) > 10, "the map should show the partners"
    assert all(markers), "every marker should have an accessible name"
    stops = page.locator("a[href], button, input, [tabindex]").count()

    reached = set()
    for _ in range(stops):
        page.keyboard.press("Tab")
        name = focused_element(page)["marker"]
        if name is None and reached:
            break  # past the map
        if name is not None:
            reached.add(name)

    assert reached == set(markers)


@pytest.mark.parametrize("language", LANGUAGES)
def test_enter_on_a_map_marker_opens_its_partner(
    open_page: OpenPage, language: str
) -> None:
    page = open_page(f"/{language}/map/")
    bergen = f"/{language}/partners/bergen/"
    stops = page.locator("a[href], button, input, [tabindex]").count()

    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = focused_element(page)
        if focused["marker"] is not None and focused["href"] == bergen:
            break
    else:
        pytest.fail("Tab never reached the marker of Bergen")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(f"{bergen}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bergen")


@pytest.mark.parametrize("language", LANGUAGES)
def test_read_aloud_speaks_the_main_content_only(
    open_page: OpenPage, language: str
) -> None:
    page = open_page(f"/{language}/partners/bergen/", init_script=SPEECH_STUB)
    heading = page.get_by_role("heading", level=1).inner_text()
    first_paragraph = squeezed(page.locator("main p").first.inner_text())
    skip_link = page.locator("a.skipnav").inner_text()
    statement_link = page.locator("footer a[href$='/accessibility/']").inner_text()
    button = page.locator("#read-aloud")
    expect(button).to_be_visible()

    button.click()

    spoken = page.evaluate("window.__spoken")
    assert spoken is not None, "nothing was handed to speech synthesis"
    text = squeezed(spoken["text"])
    assert text.startswith(heading)
    assert first_paragraph in text
    assert skip_link not in text
    assert statement_link not in text
    assert spoken["lang"] == language
    expect(button).to_have_attribute("aria-pressed", "true")


def test_read_aloud_is_hidden_without_speech_synthesis(open_page: OpenPage) -> None:
    page = open_page("/da/partners/bergen/", init_script=NO_SPEECH)

    expect(page.locator("#read-aloud")).to_be_hidden()


def test_pages_work_without_javascript(open_page: OpenPage) -> None:
    page = open_page("/en/", java_script_enabled=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("International relations")
    expect(page.get_by_role("link", name="Bergen", exact=True)).to_be_visible()
    expect(page.locator("#read-aloud")).to_be_hidden()

    page.get_by_role("link", name="Bergen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/partners/bergen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bergen")
    expect(page.locator("#read-aloud")).to_be_hidden()

    page.get_by_role("link", name="Dansk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/da/partners/bergen/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_markers_are_links_without_javascript(
    open_page: OpenPage, language: str
) -> None:
    page = open_page(f"/{language}/map/", java_script_enabled=False)
    hrefs = page.locator(MARKERS).evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert len(hrefs) > 10
    partner_page = re.compile(rf"^/{language}/partners/[\w-]+/$")
    assert all(partner_page.match(href) for href in hrefs), hrefs

    page.locator(f"{MARKERS}[href='/{language}/partners/bergen/']").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/{language}/partners/bergen/$"))


def marker_boxes(page: Page) -> dict[str, dict[str, float]]:
    """Return each map marker's box on the screen, by the marker's name."""
    return page.locator(MARKERS).evaluate_all(
        """links => Object.fromEntries(links.map(link => {
          const box = link.getBoundingClientRect();
          return [link.getAttribute("aria-label"),
                  {x: box.x, y: box.y, width: box.width, height: box.height}];
        }))"""
    )


def overlap(one: dict[str, float], other: dict[str, float]) -> bool:
    """Return whether two boxes share any area."""
    return (
        one["x"] < other["x"] + other["width"]
        and other["x"] < one["x"] + one["width"]
        and one["y"] < other["y"] + other["height"]
        and other["y"] < one["y"] + one["height"]
    )


@pytest.mark.parametrize("width", [PHONE["width"], 800, 1280])
@pytest.mark.parametrize("language", LANGUAGES)
def test_map_markers_are_big_enough_to_tap_and_none_hides_another(
    open_page: OpenPage, language: str, width: int
) -> None:
    """Kiel, Hamburg and Rostock lie 3-6 px apart on a phone's world map."""
    page = open_page(f"/{language}/map/", viewport={**PHONE, "width": width})

    boxes = marker_boxes(page)

    assert len(boxes) > 10
    small = {
        name: box
        for name, box in boxes.items()
        if min(box["width"], box["height"]) < 24
    }
    assert not small, "markers under 24 x 24 px"
    names = sorted(boxes)
    covering = [
        (one, other)
        for index, one in enumerate(names)
        for other in names[index + 1 :]
        if overlap(boxes[one], boxes[other])
    ]
    assert not covering, "markers that cover each other"


def test_a_focused_map_marker_is_ringed_and_stays_within_its_gap(
    open_page: OpenPage,
) -> None:
    page = open_page("/en/map/", viewport=PHONE)
    kiel = page.locator(MARKERS).filter(has_text="Kiel")
    ring = "link => getComputedStyle(link.querySelector('.marker.narrow')).stroke"
    before = kiel.evaluate(ring)

    kiel.focus()

    assert kiel.evaluate(ring) != before, "the focused marker should be ringed"
    # The ring (3 px, half of it outside the circle) fits in the 4 px kept between
    # markers, so no neighbour is drawn over it.
    box = kiel.evaluate(
        """link => {
          const r = link.getBoundingClientRect();
          return {x: r.x - 1.5, y: r.y - 1.5,
                  width: r.width + 3, height: r.height + 3};
        }"""
    )
    others = {
        name: b for name, b in marker_boxes(page).items() if not name.startswith("Kiel")
    }
    assert not [name for name, other in others.items() if overlap(box, other)]


def test_map_markers_keep_their_colour_apart_from_the_land_in_forced_colours(
    open_page: OpenPage,
) -> None:
    page = open_page("/da/map/", viewport=PHONE, forced_colors="active")

    colours = page.evaluate(
        """() => {
          const style = selector => getComputedStyle(document.querySelector(selector));
          const fill = selector => style(selector).fill;
          const link = document.createElement("a");
          link.href = "/";
          document.body.append(link);
          return {marker: fill("svg.world-map .marker.narrow"),
                  land: fill("svg.world-map .country"),
                  sea: style("svg.world-map").backgroundColor,
                  links: getComputedStyle(link).color};
        }"""
    )

    assert colours["marker"] == colours["links"], "markers should be drawn as links"
    assert colours["marker"] not in (colours["land"], colours["sea"])


def test_map_legend_lists_only_the_kinds_on_the_map(open_page: OpenPage) -> None:
    page = open_page("/en/map/")

    legend = page.locator(".map-legend li").all_inner_texts()
    kinds = set(page.locator("table tbody td:nth-child(3)").all_inner_texts())

    assert {item.strip() for item in legend} == {*kinds, "ended", "City of Aarhus"}


def test_search_works_without_javascript(open_page: OpenPage) -> None:
    page = open_page("/en/", java_script_enabled=False)

    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("goteborg")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/en/search/\?q=goteborg$"))
    expect(
        page.get_by_role("main").get_by_role("link", name="Gothenburg", exact=True)
    ).to_be_visible()


@pytest.mark.parametrize(
    "path",
    page_cases(
        ("overview", "partner-bergen", "map", "timeline"), defects=PHONE_DEFECTS
    ),
)
def test_page_fits_a_phone_without_sideways_scrolling(
    open_page: OpenPage, path: str
) -> None:
    page = open_page(path, viewport=PHONE)

    width = page.evaluate("document.documentElement.scrollWidth")

    assert width <= PHONE["width"]


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
def test_the_heading_stays_put_when_read_aloud_appears(
    open_page: OpenPage, width: int
) -> None:
    """The button is shown by the script; its room was kept, so nothing moves."""
    viewport = {"width": width, "height": 800}
    shown = open_page("/en/", init_script=SPEECH_STUB, viewport=viewport)
    expect(shown.locator("#read-aloud")).to_be_visible()
    without = open_page("/en/", java_script_enabled=False, viewport=viewport)
    expect(without.locator("#read-aloud")).to_be_hidden()

    def heading_top(page: Page) -> float:
        box = page.get_by_role("heading", level=1).bounding_box()
        assert box is not None
        return box["y"]

    assert heading_top(shown) == heading_top(without)


def test_the_front_page_loads_without_layout_shift(open_page: OpenPage) -> None:
    """Cumulative layout shift, as the browser reports it, stays under 0.1."""
    observe = """
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__shift += entry.value;
      }
    }).observe({type: "layout-shift", buffered: true});
    """
    page = open_page("/en/", init_script=SPEECH_STUB + observe, viewport=PHONE)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)

    assert page.evaluate("window.__shift") < 0.1

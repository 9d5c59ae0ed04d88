"""Draw the report's charts and map as SVG, each to go beside its figures as a table.

The charts are plain horizontal bars: a label, one bar per series, the figure at
its end. Written by hand: a chart library would bring a plotting stack (and its
fonts) to every server for bars a few lines of SVG draw. The text in a chart is
real text in the SVG, and the chart carries its own title and description, so a
reader of the image learns what the table beside it says.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from twinning.places.worldmap import WorldMap

# Dark enough on white for text beside them (WCAG 1.4.11, 3:1 at least).
SERIES_COLOURS = ("#0059b3", "#b35900")
LABEL_WIDTH = 260
BAR_AREA = 360
ROW_HEIGHT = 22
FONT = "IBM Plex Sans, DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class Chart:
    """A chart as an SVG document, with the text that stands for it."""

    title: str
    description: str
    svg: str
    empty: bool = False

    def __bool__(self) -> bool:
        return not self.empty

    @property
    def data_uri(self) -> str:
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


def _number(value: Decimal | int, format_number: object) -> str:
    return format_number(value) if callable(format_number) else str(value)


def bar_chart(
    *,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[Decimal | int]]],
    series: Sequence[str] = (),
    format_number: object = None,
) -> Chart:
    """Return a horizontal bar chart of rows (a label and one value per series).

    `series` names the values when there are several (planned, actual); a legend
    then says which colour is which. `format_number` prints a figure in the
    report's language.
    """
    count = max((len(values) for _label, values in rows), default=1)
    largest = max((v for _label, values in rows for v in values), default=0) or 1
    bar_height = (ROW_HEIGHT - 6) / count
    legend_height = ROW_HEIGHT if len(series) > 1 else 0
    height = legend_height + ROW_HEIGHT * max(len(rows), 1) + 8
    width = LABEL_WIDTH + BAR_AREA + 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="{FONT}" '
        'font-size="12">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]
    if len(series) > 1:
        x = LABEL_WIDTH
        for index, name in enumerate(series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            parts.append(
                f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
                f'<text x="{x + 16}" y="14">{escape(name)}</text>'
            )
            x += 24 + 8 * len(name)
    for row_index, (label, values) in enumerate(rows):
        top = legend_height + row_index * ROW_HEIGHT + 3
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{top + ROW_HEIGHT / 2 + 1:.1f}" '
            f'text-anchor="end">{escape(label[:40])}</text>'
        )
        for index, value in enumerate(values):
            y = top + index * bar_height
            length = BAR_AREA * float(value) / float(largest)
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y:.1f}" width="{length:.1f}" '
                f'height="{bar_height - 1:.1f}" fill="{colour}"/>'
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" '
                f'y="{y + bar_height - 3:.1f}" font-size="{min(11, bar_height):.0f}">'
                f"{escape(_number(value, format_number))}</text>"
            )
    parts.append("</svg>")
    return Chart(
        title=title, description=description, svg="".join(parts), empty=not rows
    )


@dataclass(frozen=True)
class Marker:
    """A partner on the map."""

    name: str
    latitude: float
    longitude: float
    ended: bool = False


def partner_map(
    *,
    world: WorldMap,
    title: str,
    description: str,
    markers: Sequence[Marker],
    home: tuple[float, float] | None = None,
) -> Chart:
    """Return the world map with a dot at each partner (a ring if it has ended) and
    a square at home."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {world.width} '
        f'{world.height}" width="{world.width}" height="{world.height}" role="img">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
        '<g fill="#d9d9d9" stroke="#ffffff" stroke-width="0.5">',
    ]
    parts += [f"<path d={quoteattr(country.path)}/>" for country in world.countries]
    parts.append("</g>")
    for marker in markers:
        x, y = world.point(marker.latitude, marker.longitude)
        fill = "#ffffff" if marker.ended else SERIES_COLOURS[0]
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="6" fill="{fill}" stroke="#1a1a1a" '
            'stroke-width="1.5"/>'
        )
    if home is not None:
        x, y = world.point(*home)
        parts.append(
            f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10" fill="#1a1a1a"/>'
        )
    parts.append("</svg>")
    return Chart(title=title, description=description, svg="".join(parts))

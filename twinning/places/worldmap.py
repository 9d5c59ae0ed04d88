"""Draw the world map of the partners on the server, as SVG path data.

The public map page and the council report both draw it; it lives with the places.

The country outlines are Natural Earth's at 1:110m, as TopoJSON from the npm package
world-atlas 2.0.2 (`countries-110m.json`). The map is projected once per process and
kept: the data is fixed, so every app server computes the same map, and a page only
loops over `world_map().countries` and places its markers with `WorldMap.point()`.

Written by hand rather than with a GIS library: decoding TopoJSON and one projection
are a few dozen lines, where a library (shapely, pyproj, ...) would bring compiled
dependencies to every server for a map that never changes.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# (longitude, latitude) in degrees, as TopoJSON orders them.
Position = tuple[float, float]

DEFAULT_WORLD_ATLAS_PATH = (
    Path(__file__).resolve().parents[2]
    / "node_modules"
    / "world-atlas"
    / "countries-110m.json"
)

ANTARCTICA = "010"
POLYGON_TYPES = frozenset({"Polygon", "MultiPolygon"})
MAP_WIDTH = 1000
# Nothing but Antarctica lies this far south; the map ends here to save the space.
SOUTH_CROP = -60.0
# Degrees between the points drawn where a cut ring runs along the map's edge.
EDGE_STEP = 1.0
# How many regions a map keeps cut, one per place drawn: a few kilobytes each.
MAX_REGIONS = 1_000


def world_atlas_path() -> Path:
    """Return the TopoJSON file of the map: the setting, or the npm package's."""
    try:
        configured = getattr(settings, "TWINNING_WORLD_ATLAS", None)
    except ImproperlyConfigured:  # used outside a Django project, as in a script
        configured = None
    return Path(configured) if configured else DEFAULT_WORLD_ATLAS_PATH


# Read when the module is imported, so override it before the first world_map().
WORLD_ATLAS_PATH = world_atlas_path()


@dataclass(frozen=True)
class CountryShape:
    """One country's outline on the map.

    `id` is the ISO 3166-1 numeric code as the file gives it ("208"), or "" for the
    few areas the file has no code for (N. Cyprus, Somaliland, Kosovo). `path` is SVG
    path data: one closed subpath per ring, holes included, so the default nonzero
    fill rule leaves them open.
    """

    id: str
    name: str
    path: str
    # The projected rings the path is drawn from, kept to cut regions out of.
    rings: tuple[tuple[tuple[float, float], ...], ...] = field(default=(), repr=False)

    @functools.cached_property
    def bounds(self) -> tuple[tuple[float, float, float, float], ...]:
        """Return the box each ring lies in: left, top, right, bottom."""
        return tuple(_bounds(ring) for ring in self.rings)


@dataclass(frozen=True)
class WorldMap:
    """The world projected onto a `width` × `height` SVG viewBox from (0, 0)."""

    width: int
    height: int
    countries: tuple[CountryShape, ...]
    # The regions cut so far, by their box: a partner's page draws the same one each
    # time it is rendered.
    _regions: dict[tuple[float, ...], RegionMap] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Return the SVG x, y of a place on this map, rounded to 0.1.

        Floats print with a decimal comma in Danish templates; write them inside
        `{% localize off %}` or through `|unlocalize`.
        """
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(f"No place lies at latitude {latitude}, {longitude}.")
        x, y = _to_svg((longitude, latitude), self.width)
        return round(x, 1), round(y, 1)

    def region(self, *, x: float, y: float, width: float, height: float) -> RegionMap:
        """Return the part of the map in a box centred on x, y, for a locator map.

        Each country is clipped to the box (a little larger, so that no cut edge
        shows) and drawn in whole units of the box's own coordinates, from (0, 0):
        a region of Europe is a few kilobytes where the whole world is 110.
        """
        key = (x, y, width, height)
        if key not in self._regions:
            if len(self._regions) >= MAX_REGIONS:
                self._regions.clear()
            self._regions[key] = self._cut_region(x=x, y=y, width=width, height=height)
        return self._regions[key]

    def _cut_region(
        self, *, x: float, y: float, width: float, height: float
    ) -> RegionMap:
        left, top = x - width / 2, y - height / 2
        margin = 2.0
        box = (
            left - margin,
            top - margin,
            left + width + margin,
            top + height + margin,
        )
        countries = []
        for country in self.countries:
            subpaths = []
            for ring, bounds in zip(country.rings, country.bounds, strict=True):
                if not _overlap(bounds, box):
                    continue  # clipped, it would be empty
                clipped = _simplify(_clip_ring(ring, box), tolerance=0.6)
                subpaths.append(
                    _subpath(((px - left, py - top) for px, py in clipped), digits=0)
                )
            path = "".join(subpaths)
            if path:
                countries.append(
                    CountryShape(id=country.id, name=country.name, path=path)
                )
        return RegionMap(
            width=width,
            height=height,
            countries=tuple(countries),
            marker=(round(x - left, 1), round(y - top, 1)),
        )


@dataclass(frozen=True)
class RegionMap:
    """A box of the world map, drawn from (0, 0), with the marker's place in it."""

    width: float
    height: float
    countries: tuple[CountryShape, ...]
    marker: tuple[float, float]


@functools.lru_cache(maxsize=1)
def world_map() -> WorldMap:
    """Return the world map from `WORLD_ATLAS_PATH`, projected once per process."""
    return load_world_map(WORLD_ATLAS_PATH)


def load_world_map(path: Path, *, width: int = MAP_WIDTH) -> WorldMap:
    """Return the world map projected from a TopoJSON file of countries.

    Antarctica is left out. A ring that crosses the antimeridian (Russia's Chukotka,
    Fiji) is cut there and each piece closed along the map's edge, so that none
    draws a line across the map.
    """
    with path.open(encoding="utf-8") as file:
        topology = json.load(file)
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        country_id = str(geometry.get("id", ""))
        if country_id == ANTARCTICA or geometry["type"] not in POLYGON_TYPES:
            continue
        polygons = (
            [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        )
        rings = tuple(
            tuple(_to_svg(position, width) for position in piece)
            for polygon in polygons
            for ring_arcs in polygon
            for piece in _cut_at_antimeridian(_ring(arcs, ring_arcs))
        )
        countries.append(
            CountryShape(
                id=country_id,
                name=geometry.get("properties", {}).get("name", ""),
                path="".join(_subpath(ring) for ring in rings),
                rings=rings,
            )
        )
    height = round((_TOP - _natural_earth1(0, SOUTH_CROP)[1]) * _scale(width))
    return WorldMap(width=width, height=height, countries=tuple(countries))


def _natural_earth1(longitude: float, latitude: float) -> tuple[float, float]:
    """Return the Natural Earth I projection of a position, y growing northwards.

    The polynomial of Šavrič, Jenny, Patterson, Petrovič and Hurni, "A Polynomial
    Equation for the Natural Earth Projection", Cartography and Geographic
    Information Science 38(4), 2011 (the same as d3-geo's geoNaturalEarth1).
    """
    lam, phi = math.radians(longitude), math.radians(latitude)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707
        - 0.131979 * phi2
        + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226
        + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return x, y


_HALF_WIDTH = _natural_earth1(180, 0)[0]
_TOP = _natural_earth1(0, 90)[1]


def _scale(width: int) -> float:
    """Return the SVG units per projected unit on a map `width` wide."""
    return width / (2 * _HALF_WIDTH)


def _to_svg(position: Position, width: int) -> tuple[float, float]:
    """Return the SVG x, y of a position on a map `width` wide, y growing down."""
    x, y = _natural_earth1(*position)
    scale = _scale(width)
    return width / 2 + x * scale, (_TOP - y) * scale


def _decode_arcs(topology: dict[str, Any]) -> list[list[Position]]:
    """Return the topology's arcs as positions, undoing quantization if any."""
    transform = topology.get("transform")
    if transform is None:
        return [[(p[0], p[1]) for p in arc] for arc in topology["arcs"]]
    (kx, ky), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        # A quantized arc holds its first point, then each next one as a delta.
        x = y = 0
        positions = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            positions.append((x * kx + tx, y * ky + ty))
        arcs.append(positions)
    return arcs


def _ring(arcs: Sequence[list[Position]], indices: Iterable[int]) -> list[Position]:
    """Return the closed ring joined from arcs; index ~i is arc i reversed."""
    ring: list[Position] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Each arc starts where the previous one ended.
        ring.extend(arc[1:] if ring else arc)
    return ring


def _cut_at_antimeridian(ring: list[Position]) -> list[list[Position]]:
    """Return the ring as closed rings that do not cross the antimeridian.

    A step of more than 180° in longitude is taken to go the short way, across
    ±180°. The ring is cut there into pieces that each run from edge to edge of the
    map; each piece is then closed along the edge (and, for a ring around a pole,
    along the pole's line). A ring crossing four times or more is assumed not to
    interleave its pieces, which holds for every country of the file.
    """
    pieces = [[ring[0]]]
    for (lon0, lat0), (lon1, lat1) in itertools.pairwise(ring):
        if abs(lon1 - lon0) > 180:
            edge = math.copysign(180, lon0)
            across = lon1 + 2 * edge  # lon1 unwrapped to the side of lon0
            share = (edge - lon0) / (across - lon0) if across != lon0 else 0
            latitude = lat0 + share * (lat1 - lat0)
            pieces[-1].append((edge, latitude))
            pieces.append([(-edge, latitude)])
        pieces[-1].append((lon1, lat1))
    if len(pieces) == 1:
        return pieces
    # The ring is closed, so its last piece goes on into its first.
    first = pieces.pop(0)
    pieces[-1].extend(first[1:])
    pole = math.copysign(90, sum(lat for _, lat in ring))
    return [piece + _along_edge(piece[-1], piece[0], pole) for piece in pieces]


def _along_edge(end: Position, start: Position, pole: float) -> list[Position]:
    """Return the positions along the map's edge from a piece's end to its start."""
    if end[0] == start[0]:
        return _meridian(end[0], end[1], start[1])
    # The piece ends on the other side from where it starts: the ring goes round a
    # pole, whose line joins the two sides.
    return _meridian(end[0], end[1], pole) + _meridian(start[0], pole, start[1])


def _meridian(longitude: float, start: float, end: float) -> list[Position]:
    """Return positions every EDGE_STEP degrees along a meridian, both ends kept."""
    steps = max(1, math.ceil(abs(end - start) / EDGE_STEP))
    return [
        (longitude, start + (end - start) * step / steps) for step in range(steps + 1)
    ]


def _bounds(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Return the box a ring lies in: left, top, right, bottom."""
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> bool:
    """Return whether two boxes (left, top, right, bottom) share any point."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _clip_ring(
    ring: Sequence[tuple[float, float]], box: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Return a closed ring clipped to a box (left, top, right, bottom).

    Sutherland and Hodgman's algorithm, edge by edge of the box: the result is one
    ring, which may run along the box's edge where the country left it; the box is
    drawn larger than the view, so those runs stay out of sight.
    """
    left, top, right, bottom = box
    edges = (
        (lambda p: p[0] >= left, lambda a, b: _cross_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cross_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _cross_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _cross_y(a, b, bottom)),
    )
    points = list(ring)
    for inside, cross in edges:
        if not points:
            break
        kept: list[tuple[float, float]] = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        points = kept
    return points


def _simplify(
    points: list[tuple[float, float]], *, tolerance: float
) -> list[tuple[float, float]]:
    """Return a ring with the points left out that lie within `tolerance` units of
    the line through their neighbours (Douglas and Peucker's algorithm)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = 0, 0.0
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                away = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                away = math.hypot(px - ax, py - ay)
            if away > distance:
                farthest, distance = index, away
        if distance > tolerance:
            keep[farthest] = True
            stack.extend(((first, farthest), (farthest, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _cross_x(
    a: tuple[float, float], b: tuple[float, float], x: float
) -> tuple[float, float]:
    share = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + share * (b[1] - a[1])


def _cross_y(
    a: tuple[float, float], b: tuple[float, float], y: float
) -> tuple[float, float]:
    share = (y - a[1]) / (b[1] - a[1])
    return a[0] + share * (b[0] - a[0]), y


def _subpath(points: Iterable[tuple[float, float]], *, digits: int = 1) -> str:
    """Return SVG path data for one closed ring, or "" if it shrinks to nothing.

    Coordinates are rounded to 0.1 (a tenth of a pixel at the map's own size), or to
    whole units with `digits=0`, and points that round onto the one before are left
    out.
    """
    coordinates: list[str] = []
    for x, y in points:
        coordinate = (
            f"{_number(x)},{_number(y)}" if digits else f"{round(x)},{round(y)}"
        )
        if not coordinates or coordinates[-1] != coordinate:
            coordinates.append(coordinate)
    if len(coordinates) > 1 and coordinates[-1] == coordinates[0]:
        coordinates.pop()  # Z draws the closing line
    if len(coordinates) < 3:
        return ""
    return "M" + "L".join(coordinates) + "Z"


def _number(value: float) -> str:
    """Return a coordinate written with at most one decimal: "12.3", "12", "0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class PlacedMarker:
    """A marker drawn at `x`, `y` for the place at `at_x`, `at_y`."""

    x: float
    y: float
    at_x: float
    at_y: float

    @property
    def moved(self) -> bool:
        """Return whether the marker was moved off its place, to free its neighbour."""
        return (self.x, self.y) != (self.at_x, self.at_y)


def spread_markers(
    points: Sequence[tuple[float, float]],
    *,
    spacing: float,
    width: float,
    height: float,
    keep_clear: Sequence[tuple[float, float]] = (),
) -> list[PlacedMarker]:
    """Return a position for each point, no two closer than `spacing` on either axis.

    A marker `spacing` wide then never covers another, and its square box does not
    touch another's. A point stays on its place when it is free; otherwise it takes
    the nearest free cell of a grid of `spacing` laid over the map, inside the
    map's `width` × `height`, and the page draws a line back to the place. The
    points in `keep_clear` (the home town) are never covered. Points with fewer
    neighbours are placed first, so the lone ones stay where they are; the result
    keeps the order of `points`.
    """
    half = spacing / 2

    def clashes(x: float, y: float, other: tuple[float, float]) -> bool:
        return abs(x - other[0]) < spacing and abs(y - other[1]) < spacing

    def crowding(index: int) -> int:
        x, y = points[index]
        return sum(clashes(x, y, other) for other in points)

    # The cells are those of one grid for the whole map, so that moved markers pack
    # side by side; a grid around each place would leave gaps between them.
    reach = range(-8, 9)
    taken: list[tuple[float, float]] = []
    placed: dict[int, PlacedMarker] = {}
    for index in sorted(range(len(points)), key=lambda i: (crowding(i), i)):
        at_x, at_y = points[index]
        column, row = round(at_x / spacing), round(at_y / spacing)
        cells = sorted(
            (
                ((column + i) * spacing, (row + j) * spacing)
                for i in reach
                for j in reach
            ),
            key=lambda cell: math.hypot(cell[0] - at_x, cell[1] - at_y),
        )
        for x, y in [(at_x, at_y), *cells]:
            if not (half <= x <= width - half and half <= y <= height - half):
                continue
            if not any(clashes(x, y, other) for other in (*keep_clear, *taken)):
                break
        else:  # the map is full: leave the marker on its place
            x, y = at_x, at_y
        x, y = round(x, 1), round(y, 1)
        taken.append((x, y))
        placed[index] = PlacedMarker(x=x, y=y, at_x=at_x, at_y=at_y)
    return [placed[index] for index in range(len(points))]

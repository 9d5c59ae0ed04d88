"""The world map drawn on the server from Natural Earth's country outlines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from twinning.places.worldmap import (
    DEFAULT_WORLD_ATLAS_PATH,
    WORLD_ATLAS_PATH,
    WorldMap,
    load_world_map,
    spread_markers,
    world_atlas_path,
    world_map,
)

# shared/ lies beside the checkout.
SHARED_WORLD_ATLAS_PATH = (
    Path(__file__).resolve().parents[4] / "shared/data/map/countries-110m.json"
)

AARHUS = (56.157, 10.211)
PRETORIA = (-25.745, 28.188)
NEW_YORK = (40.713, -74.006)
RIO_DE_JANEIRO = (-22.907, -43.173)
TOKYO = (35.690, 139.692)
SYDNEY = (-33.868, 151.209)


def rings(path: str) -> list[list[tuple[float, float]]]:
    """Return the points of each closed subpath of SVG path data in M, L, Z."""
    return [
        [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", ring)]
        for ring in path.split("Z")
        if ring
    ]


def bounding_box(path: str) -> tuple[float, float, float, float]:
    """Return the smallest x, smallest y, largest x and largest y of a path."""
    points = [point for ring in rings(path) for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def country(world: WorldMap, country_id: str) -> str:
    """Return the path of the country with the ISO 3166-1 numeric code."""
    return next(shape.path for shape in world.countries if shape.id == country_id)


def is_inside(point: tuple[float, float], box: tuple[float, ...]) -> bool:
    """Return whether a point lies within a bounding box."""
    x, y = point
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def test_the_map_is_about_a_thousand_wide_and_ends_above_antarctica() -> None:
    world = world_map()
    assert world.width == 1000
    assert 400 < world.height < 520
    assert world.point(-60, 0)[1] == pytest.approx(world.height, abs=0.5)
    assert world.point(90, 0)[1] == 0


def test_every_country_of_the_file_but_antarctica_is_drawn() -> None:
    topology = json.loads(WORLD_ATLAS_PATH.read_text(encoding="utf-8"))
    names_in_file = [
        geometry["properties"]["name"]
        for geometry in topology["objects"]["countries"]["geometries"]
    ]
    drawn = {shape.name: shape.path for shape in world_map().countries}
    assert "Antarctica" in names_in_file
    assert sorted(drawn) == sorted(set(names_in_file) - {"Antarctica"})
    assert all(path.startswith("M") for path in drawn.values())


def test_antarctica_is_left_out() -> None:
    assert "010" not in {shape.id for shape in world_map().countries}


def test_denmark_is_drawn() -> None:
    denmark = next(shape for shape in world_map().countries if shape.id == "208")
    assert denmark.name == "Denmark"
    assert denmark.path.startswith("M")


def test_aarhus_lies_on_denmark() -> None:
    world = world_map()
    assert is_inside(world.point(*AARHUS), bounding_box(country(world, "208")))


def test_pretoria_lies_on_south_africa() -> None:
    world = world_map()
    assert is_inside(world.point(*PRETORIA), bounding_box(country(world, "710")))
    assert not is_inside(world.point(*AARHUS), bounding_box(country(world, "710")))


def test_the_western_hemisphere_is_left_and_the_eastern_right_of_the_centre() -> None:
    world = world_map()
    centre = world.width / 2
    for place in (NEW_YORK, RIO_DE_JANEIRO):
        assert world.point(*place)[0] < centre
    for place in (TOKYO, SYDNEY, AARHUS):
        assert world.point(*place)[0] > centre


def test_the_north_is_up() -> None:
    world = world_map()
    assert world.point(*AARHUS)[1] < world.point(*PRETORIA)[1]


def test_a_place_off_the_globe_is_refused() -> None:
    with pytest.raises(ValueError):
        world_map().point(91, 0)
    with pytest.raises(ValueError):
        world_map().point(0, 181)


def test_no_line_streaks_across_the_map_at_the_antimeridian() -> None:
    world = world_map()
    for shape in world.countries:
        for ring in rings(shape.path):
            # Z draws the closing line from the last point back to the first.
            for (x0, _), (x1, _) in zip(ring, ring[1:] + ring[:1], strict=True):
                assert abs(x1 - x0) <= world.width / 2, shape.name


@pytest.mark.parametrize(("country_id", "name"), [("643", "Russia"), ("242", "Fiji")])
def test_a_country_across_the_antimeridian_reaches_both_halves(
    country_id: str, name: str
) -> None:
    world = world_map()
    left, _, right, _ = bounding_box(country(world, country_id))
    assert left < world.width / 4, name
    assert right > world.width * 3 / 4, name


def test_a_ring_around_a_pole_is_closed_along_the_edge_not_across_the_map(
    tmp_path: Path,
) -> None:
    # Unquantized TopoJSON: one ring round the South Pole, crossing ±180° once.
    topology = {
        "type": "Topology",
        "arcs": [[[-180, -50], [-90, -45], [0, -40], [90, -45], [-180, -50]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0]],
                        "id": "999",
                        "properties": {"name": "Southland"},
                    }
                ],
            }
        },
    }
    path = tmp_path / "countries.json"
    path.write_text(json.dumps(topology), encoding="utf-8")
    world = load_world_map(path)
    (southland,) = world.countries
    assert southland.path.startswith("M")
    # The pole is a line in the Natural Earth projection: the only long one drawn.
    pole_y = world.point(-90, 0)[1]
    for ring_points in rings(southland.path):
        closed = ring_points[1:] + ring_points[:1]
        for (x0, y0), (x1, y1) in zip(ring_points, closed, strict=True):
            assert abs(x1 - x0) <= world.width / 2 or y0 == y1 == pole_y
    assert bounding_box(southland.path)[3] == pole_y


def test_the_outlines_are_read_from_the_npm_package_by_default(
    settings: Any,
) -> None:
    settings.TWINNING_WORLD_ATLAS = None
    assert world_atlas_path() == DEFAULT_WORLD_ATLAS_PATH
    assert DEFAULT_WORLD_ATLAS_PATH.parts[-3:] == (
        "node_modules",
        "world-atlas",
        "countries-110m.json",
    )
    assert DEFAULT_WORLD_ATLAS_PATH.is_file()


def test_the_outlines_are_read_from_the_file_the_setting_names(
    settings: Any, tmp_path: Path
) -> None:
    settings.TWINNING_WORLD_ATLAS = str(tmp_path / "countries.json")
    assert world_atlas_path() == tmp_path / "countries.json"


def test_the_map_is_computed_once() -> None:
    assert world_map() is world_map()


def test_the_path_data_has_at_most_one_decimal() -> None:
    for shape in world_map().countries:
        assert not re.search(r"\.\d\d", shape.path), shape.name
        assert set(shape.path) <= set("0123456789.,-MLZ"), shape.name


def test_the_shared_copy_of_the_outlines_draws_the_same_map() -> None:
    if not SHARED_WORLD_ATLAS_PATH.exists():
        pytest.skip(f"{SHARED_WORLD_ATLAS_PATH} is not here.")
    assert load_world_map(SHARED_WORLD_ATLAS_PATH) == load_world_map(
        DEFAULT_WORLD_ATLAS_PATH
    )


def test_spread_markers_leaves_a_lone_marker_on_its_place() -> None:
    placed = spread_markers(
        [(100.0, 100.0), (600.0, 300.0)], spacing=40, width=1000, height=451
    )

    assert [(marker.x, marker.y, marker.moved) for marker in placed] == [
        (100.0, 100.0, False),
        (600.0, 300.0, False),
    ]


def test_spread_markers_sets_close_markers_apart_and_keeps_home_clear() -> None:
    # Kiel, Hamburg and Rostock, with Aarhus beside them, as the world map puts them.
    points = [(524.0, 86.0), (524.0, 88.0), (529.0, 87.0)]
    home = (523.9, 80.5)

    placed = spread_markers(
        points, spacing=34, width=1000, height=451, keep_clear=[home]
    )

    cells = [(marker.x, marker.y) for marker in placed] + [home]
    for index, one in enumerate(cells):
        for other in cells[index + 1 :]:
            assert max(abs(one[0] - other[0]), abs(one[1] - other[1])) >= 34
    assert [(marker.at_x, marker.at_y) for marker in placed] == points

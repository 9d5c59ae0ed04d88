"""The partners on a map: GeoJSON (RFC 7946), one point per partner place."""

from __future__ import annotations

import json

import geojson
import pytest

from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_update
from twinning.places.models import Place

pytestmark = pytest.mark.django_db


def test_the_partner_map_is_valid_geojson(client):
    response = client.get("/open-data/partners.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = geojson.loads(response.content.decode("utf-8"))
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"
    assert all(feature.is_valid for feature in collection["features"])
    assert "crs" not in collection


def test_every_coordinate_is_longitude_then_latitude_in_range(client):
    collection = json.loads(client.get("/open-data/partners.geojson").content)

    places = {place.slug: place for place in Place.objects.all()}
    for feature in collection["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90
        place = places[feature["id"]]
        assert (longitude, latitude) == (float(place.longitude), float(place.latitude))
    bergen = next(f for f in collection["features"] if f["id"] == "bergen")
    assert bergen["geometry"]["coordinates"] == [5.32415, 60.39299]


def test_a_feature_names_its_place_and_its_partnerships_kind_and_status(client):
    collection = json.loads(client.get("/open-data/partners.geojson").content)
    features = {feature["id"]: feature for feature in collection["features"]}

    gothenburg = features["gothenburg"]["properties"]
    assert (gothenburg["name_da"], gothenburg["name_en"]) == ("Göteborg", "Gothenburg")
    assert gothenburg["country"] == "SE"
    assert [(p["kind"], p["status"]) for p in gothenburg["partnerships"]] == [
        ("sister_city", "active")
    ]
    petersburg = features["saint-petersburg"]["properties"]["partnerships"]
    assert {(p["kind"], p["status"]) for p in petersburg} == {
        ("sister_city", "terminated")
    }


def test_a_partnership_not_public_is_not_on_the_map(client, editor):
    kiel = Partnership.objects.get(slug="kiel")
    partnership_update(
        partnership=kiel, actor=editor, expected_version=kiel.version, is_public=False
    )

    collection = json.loads(client.get("/open-data/partners.geojson").content)
    assert "kiel" not in {feature["id"] for feature in collection["features"]}

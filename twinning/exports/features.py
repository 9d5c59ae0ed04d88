"""The partners on a map: a GeoJSON FeatureCollection (RFC 7946).

One Point feature per place that public partnerships are with: a partner place, or
the place of a partner organisation (Ghana Water in Accra). Places without
coordinates are left out, since RFC 7946 has no point without them. Coordinates are
[longitude, latitude] in WGS 84, as the RFC requires; no "crs" member.
"""

from __future__ import annotations

import json
from typing import Any

from twinning.exports import selectors
from twinning.exports.tables import translated
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality, Place

MEDIA_TYPE = "application/geo+json"


def partnership_properties(partnership: Partnership) -> dict[str, Any]:
    partner: Any = partnership.partner
    return {
        "external_id": partnership.slug,
        "partner_type": "place" if partnership.partner_place else "organisation",
        "partner_external_id": partner.slug,
        "partner_name_da": translated(partner, "name", "da"),
        "partner_name_en": translated(partner, "name", "en"),
        "kind": partnership.kind,
        "status": partnership.status,
        "started": partnership.started,
        "ended": partnership.ended,
    }


def partner_places(
    *, municipality: Municipality
) -> list[tuple[Place, list[float], list[Partnership]]]:
    """Return each partner place with coordinates, [lon, lat], and its partnerships."""
    places: dict[int, tuple[Place, list[float], list[Partnership]]] = {}
    for partnership in selectors.open_data_partnerships(municipality=municipality):
        place = partnership.partner_place or (
            partnership.partner_organisation.place
            if partnership.partner_organisation
            else None
        )
        if place is None or place.latitude is None or place.longitude is None:
            continue
        coordinates = [float(place.longitude), float(place.latitude)]
        places.setdefault(place.pk, (place, coordinates, []))[2].append(partnership)
    return list(places.values())


def partners_feature_collection(*, municipality: Municipality) -> dict[str, Any]:
    """Return the partner places as a GeoJSON FeatureCollection (a dict)."""
    features = [
        {
            "type": "Feature",
            "id": place.slug,
            "geometry": {"type": "Point", "coordinates": coordinates},
            "properties": {
                "name_da": translated(place, "name", "da"),
                "name_en": translated(place, "name", "en"),
                "country": place.country,
                "partnerships": [partnership_properties(p) for p in partnerships],
            },
        }
        for place, coordinates, partnerships in partner_places(
            municipality=municipality
        )
    ]
    return {"type": "FeatureCollection", "features": features}


def partners_geojson(*, municipality: Municipality) -> bytes:
    """Return the partner places as GeoJSON text, UTF-8."""
    collection = partners_feature_collection(municipality=municipality)
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")

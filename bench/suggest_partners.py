"""Time matchmaking for one municipality against the imported twin-town network.

Usage: .venv/bin/python bench/suggest_partners.py [--municipality aarhus]
       [--runs 5] [--budget 2.0] [--extract PATH]

Uses the database of the settings (var/twinning.sqlite3 or DATABASE_URL), with the
Aarhus dataset loaded (`make data`). If the network is empty, the Wikipedia extract
(../shared/data/twinning/hekman-twincities/twin_cities.csv, 24,759 pairs) is
imported first. Each run is cold: it reads the whole network from the database
and, in a fresh process state, GeoNames's facts, then matches. Prints each run
and exits with 1 if the slowest run is over the budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.config.settings")

import django  # noqa: E402

django.setup()

from twinning.imports.twin_towns import import_twin_towns  # noqa: E402
from twinning.partnerships import matching  # noqa: E402
from twinning.places.models import Municipality, TwinTownLink  # noqa: E402

EXTRACT = ROOT.parent / "shared/data/twinning/hekman-twincities/twin_cities.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipality", default="aarhus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=2.0)
    parser.add_argument("--extract", type=Path, default=EXTRACT)
    options = parser.parse_args()
    if not TwinTownLink.objects.exists():
        print(f"Importing {options.extract} …")
        print(import_twin_towns(path=options.extract).summary())
    pairs = TwinTownLink.objects.count()
    municipality = Municipality.objects.get(slug=options.municipality)
    times = []
    for run in range(1, options.runs + 1):
        matching.geo_facts.cache_clear()
        started = time.perf_counter()
        suggestions = matching.suggest_partners(municipality=municipality, limit=10)
        seconds = time.perf_counter() - started
        times.append(seconds)
        print(f"run {run}: {seconds:.2f} s, {len(suggestions)} suggestions")
    print(
        f"{municipality.slug} against {pairs} pairs: median "
        f"{statistics.median(times):.2f} s, slowest {max(times):.2f} s "
        f"(budget {options.budget:.1f} s)"
    )
    return 0 if max(times) <= options.budget else 1


if __name__ == "__main__":
    sys.exit(main())

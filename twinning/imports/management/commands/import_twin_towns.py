"""Import the world's twin-town network from public extracts, matched to GeoNames."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from twinning.imports.twin_towns import (
    UNMATCHED_SAMPLE,
    GeoNamesIndex,
    import_twin_towns,
    write_unmatched,
)


class Command(BaseCommand):
    help = (
        "Import twin-town pairs from the extracts in data/twinning: a Wikipedia "
        "twin_cities.csv (or twin_cities_raw.csv) or a Wikidata relations.tsv (with "
        "names.tsv beside it). The dataset is named after the extract's folder. A "
        "second run adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--unmatched",
            type=Path,
            metavar="FILE",
            help="Write every place not matched to GeoNames to this CSV file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"There is no file {path}.")
        started = time.perf_counter()
        self.stderr.write("Reading GeoNames (cities of 500 people or more) …")
        geonames = GeoNamesIndex.load()
        self.stdout.write(f"GeoNames read in {time.perf_counter() - started:.1f} s.")

        def progress(pairs: Iterable[Any]) -> Iterable[Any]:
            return tqdm(pairs, unit=" pairs", file=sys.stderr, leave=False)

        reports = []
        for path in paths:
            report = import_twin_towns(path=path, geonames=geonames, progress=progress)
            reports.append(report)
            self.stdout.write(report.summary())
            if report.unmatched:
                sample = ", ".join(
                    f"{place.name} ({place.country_name or '?'})"
                    for place in report.unmatched[:UNMATCHED_SAMPLE]
                )
                self.stdout.write(
                    f"  Not matched ({len(report.unmatched)}), most frequent: {sample}"
                )
        if options["unmatched"]:
            count = write_unmatched(reports, options["unmatched"])
            self.stdout.write(
                f"The {count} places not matched are listed in {options['unmatched']}."
            )
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")

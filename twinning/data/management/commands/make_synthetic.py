"""Fill the database with a synthetic platform for benchmarks (`data.synthetic`)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from twinning.data.synthetic import synthetic_platform_create


class Command(BaseCommand):
    help = (
        "Add N synthetic home municipalities of M partnerships each, with events, "
        "visits and results, for benchmarks. Not for a production database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipalities", type=int, required=True)
        parser.add_argument("--partnerships", type=int, required=True)
        parser.add_argument("--seed", type=int, default=12)

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "make_synthetic does not run with TWINNING_ENV=production."
            )
        if options["municipalities"] < 1 or options["partnerships"] < 1:
            raise CommandError(
                "--municipalities and --partnerships must be at least 1."
            )
        started = time.monotonic()
        made = synthetic_platform_create(
            municipalities=options["municipalities"],
            partnerships=options["partnerships"],
            seed=options["seed"],
        )
        # Fresh statistics, so the planner knows the tables are large: without
        # them PostgreSQL takes 1,000 municipalities for 23 and joins before it
        # limits (the back office's list took 230 ms a query, not 2 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Made {made.municipalities} municipalities with {made.partnerships} "
            f"partnerships, {made.events} events, {made.activities} visits and "
            f"{made.results} results in {time.monotonic() - started:.1f} s."
        )

"""Write the council report of a municipality for a year or a period.

    manage.py council_report --year 2025 --language da --format pdf --output r.pdf
    manage.py council_report --from 2025-01-01 --to 2025-06-30 --format xlsx \
        --output h1.xlsx --municipality aarhus
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from twinning.places.models import Municipality
from twinning.places.selectors import home_municipality
from twinning.reports.rendering import FORMATS, render
from twinning.reports.selectors import council_report, period_of


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}.") from None


class Command(BaseCommand):
    help = "Write the yearly (or any period's) report to the City Council."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="A whole calendar year.")
        parser.add_argument("--from", dest="date_from", help="First day (YYYY-MM-DD).")
        parser.add_argument("--to", dest="date_to", help="Last day (YYYY-MM-DD).")
        parser.add_argument("--language", choices=["da", "en"], default="da")
        parser.add_argument(
            "--format", dest="output_format", choices=FORMATS, default="pdf"
        )
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--municipality",
            help="The home municipality's slug (default: the site's).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            date_from, date_to = period_of(
                year=options["year"],
                date_from=_day(options["date_from"]) if options["date_from"] else None,
                date_to=_day(options["date_to"]) if options["date_to"] else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        slug = options["municipality"]
        municipality = (
            Municipality.objects.filter(slug=slug).first()
            if slug
            else home_municipality()
        )
        if municipality is None:
            raise CommandError(
                f"No municipality {slug!r}." if slug else "No municipality yet."
            )
        report = council_report(
            municipality=municipality,
            date_from=date_from,
            date_to=date_to,
            language=options["language"],
            today=timezone.localdate(),
        )
        output = Path(options["output"])
        output.write_bytes(render(report, options["output_format"]))
        self.stdout.write(
            f"Wrote {output} ({options['output_format']}, {options['language']}): "
            f"{municipality.name}, {date_from} – {date_to}, "
            f"{len(report.partnership_pages)} partnerships."
        )

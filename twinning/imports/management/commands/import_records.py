"""Import places, partnerships or activities from a CSV or XLSX file."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from twinning.accounts.models import User
from twinning.imports.report import Row
from twinning.imports.services import KINDS, import_table
from twinning.places.models import Municipality


class Command(BaseCommand):
    help = (
        "Import a table of places, partnerships or activities (the columns of the "
        "open-data downloads) from CSV or XLSX. Nothing is written if any row has a "
        "problem; every problem is listed, and the command exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--municipality",
            metavar="SLUG",
            help="The home municipality (needed for partnerships and activities).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report, but write nothing.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="The member of staff the change history names as the author.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(
                slug=options["municipality"]
            ).first()
            if municipality is None:
                raise CommandError(
                    f"There is no home municipality “{options['municipality']}”."
                )
        elif options["kind"] != "places":
            raise CommandError(f"Importing {options['kind']} needs --municipality.")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"There is no user “{options['user']}”.")
            # An import run for a member of staff stays within their reach.
            if municipality is not None and not (
                Municipality.objects.for_user(actor).filter(pk=municipality.pk).exists()
            ):
                raise CommandError(
                    f"{actor.username} does not work on {municipality}: the import "
                    "was not run."
                )

        def progress(rows: Sequence[Row]) -> Iterable[Row]:
            return tqdm(rows, total=len(rows), unit="row", file=sys.stderr, leave=False)

        report = import_table(
            kind=options["kind"],
            file=path,
            municipality=municipality,
            actor=actor,
            dry_run=options["dry_run"],
            progress=progress,
        )
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

"""Load the shipped Aarhus dataset into the register (idempotent)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twinning.data.loader import DatasetError, default_folder, load_dataset


class Command(BaseCommand):
    help = (
        "Load the Aarhus dataset shipped in twinning/data/aarhus. Records already in "
        "the register are left as staff keep them; --update overwrites them from "
        "the files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Bring records already in the register in line with the files.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_dataset(default_folder("aarhus"), update=options["update"])
        except (DatasetError, ValidationError) as error:
            raise CommandError(f"The Aarhus dataset was not loaded: {error}") from error
        if not report.changed:
            self.stdout.write("The Aarhus dataset is loaded already; nothing changed.")
            return
        for verb, counts in (("created", report.created), ("updated", report.updated)):
            for label, count in sorted(counts.items()):
                self.stdout.write(f"{verb} {count} {label}")
        self.stdout.write(self.style.SUCCESS("The Aarhus dataset is loaded."))

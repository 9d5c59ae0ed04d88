"""Write a backup of the database and the uploaded documents (`core.backups`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from twinning.core.backups import backup


class Command(BaseCommand):
    help = "Write the database and the uploaded documents into one backup file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", required=True, type=Path, help="the file (.tar.gz)"
        )

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        manifest = backup(output=output)
        self.stdout.write(
            f"Backed up {sum(manifest['records'].values())} records and "
            f"{len(manifest['documents'])} documents from {manifest['database']} "
            f"into {output}."
        )

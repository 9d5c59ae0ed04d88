"""Restore a backup made by `manage.py backup` (`core.backups`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from twinning.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup into this (migrated, empty) database and MEDIA_ROOT; "
        "--replace deletes the records already there first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete every record in the database before restoring",
        )

    def handle(self, *args: Any, file: Path, replace: bool, **options: Any) -> None:
        if not file.exists():
            raise CommandError(f"There is no backup file {file}.")
        try:
            restored = restore(source=file, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {restored.records} records and {restored.documents} "
            f"documents from {file}."
        )

"""Erase the personal data whose time is up: run it daily, next to send_reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from twinning.contacts.services import contacts_past_retention_erase
from twinning.core.services import access_log_purge
from twinning.eu.services import participant_scans_past_audit_erase


class Command(BaseCommand):
    help = (
        "Erase the contact persons whose retention date has passed (their history, "
        "their name in the back office's log and in the access log's searches "
        "included), and delete access-log entries older than "
        "TWINNING_ACCESS_LOG_RETENTION_DAYS, and the scans of signed participant "
        "lists whose grant's audit period has ended. Reports what it did."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="The date to judge by (YYYY-MM-DD); today unless given.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: dt.date = options["today"] or timezone.localdate()
        days = settings.TWINNING_ACCESS_LOG_RETENTION_DAYS
        start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
        with transaction.atomic():
            erased = contacts_past_retention_erase(today=today, actor=None)
            scans = participant_scans_past_audit_erase(today=today, actor=None)
            # The erasures just logged are kept: they are newer than the limit.
            purged = access_log_purge(before=start_of_today - dt.timedelta(days=days))
        self.stdout.write(
            f"Erased {erased} contact person(s) whose retention date was before "
            f"{today.isoformat()}, with their history, and took their names out of "
            "the back office's log and the access log's searches."
        )
        self.stdout.write(
            f"Erased {scans} scan(s) of signed participant lists whose grant's "
            f"audit period ended before {today.isoformat()}; their counts are kept."
        )
        self.stdout.write(
            f"Deleted {purged} access-log entr{'y' if purged == 1 else 'ies'} "
            f"older than {days} days."
        )

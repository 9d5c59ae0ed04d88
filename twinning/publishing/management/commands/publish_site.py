"""Write the public site as static files (`publishing.site`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twinning.places.models import SiteHost
from twinning.places.selectors import home_municipality
from twinning.publishing.site import BrokenLinks, publish


class Command(BaseCommand):
    help = (
        "Write every public page in both languages, the sitemap, the downloads "
        "and their static files into a folder any web server can serve; a second "
        "run rewrites only the files that changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="the folder")
        parser.add_argument(
            "--host",
            help="the host name of the municipality's site (default: its first "
            "host, else the first of DJANGO_ALLOWED_HOSTS)",
        )
        parser.add_argument(
            "--https",
            action="store_true",
            help="publish the pages as served over HTTPS (absolute links, HSTS)",
        )

    def handle(
        self, *args: Any, output: Path, host: str | None, **options: Any
    ) -> None:
        host = host or default_host()
        if home_municipality(host) is None:
            raise CommandError("There is no home municipality to publish yet.")
        started = time.monotonic()
        try:
            report = publish(
                output=output,
                host=host,
                secure=options["https"] or settings.SECURE_SSL_REDIRECT,
            )
        except BrokenLinks as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Published {report.files} files for {host} into {output} in "
            f"{time.monotonic() - started:.1f} s: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed."
        )
        if options["verbosity"] > 1:
            for name in report.written:
                self.stdout.write(f"  written {name}")
            for name in report.removed:
                self.stdout.write(f"  removed {name}")


def default_host() -> str:
    first = SiteHost.objects.order_by("municipality", "host").first()
    if first is not None:
        return first.host
    for host in settings.ALLOWED_HOSTS:
        if host and "*" not in host and not host.startswith("."):
            return host
    return "localhost"

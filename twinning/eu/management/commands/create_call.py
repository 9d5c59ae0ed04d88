"""Record a funding call from a template, e.g. this year's CERV Town-Twinning call."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twinning.eu.call_templates import CALL_TEMPLATES
from twinning.eu.services import funding_opportunity_from_template
from twinning.places.models import Municipality


class Command(BaseCommand):
    help = (
        "Record a funding call for a home municipality from a template "
        f"({', '.join(CALL_TEMPLATES)}), internal until staff have checked it "
        "against the year's call document and made it public."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, metavar="SLUG")
        parser.add_argument("--template", required=True, choices=list(CALL_TEMPLATES))
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--deadline",
            type=dt.datetime.fromisoformat,
            help="YYYY-MM-DDTHH:MM, in Brussels time unless an offset is given.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                f"--municipality: there is no home municipality "
                f"{options['municipality']}."
            )
        deadline: dt.datetime | None = options["deadline"]
        if deadline is not None and deadline.tzinfo is None:
            deadline = deadline.replace(tzinfo=zoneinfo.ZoneInfo("Europe/Brussels"))
        try:
            call = funding_opportunity_from_template(
                actor=None,
                municipality=municipality,
                template=options["template"],
                year=options["year"],
                deadline=deadline,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Recorded {call.call_identifier} ({call.slug}) for {municipality.slug}, "
            "internal until made public."
        )

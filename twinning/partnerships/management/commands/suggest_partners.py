"""Suggest new partner places for a home municipality, each with its reasons."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from twinning.partnerships.matching import suggest_partners
from twinning.partnerships.models import Theme
from twinning.places.models import Municipality


class Command(BaseCommand):
    help = (
        "Suggest new partner places for a home municipality from the twin-town "
        "network (import_twin_towns), GeoNames and the platform's seeking-partners "
        "profiles. Never a current partner; each with a score and its reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, metavar="SLUG")
        parser.add_argument(
            "--theme", metavar="T", help="A theme's slug or name, e.g. culture."
        )
        parser.add_argument("--limit", type=int, default=10, metavar="N")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--language", choices=["da", "en"], default="en", help="Of the reasons."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                f"--municipality: there is no home municipality "
                f"{options['municipality']}."
            )
        if options["limit"] < 1:
            raise CommandError("--limit: give a number of 1 or more.")
        theme = None
        if options["theme"]:
            wanted = options["theme"].strip()
            found = (
                Theme.objects.filter(slug=wanted).first()
                or Theme.objects.filter(name_en__iexact=wanted).first()
                or Theme.objects.filter(name_da__iexact=wanted).first()
            )
            if found is None:
                known = ", ".join(Theme.objects.values_list("slug", flat=True))
                raise CommandError(
                    f"--theme: there is no theme {wanted}. Known: {known}."
                )
            theme = found.slug
        with translation.override(options["language"]):
            suggestions = suggest_partners(
                municipality=municipality, theme=theme, limit=options["limit"]
            )
            if options["format"] == "json":
                self.stdout.write(
                    json.dumps(
                        [s.as_json() for s in suggestions],
                        ensure_ascii=False,
                        indent=2,
                    )
                )
                return
            if not suggestions:
                self.stdout.write(
                    "No suggestions: import the twin-town network "
                    "(import_twin_towns) or publish a seeking-partners profile."
                )
            for number, suggestion in enumerate(suggestions, start=1):
                self.stdout.write(
                    f"{number}. {suggestion.name} ({suggestion.country}), "
                    f"score {suggestion.score:.1f}"
                )
                for reason in suggestion.reasons:
                    self.stdout.write(f"   - {reason}")

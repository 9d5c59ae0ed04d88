"""Time the council report of a large municipality: the year's PDF, and its memory.

    .venv/bin/python bench/council_report.py [--partnerships 1000] [--activities 20000]

Builds, in a throwaway SQLite database, one municipality with that many
partnerships (each established, with a place on the map) and activities in 2025,
with a budget line, a participant and every tenth a result; then, in a fresh
process so that the set-up's memory does not count, makes the year's report as a
PDF (and as XLSX) and prints a table: seconds and peak resident memory
(resource.getrusage) for each step. Goal: the PDF in at most 30 s and 500 MB.

The data are bulk-inserted around the services, as a test sets up a state: the
services write one record at a time with its history, which would take longer
than the report itself. The report reads them as it reads any register.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 30
GOAL_MB = 500


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(database: Path, *, partnerships: int, activities: int) -> float:
    """Fill a new database; return the seconds it took."""
    started = time.perf_counter()
    setup_django(database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from twinning.activities.choices import ActivityKind, BudgetKind, ParticipantRole
    from twinning.activities.models import Activity, BudgetLine, Participant
    from twinning.core.writes import writing_around_services
    from twinning.partnerships.choices import EventKind, PartnershipKind
    from twinning.partnerships.models import Partnership, PartnershipEvent
    from twinning.places.models import Municipality, Organisation, Place
    from twinning.results.choices import ResultKind
    from twinning.results.models import Result

    kinds = list(ActivityKind)
    result_kinds = list(ResultKind)
    with writing_around_services():
        home = Place.objects.create(
            slug="benchby",
            name="Benchby",
            country="DK",
            latitude=Decimal("56.15"),
            longitude=Decimal("10.2"),
        )
        municipality = Municipality.objects.create(
            slug="benchby", name="Benchby Kommune", place=home
        )
        organisation = Organisation.objects.create(
            slug="bench-company", name="Bench company", kind="company"
        )
        places = Place.objects.bulk_create(
            Place(
                slug=f"town-{n}",
                name=f"Town {n}",
                country="SE",
                latitude=Decimal(-50 + (n * 7) % 120),
                longitude=Decimal(-170 + (n * 13) % 340),
            )
            for n in range(partnerships)
        )
        found = Partnership.objects.bulk_create(
            Partnership(
                municipality=municipality,
                slug=place.slug,
                partner_place=place,
                kind=PartnershipKind.COOPERATION,
                status="active",
                started=str(1950 + n % 70),
            )
            for n, place in enumerate(places)
        )
        PartnershipEvent.objects.bulk_create(
            PartnershipEvent(
                partnership=partnership,
                kind=EventKind.ESTABLISHED,
                date=partnership.started,
            )
            for partnership in found
        )
        made = Activity.objects.bulk_create(
            Activity(
                municipality=municipality,
                slug=f"activity-{n}",
                kind=kinds[n % len(kinds)],
                title=f"Activity {n}",
                partnership=found[n % len(found)],
                started=(dt.date(2025, 1, 1) + dt.timedelta(days=n % 365)).isoformat(),
            )
            for n in range(activities)
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                activity=activity,
                kind=BudgetKind.TRAVEL if n % 2 else BudgetKind.HOSPITALITY,
                planned=Decimal(1000 + n % 500),
                actual=Decimal(900 + n % 700),
                currency="DKK",
            )
            for n, activity in enumerate(made)
        )
        Participant.objects.bulk_create(
            Participant(
                activity=activity,
                organisation=organisation,
                role=ParticipantRole.DELEGATE,
                headcount=1 + n % 9,
            )
            for n, activity in enumerate(made)
        )
        Result.objects.bulk_create(
            Result(
                municipality=municipality,
                slug=f"result-{n}",
                kind=result_kinds[n % len(result_kinds)],
                title=f"Result {n}",
                partnership=activity.partnership,
                achieved_on=activity.started,
                value=Decimal(10000 + n),
                currency="DKK",
            )
            for n, activity in enumerate(made[::10])
        )
    return time.perf_counter() - started


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(database: Path, output: Path) -> dict[str, float]:
    """Make the year's report in this (fresh) process; return the figures."""
    figures: dict[str, float] = {}
    setup_django(database)
    from twinning.places.models import Municipality
    from twinning.reports.rendering import render_pdf, render_xlsx
    from twinning.reports.selectors import council_report

    figures["mb_after_start"] = peak_mb()
    started = time.perf_counter()
    cpu_started = cpu_s()
    report = council_report(
        municipality=Municipality.objects.get(slug="benchby"),
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2025, 12, 31),
        language="da",
        today=dt.date(2026, 1, 15),
    )
    figures["gather_s"] = time.perf_counter() - started
    figures["mb_after_gather"] = peak_mb()
    rendered = time.perf_counter()
    pdf = render_pdf(report)
    figures["pdf_s"] = time.perf_counter() - rendered
    figures["report_pdf_s"] = time.perf_counter() - started
    figures["report_pdf_cpu_s"] = cpu_s() - cpu_started
    figures["mb_after_pdf"] = peak_mb()
    output.write_bytes(pdf)
    figures["pdf_mb"] = len(pdf) / 1024 / 1024
    rendered = time.perf_counter()
    xlsx = render_xlsx(report)
    figures["xlsx_s"] = time.perf_counter() - rendered
    figures["mb_after_xlsx"] = peak_mb()
    figures["xlsx_mb"] = len(xlsx) / 1024 / 1024
    figures["pages"] = len(report.partnership_pages)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, help="Write the PDF here.")
    args = parser.parse_args()

    if args.measure:
        output = args.keep or args.measure.with_suffix(".pdf")
        print(json.dumps(measure(args.measure, output)))
        return 0

    # Under var/ (ignored by git), not /tmp, which may be swept while it runs.
    (ROOT / "var").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=ROOT / "var") as folder:
        database = Path(folder) / "bench.sqlite3"
        seconds = build(
            database, partnerships=args.partnerships, activities=args.activities
        )
        command = [sys.executable, __file__, "--measure", str(database)]
        if args.keep:
            command += ["--keep", str(args.keep)]
        done = subprocess.run(  # noqa: S603 (this script, on its own database)
            command, capture_output=True, text=True
        )
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        figures = json.loads(done.stdout.strip().splitlines()[-1])

    pdf_ok = figures["report_pdf_s"] <= GOAL_SECONDS
    memory_ok = figures["mb_after_pdf"] <= GOAL_MB
    rows = [
        ("partnerships / activities", f"{args.partnerships} / {args.activities}"),
        ("build the database (s)", f"{seconds:.1f}"),
        ("partnership pages", f"{figures['pages']:.0f}"),
        ("gather the figures (s)", f"{figures['gather_s']:.1f}"),
        ("lay out the PDF (s)", f"{figures['pdf_s']:.1f}"),
        (
            f"year's PDF, in all (s; goal ≤ {GOAL_SECONDS})",
            f"{figures['report_pdf_s']:.1f} {'ok' if pdf_ok else 'OVER'}",
        ),
        ("year's PDF, CPU time (s)", f"{figures['report_pdf_cpu_s']:.1f}"),
        (
            f"peak memory to the PDF (MB; goal ≤ {GOAL_MB})",
            f"{figures['mb_after_pdf']:.0f} {'ok' if memory_ok else 'OVER'}",
        ),
        ("PDF size (MB)", f"{figures['pdf_mb']:.1f}"),
        ("XLSX (s)", f"{figures['xlsx_s']:.1f}"),
        ("peak memory with the XLSX (MB)", f"{figures['mb_after_xlsx']:.0f}"),
        ("XLSX size (MB)", f"{figures['xlsx_mb']:.1f}"),
    ]
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0 if pdf_ok and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())

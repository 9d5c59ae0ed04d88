"""How long a dry run of a 10 MB CSV import takes, and a zip bomb's refusal.

    .venv/bin/python bench/import_dry_run.py [--megabytes 10] [--runs 1]

Builds a throwaway SQLite database in a temporary folder (migrated, nothing else),
writes a CSV of places as Danish Excel saves it (";" and a BOM) of the size asked
for, and runs `manage.py import_records places FILE --dry-run` on it in a process
of its own, as staff would, measuring wall time and the process's peak memory.
Then an XLSX zip bomb (a workbook whose sheet unpacks to 200 MB), which must be
refused before it is unpacked: in a process of its own that starts Django first and
then measures only the refusal (`import_table` on the file), its wall time, the
memory Python allocated for it at its peak (tracemalloc) and how far the process's
peak resident memory rose. Prints a table; asserts nothing.

The goals (issue "Security and personal data"): the dry run within 30 s, the zip
bomb refused within 1 s using less than 100 MB.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MB = 1_000_000
COLUMNS = (
    "external_id",
    "name_da",
    "name_en",
    "kind",
    "country",
    "population",
    "latitude",
    "longitude",
    "geonames_id",
    "wikidata_id",
)


def places_csv(path: Path, megabytes: float) -> int:
    """Write good rows of places until the file has the size asked for; return rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = 0
    while buffer.tell() < megabytes * MB:
        rows += 1
        writer.writerow(
            [
                f"benchmark-town-{rows}",
                f"Prøveby nr. {rows}",
                f"Sample Town No. {rows}",
                "city",
                "DK" if rows % 2 else "SE",
                str(1_000 + rows),
                f"{55 + (rows % 1000) / 1000:.5f}",
                f"{10 + (rows % 700) / 1000:.5f}",
                str(9_000_000 + rows),
                f"Q{90_000_000 + rows}",
            ]
        )
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return rows


def zip_bomb(path: Path, unpacked: int = 200 * MB) -> None:
    """An XLSX whose one sheet is `unpacked` bytes of spaces (it packs to ~200 KB)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * MB
            for _ in range(unpacked // MB):
                sheet.write(chunk)


def run(args: list[str], environment: dict[str, str]) -> tuple[float, float, str]:
    """Run a command; return its wall seconds, its peak memory in MB, its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own manage.py
        args, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of the children is the largest of any child so far (kB on Linux).
    return seconds, max(peak, before) / 1000, done.stdout + done.stderr


def last_line(output: str) -> str:
    """The command's verdict: the last line it printed that is not its progress."""
    lines = [
        line for line in output.splitlines() if line.strip() and "row/s" not in line
    ]
    return lines[-1] if lines else ""


def measure_refusal(path: Path) -> None:
    """In this process: start Django, then time the import of `path` alone."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from twinning.imports.services import import_table

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    report = import_table(
        kind="places", file=str(path), municipality=None, actor=None, dry_run=True
    )
    seconds = time.perf_counter() - start
    _, allocated = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    risen = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(
        json.dumps(
            {
                "seconds": seconds,
                "allocated_mb": allocated / MB,
                "rss_risen_mb": risen * 1000 / MB,
                "problems": [str(problem) for problem in report.problems],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--measure-refusal", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure_refusal:
        measure_refusal(options.measure_refusal)
        return

    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{here / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "twinning.config.settings",
        }
        manage = [PYTHON, "manage.py"]
        subprocess.run(  # noqa: S603 - our own manage.py
            [*manage, "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
        table = here / "places.csv"
        rows = places_csv(table, options.megabytes)
        size = table.stat().st_size / MB
        bomb = here / "bomb.xlsx"
        zip_bomb(bomb)

        print("| what | file | rows | wall s | peak MB | outcome |")
        print("|---|---|---|---|---|---|")
        for _ in range(options.runs):
            seconds, peak, output = run(
                [*manage, "import_records", "places", str(table), "--dry-run"],
                environment,
            )
            outcome = last_line(output)
            print(
                f"| CSV dry run | {size:.1f} MB | {rows:,} | {seconds:.1f} | "
                f"{peak:.0f} | {outcome} |"
            )
        # A fresh process for the bomb, which measures the refusal alone.
        done = subprocess.run(  # noqa: S603 - this file
            [PYTHON, __file__, "--measure-refusal", str(bomb)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        problems = measured["problems"]
        refused = len(problems) == 1 and "200 MB" in problems[0]
        print(
            f"| XLSX zip bomb | {bomb.stat().st_size / MB:.2f} MB → 200 MB | – | "
            f"{measured['seconds']:.3f} | {measured['allocated_mb']:.1f} allocated, "
            f"resident peak +{measured['rss_risen_mb']:.0f} | "
            f"{'refused before unpacking' if refused else problems} |"
        )


if __name__ == "__main__":
    main()

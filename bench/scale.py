"""The API list and the back office's partnership list at platform scale.

    DATABASE_URL=postgres://.../twinning_bench .venv/bin/python bench/scale.py \\
        [--municipalities 1000] [--partnerships 100] [--seconds 10]

Needs an empty database of its own in DATABASE_URL (PostgreSQL, as a platform runs
on): migrates it, loads the Aarhus dataset, adds the synthetic platform
(`manage.py make_synthetic`), signs in an editor of one synthetic municipality and
one of them all, starts the application as `make serve` does and measures with wrk:
the API list (`?limit=50` of one municipality) at 10 connections, and the back
office's partnership list for each editor at 2. Prints a Markdown table. Goals:
p95 ≤ 20 ms for the API list and ≤ 150 ms for the back office's.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import PYTHON, free_port, measure, run, server

SIGN_IN = """
import django; django.setup()
from django.db import connection
from django.test import Client
from twinning.accounts.roles import EDITOR
from twinning.accounts.services import user_create
from twinning.places.models import Municipality
synthetic = Municipality.objects.filter(slug__startswith="synthetic-").order_by("pk")
middle = synthetic[synthetic.count() // 2]
of_all = user_create(
    username="bench-editor", password="bench editor's long password",
    role=EDITOR, municipalities=list(synthetic),
)
of_one = user_create(
    username="bench-editor-one", password="bench editor's long password",
    role=EDITOR, municipalities=[middle],
)
# As the database's own autovacuum would after the new rows: the planner then
# knows the editors' municipalities.
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print(middle.slug)
for editor in (of_one, of_all):
    client = Client()
    client.force_login(editor)
    print(client.cookies["sessionid"].value)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=1000)
    parser.add_argument("--partnerships", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to an empty PostgreSQL database of its own.")
    folder = Path(tempfile.mkdtemp(prefix="twinning-scale-"))
    env = {
        **os.environ,
        "TWINNING_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_hex(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TWINNING_SSL_REDIRECT": "false",
        "TWINNING_VAR_DIR": str(folder / "var"),
        "TWINNING_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "twinning.config.settings",
    }
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "load_aarhus", "-v", "0", env=env)
    started = time.monotonic()
    made = run(
        PYTHON,
        "manage.py",
        "make_synthetic",
        "--municipalities",
        str(arguments.municipalities),
        "--partnerships",
        str(arguments.partnerships),
        env={**env, "TWINNING_ENV": "development"},
    )
    print(made.strip(), f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    signed_in = run(PYTHON, "-c", SIGN_IN, env=env).strip().splitlines()
    middle, session_of_one, session_of_all = signed_in[-3:]
    port = free_port()
    app = f"http://127.0.0.1:{port}"
    make = ["make", "--no-print-directory", "serve"]
    with server(make, {**env, "PORT": str(port)}, f"{app}/healthz") as pid:
        rows = [
            measure(
                "API list ?limit=50 of one municipality",
                f"{app}/api/v1/partnerships?limit=50&municipality={middle}",
                pid=pid,
                nginx=None,
                seconds=arguments.seconds,
                connections=10,
            ),
            # Staff are few: the back office is measured at one request per core.
            *(
                measure(
                    f"back office: partnership list (editor of {whose})",
                    f"{app}/admin/partnerships/partnership/",
                    pid=pid,
                    nginx=None,
                    seconds=arguments.seconds,
                    connections=2,
                    headers=[f"Cookie: sessionid={session}", "Accept-Language: en"],
                )
                for whose, session in (
                    ("one municipality", session_of_one),
                    (f"all {arguments.municipalities:,}", session_of_all),
                )
            ),
        ]
    header = [
        "target",
        "req/s",
        "—",
        "—",
        "p90",
        "p95",
        "p99",
        "server CPU/request",
        "non-2xx",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

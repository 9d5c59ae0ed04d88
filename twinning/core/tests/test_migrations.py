"""The migrations build, from an empty database, the schema the models describe.

The suite builds its test databases from the models (`--no-migrations`): running
every migration in every test process cost half a minute each. This test runs them
once, as an upgrade or a new installation does, in a process of its own against an
empty database of the suite's own kind, and compares the result with the tables and
columns the models give.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


def _schema(database: Any) -> dict[str, set[str]]:
    """Return every table of a database with the names of its columns."""
    with database.cursor() as cursor:
        tables = [
            table
            for table in database.introspection.table_names(cursor)
            if table != "django_migrations"
        ]
        if database.vendor == "sqlite":
            # Django's own SQLite introspection trips over some CHECK constraints.
            return {
                table: {
                    row[1] for row in cursor.execute(f'PRAGMA table_info("{table}")')
                }
                for table in tables
            }
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
        )
        schema: dict[str, set[str]] = {table: set() for table in tables}
        for table, column in cursor.fetchall():
            if table in schema:
                schema[table].add(column)
        return schema


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Yield the settings of an empty database of the suite's kind, then drop it."""
    default = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        yield {**default, "NAME": str(tmp_path / "migrated.sqlite3")}
        return
    import psycopg

    name = f"{default['NAME']}_migrated_{uuid.uuid4().hex[:8]}"
    server = {
        "host": default["HOST"],
        "port": default["PORT"] or 5432,
        "user": default["USER"],
        "password": default["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**default, "NAME": name}
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url(database: dict[str, Any]) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user, password = (
        quote(database["USER"], safe=""),
        quote(database["PASSWORD"], safe=""),
    )
    return (
        f"postgres://{user}:{password}@"
        f"{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_every_migration_applies_to_an_empty_database_and_gives_the_models_schema(
    empty_database: dict[str, Any],
) -> None:
    environment = {**os.environ, "DATABASE_URL": _url(empty_database)}
    migrated = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, str(MANAGE), "migrate", "--no-input", "-v", "0"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr[-3000:]

    handler = ConnectionHandler({"default": empty_database})
    try:
        from_migrations = _schema(handler["default"])
    finally:
        handler.close_all()
    from_models = _schema(connection)

    assert sorted(from_migrations) == sorted(from_models)
    differing = {
        table: (from_migrations[table] ^ from_models[table])
        for table in from_models
        if from_migrations[table] != from_models[table]
    }
    assert not differing, f"columns that migrations and models disagree on: {differing}"

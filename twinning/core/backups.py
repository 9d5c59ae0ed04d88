"""Backups that restore: the whole database and the uploaded documents in one file.

A backup is a gzipped tar archive of

- `backup.json`: the format, when and from which database it was made, the
  migrations applied, the number of records of each model and each document's
  SHA-256;
- `data.xml`: every record, written by Django's `dumpdata` with natural keys for
  content types and permissions (which `migrate` makes afresh, with other ids, in
  the database restored into); all other records keep their primary keys, so every
  reference between them holds;
- `media/`: the uploaded documents, by their paths under MEDIA_ROOT.

XML, not JSON: Django's JSON keeps times to the millisecond, XML to the microsecond
the databases hold, so a restored record is the same to the last digit. It is the
same on SQLite and PostgreSQL, so a backup of either restores into either.
Sessions are left out: a restore signs everyone out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """A backup cannot be restored here, with the reason."""


@dataclass
class Restored:
    records: int
    documents: int


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _migrations() -> list[list[str]]:
    return sorted(
        [app, name] for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def record_counts() -> dict[str, int]:
    """Return how many records each model has (those a backup holds)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.app_label in ("contenttypes", "sessions") or label == (
            "auth.permission"
        ):
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[label] = model._base_manager.count()
    return counts


def backup(*, output: Path) -> dict[str, Any]:
    """Write a backup of the database and the documents to `output`; return its
    manifest. The records are read in one transaction, so they agree."""
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.xml"
        with transaction.atomic():
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                format="xml",
                output=str(data),
                verbosity=0,
            )
            counts = record_counts()
            migrations = _migrations()
        documents = {
            path.relative_to(root).as_posix(): _digest(path) for path in _media_files()
        }
        manifest = {
            "format": FORMAT,
            "made": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": migrations,
            "records": counts,
            "documents": documents,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("backup.json")
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
            archive.add(data, arcname="data.xml")
            for name in documents:
                archive.add(root / name, arcname=f"media/{name}")
        partial.replace(output)
    return manifest


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("backup.json")
    except KeyError:
        raise BackupError(
            "This file is not a Twinning backup: no backup.json."
        ) from None
    if member is None:
        raise BackupError("This file is not a Twinning backup: no backup.json.")
    manifest: dict[str, Any] = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"This backup has format {manifest.get('format')}; "
            f"this version restores format {FORMAT}."
        )
    return manifest


# What `migrate` itself makes (the roles as groups, with their permissions), and
# sign-in attempts: a database with only these counts as empty. The backup's own
# rows replace them (same primary keys after the same migrations).
MADE_BY_MIGRATE = frozenset(
    {
        "auth.group",
        "auth.group_permissions",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
    }
)


def _has_records() -> bool:
    return any(
        count
        for label, count in record_counts().items()
        if label not in MADE_BY_MIGRATE
    )


def empty_database() -> None:
    """Delete every record, leaving what `migrate` makes (content types, roles).

    PostgreSQL truncates tables, which it refuses while checks of foreign keys
    deferred in this transaction are pending: they are run first.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore(*, source: Path, replace: bool = False) -> Restored:
    """Restore a backup into this database and MEDIA_ROOT, in one transaction.

    The database must be migrated (`manage.py migrate`) to the backup's
    migrations and hold no records, unless `replace`, which deletes them first.
    Raises BackupError, changing nothing, when the backup cannot be restored.
    """
    with tarfile.open(source, "r:gz") as archive:
        manifest = read_manifest(archive)
        missing = {tuple(m) for m in manifest["migrations"]} - {
            tuple(m) for m in _migrations()
        }
        if missing:
            names = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
            raise BackupError(
                "The backup was made by a newer version, or before `migrate` ran "
                f"here: migrations {names} are not applied in this database."
            )
        with tempfile.TemporaryDirectory() as folder:
            archive.extractall(folder, filter="data")
            base = Path(folder)
            documents = manifest["documents"]
            for name, digest in documents.items():
                if _digest(base / "media" / name) != digest:
                    raise BackupError(f"The document {name} in the backup is damaged.")
            with transaction.atomic():
                if _has_records():
                    if not replace:
                        raise BackupError(
                            "The database already holds records. Restore into an "
                            "empty database, or pass --replace to delete them first."
                        )
                    empty_database()
                call_command("loaddata", str(base / "data.xml"), verbosity=0)
                counts = record_counts()
                expected = manifest["records"]
                wrong = {
                    label: (expected.get(label, 0), counts.get(label, 0))
                    for label in set(expected) | set(counts)
                    if expected.get(label, 0) != counts.get(label, 0)
                }
                if wrong:
                    raise BackupError(
                        "The restored records do not match the backup: "
                        + ", ".join(
                            f"{label} {want} in the backup, {got} restored"
                            for label, (want, got) in sorted(wrong.items())
                        )
                    )
            root = Path(settings.MEDIA_ROOT)
            for name in documents:
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(base / "media" / name, target)
    return Restored(
        records=sum(Counter(manifest["records"]).values()), documents=len(documents)
    )

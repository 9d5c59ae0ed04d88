"""Backups restore every record and every uploaded document as they were."""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet

from twinning.core.backups import empty_database, record_counts
from twinning.partnerships.models import Agreement, Partnership
from twinning.partnerships.services import agreement_create
from twinning.partnerships.tests.factories import PartnershipFactory

# Each test writes and reads back a backup of the whole register.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def agreement(media: Path) -> Agreement:
    """An agreement with its signed document uploaded."""
    return agreement_create(
        actor=None,
        partnership=PartnershipFactory(),
        kind="cooperation",
        title_en="Cooperation agreement",
        signed_on="2024-05-01",
        document=SimpleUploadedFile(
            "signed.pdf", b"%PDF-1.4 signed by both mayors\n" * 100
        ),
    )


def every_record() -> dict[str, list[dict[str, Any]]]:
    """Return every record the backup holds, model by model, in pk order."""
    found: dict[str, list[dict[str, Any]]] = {}
    for label in record_counts():
        model = apps.get_model(label)
        rows = serializers.serialize(
            "python",
            with_natural_keys(model._base_manager.order_by("pk")),
            use_natural_foreign_keys=True,
        )
        if model._meta.auto_created:
            # A many-to-many link's own row id means nothing: the link is the record
            # (a group's permissions are restored as the group's, in any order).
            rows = sorted(
                ({"model": row["model"], "fields": row["fields"]} for row in rows),
                key=repr,
            )
        found[label] = rows
    return found


def with_natural_keys(records: QuerySet[Any]) -> QuerySet[Any]:
    """Read the records a natural key names with the records themselves.

    A reference by natural key (a permission's, a user's) is read record by
    record otherwise: a query for each of the thousands of such references.
    """
    joined, prefetched = [], []
    for field in records.model._meta.get_fields():
        related = field.related_model
        if not field.concrete or related is None or not hasattr(related, "natural_key"):
            continue
        # A permission's natural key names its content type.
        through = ["content_type"] if related is Permission else []
        if field.many_to_many:
            prefetched += [field.name, *(f"{field.name}__{n}" for n in through)]
        else:
            joined += [field.name, *(f"{field.name}__{n}" for n in through)]
    return records.select_related(*joined).prefetch_related(*prefetched)


def every_file(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_a_backup_restores_into_an_empty_database_with_every_record_and_file(
    tmp_path: Path, media: Path, agreement: Agreement
) -> None:
    records, files = every_record(), every_file(media)
    assert any(name.startswith("agreements/") for name in files)
    backup = tmp_path / "twinning.tar.gz"
    call_command("backup", output=backup, verbosity=0)
    # An empty database, migrated, and no documents: as on a new server.
    empty_database()
    shutil.rmtree(media)
    assert Partnership.objects.count() == 0

    call_command("restore", backup, verbosity=0)

    assert every_record() == records
    assert every_file(media) == files
    restored = Agreement.objects.get(pk=agreement.pk)
    assert restored.document.read() == b"%PDF-1.4 signed by both mayors\n" * 100


def test_a_restore_into_a_database_with_records_is_refused_unless_replacing(
    tmp_path: Path, media: Path, agreement: Agreement
) -> None:
    backup = tmp_path / "twinning.tar.gz"
    call_command("backup", output=backup, verbosity=0)
    records = every_record()

    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", backup, verbosity=0)
    PartnershipFactory()
    call_command("restore", backup, replace=True, verbosity=0)

    assert every_record() == records


def test_a_damaged_backup_is_refused_and_changes_nothing(
    tmp_path: Path, media: Path, agreement: Agreement
) -> None:
    backup = tmp_path / "twinning.tar.gz"
    call_command("backup", output=backup, verbosity=0)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(backup) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name.startswith("media/") and data is not None:
                body = data.read()[:-1] + b"!"
                member.size = len(body)
                target.addfile(member, io.BytesIO(body))
            else:
                target.addfile(member, data)
    records = every_record()

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", damaged, replace=True, verbosity=0)

    assert every_record() == records

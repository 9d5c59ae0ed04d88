"""The staff workspace's own writes: marking a record as reviewed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from twinning.core.services import service
from twinning.staff.models import Review

if TYPE_CHECKING:
    from twinning.accounts.models import User


@service
def record_review(*, record: models.Model, actor: User) -> Review:
    """Record that `actor` checked `record` (a portfolio record) just now."""
    review = Review(
        municipality_id=record.municipality_id,  # type: ignore[attr-defined]
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
    )
    review.full_clean()
    review.save(force_insert=True)
    return review

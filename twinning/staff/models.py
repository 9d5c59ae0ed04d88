"""What the staff workspace keeps of its own: who reviewed which record, when."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.models import ServiceWrittenModel


class Review(ServiceWrittenModel):
    """That a member of staff checked a record's facts against the world, and when.

    Every review is kept; a record's latest review is when it was last checked.
    A public record nobody has reviewed for a year is listed on the staff page.
    """

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    reviewed_at = models.DateTimeField(_("reviewed"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            models.Index(
                fields=["municipality", "content_type", "object_id", "reviewed_at"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.reviewed_at:%Y-%m-%d}"

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus codelist (IATI Standard 2.03)."""

    PIPELINE = "1", _("pipeline/identification")
    IMPLEMENTATION = "2", _("implementation")
    FINALISATION = "3", _("finalisation")
    CLOSED = "4", _("closed")
    CANCELLED = "5", _("cancelled")
    SUSPENDED = "6", _("suspended")


class ParticipantRole(models.TextChoices):
    """IATI OrganisationRole, plus technology partners that are none of them."""

    FUNDING = "funding", _("funding")
    ACCOUNTABLE = "accountable", _("accountable")
    EXTENDING = "extending", _("extending")
    IMPLEMENTING = "implementing", _("implementing")
    TECHNOLOGY_PARTNER = "technology_partner", _("technology partner")

    @property
    def iati_code(self) -> str | None:
        return {"funding": "1", "accountable": "2", "extending": "3"}.get(
            self.value, "4" if self == ParticipantRole.IMPLEMENTING else None
        )

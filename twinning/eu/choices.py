from django.db import models
from django.utils.translation import gettext_lazy as _


class OpportunityStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("forthcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class PartnerSearchKind(models.TextChoices):
    OFFERED = "offered", _("partner offered")
    SOUGHT = "sought", _("partner sought")


class PartnerSearchStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpportunityStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("forthcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class CallTemplate(models.TextChoices):
    """The calls a funding opportunity can be made from (`eu.templates`)."""

    CERV_TOWN_TWINNING = "cerv_town_twinning", _("CERV Town-Twinning")
    CERV_NETWORKS_OF_TOWNS = "cerv_networks_of_towns", _("CERV Networks of Towns")


class PartnerSearchKind(models.TextChoices):
    OFFERED = "offered", _("partner offered")
    SOUGHT = "sought", _("partner sought")


class PartnerSearchStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class ApplicationOutcome(models.TextChoices):
    """Where an application stands, from drafting to the call's decision."""

    DRAFT = "draft", _("in preparation")
    SUBMITTED = "submitted", _("submitted")
    GRANTED = "granted", _("granted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Participation(models.TextChoices):
    """Whether a town's participants are the hosts' own people or invited."""

    LOCAL = "local", _("local")
    INVITED = "invited", _("invited")

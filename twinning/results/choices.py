from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultKind(models.TextChoices):
    BUSINESS_DEAL = "business_deal", _("business deal")
    KNOW_HOW_SALE = "know_how_sale", _("sale of know-how")
    COMMERCIAL_COOPERATION = "commercial_cooperation", _("commercial cooperation")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("knowledge sharing")
    COMPETENCE_BUILDING = "competence_building", _("competence building")
    MARKETING_BRANDING = "marketing_branding", _("marketing and branding")
    NETWORK = "network", _("network")


class IndicatorMeasure(models.TextChoices):
    """IATI IndicatorMeasure codelist (IATI Standard 2.03)."""

    UNIT = "1", _("unit")
    PERCENTAGE = "2", _("percentage")
    NOMINAL = "3", _("nominal")
    ORDINAL = "4", _("ordinal")
    QUALITATIVE = "5", _("qualitative")

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    CITY = "city", _("city")
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")


class PlaceNameKind(models.TextChoices):
    OFFICIAL = "official", _("official name")
    LOCAL = "local", _("local name")
    EXONYM = "exonym", _("name in another language")
    HISTORICAL = "historical", _("historical name")


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    UTILITY = "utility", _("utility")
    COMPANY = "company", _("company")
    MINISTRY = "ministry", _("ministry")
    EMBASSY = "embassy", _("embassy")
    NETWORK = "network", _("network")
    EU_OFFICE = "eu_office", _("EU office")
    UNIVERSITY = "university", _("university")
    NGO = "ngo", _("NGO")
    OTHER = "other", _("other")


class IatiOrganisationType(models.TextChoices):
    """IATI OrganisationType codelist (IATI Standard 2.03)."""

    GOVERNMENT = "10", _("Government")
    LOCAL_GOVERNMENT = "11", _("Local Government")
    OTHER_PUBLIC_SECTOR = "15", _("Other Public Sector")
    INTERNATIONAL_NGO = "21", _("International NGO")
    NATIONAL_NGO = "22", _("National NGO")
    REGIONAL_NGO = "23", _("Regional NGO")
    PARTNER_COUNTRY_NGO = "24", _("Partner Country based NGO")
    PUBLIC_PRIVATE = "30", _("Public Private Partnership")
    MULTILATERAL = "40", _("Multilateral")
    FOUNDATION = "60", _("Foundation")
    PRIVATE_SECTOR = "70", _("Private Sector")
    PRIVATE_SECTOR_PROVIDER = "71", _("Private Sector in Provider Country")
    PRIVATE_SECTOR_RECIPIENT = "72", _("Private Sector in Aid Recipient Country")
    PRIVATE_SECTOR_THIRD = "73", _("Private Sector in Third Country")
    ACADEMIC = "80", _("Academic, Training and Research")
    OTHER = "90", _("Other")

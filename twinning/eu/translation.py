"""Which fields are kept in Danish and English; history is registered after them."""

from twinning.core.translation import register_translated
from twinning.eu.models import (
    Application,
    EUOffice,
    EUOfficeService,
    FundingOpportunity,
    PartnerSearch,
    PolicyWarning,
)

register_translated(
    EUOffice, fields=("name", "description"), history_m2m=("municipalities", "sources")
)
register_translated(EUOfficeService, fields=("description",))
register_translated(
    FundingOpportunity,
    fields=("title", "description", "eligibility"),
    history_m2m=("themes", "partnerships", "projects"),
)
register_translated(
    PartnerSearch,
    fields=("title", "description", "answer"),
    history_m2m=("themes", "partnerships", "projects"),
)
register_translated(
    Application,
    fields=("title", "summary"),
    history_m2m=(
        "partner_places",
        "partner_organisations",
        "partner_municipalities",
        "partnerships",
        "activities",
    ),
)
register_translated(
    PolicyWarning,
    fields=("topic", "summary"),
    history_m2m=("partnerships", "themes"),
)

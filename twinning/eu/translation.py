"""Which fields are kept in Danish and English; history is registered after them."""

from twinning.core.translation import register_translated
from twinning.eu.models import (
    EUOffice,
    EUOfficeService,
    FundingOpportunity,
    PartnerSearch,
)

register_translated(
    EUOffice, fields=("name", "description"), history_m2m=("municipalities", "sources")
)
register_translated(EUOfficeService, fields=("description",))
register_translated(
    FundingOpportunity,
    fields=("title", "description"),
    history_m2m=("themes", "partnerships", "projects"),
)
register_translated(
    PartnerSearch,
    fields=("title", "description"),
    history_m2m=("partnerships", "projects"),
)

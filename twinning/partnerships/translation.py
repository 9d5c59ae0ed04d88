"""Which fields are kept in Danish and English; history is registered after them."""

from twinning.core.translation import register_translated
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    PartnerProfile,
    Partnership,
    PartnershipEvent,
    PartnershipGroup,
    Theme,
)

register_translated(Theme, fields=("name",))
register_translated(PartnershipGroup, fields=("name", "description"))
register_translated(
    Partnership, fields=("description",), history_m2m=("themes", "sources")
)
register_translated(PartnershipEvent, fields=("decided_by", "reason", "note"))
register_translated(Agreement, fields=("title", "topics", "decided_by"))
register_translated(
    NetworkMembership, fields=("role", "description"), history_m2m=("sources",)
)
register_translated(PartnerProfile, fields=("description",), history_m2m=("themes",))

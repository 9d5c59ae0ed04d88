"""Which fields are kept in Danish and English; history is registered after them."""

from twinning.activities.models import Activity
from twinning.core.translation import register_translated

register_translated(
    Activity, fields=("title", "purpose", "outcome"), history_m2m=("sources",)
)

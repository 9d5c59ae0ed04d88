"""Which fields are kept in Danish and English; history is registered after them."""

from twinning.core.translation import register_translated
from twinning.results.models import Indicator, Result

register_translated(
    Result,
    fields=("title", "description", "evidence"),
    history_m2m=("sources", "organisations"),
)
register_translated(Indicator, fields=("title", "description"))

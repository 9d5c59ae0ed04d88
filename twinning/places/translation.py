"""Which fields are kept in Danish and English; history is registered after them."""

from twinning.core.translation import register_translated
from twinning.places.models import Municipality, Organisation, Place

register_translated(
    Place, fields=("name", "coordinates_note"), history_m2m=("sources",)
)
register_translated(
    Organisation, fields=("name", "description"), history_m2m=("sources",)
)
register_translated(
    Municipality,
    fields=(
        "name",
        "introduction",
        "results_introduction",
        "networks_introduction",
        "office_name",
    ),
    history_m2m=("sources",),
)

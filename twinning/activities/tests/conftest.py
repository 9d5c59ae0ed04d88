import pytest

from twinning.places.models import Municipality
from twinning.places.services import municipality_create, place_create


@pytest.fixture
def roskilde(db) -> Municipality:
    """A second home municipality, whose records Aarhus's staff never see."""
    home = place_create(actor=None, slug="roskilde", name="Roskilde", country="DK")
    return municipality_create(
        actor=None,
        slug="roskilde",
        name_da="Roskilde Kommune",
        name_en="Roskilde Municipality",
        place=home,
    )

"""The calls a funding opportunity can be made from, year after year.

Each template holds what a programme's call says every year: its identifier's
pattern, titles, who may apply and the thresholds a grant is paid on. A call made
from a template is internal until staff have checked it against that year's call
document (the thresholds do change) and published it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from twinning.eu.choices import CallTemplate

PORTAL = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/"
    "opportunities/topic-details/"
)


@dataclass(frozen=True)
class CallTemplateSpec:
    """What a programme's yearly call says, as a funding opportunity's fields."""

    key: str
    slug: str
    programme: str
    identifier_pattern: str
    title_en: str
    title_da: str
    description_en: str
    description_da: str
    eligibility_en: str
    eligibility_da: str
    min_direct_participants: int | None
    min_invited_participants: int | None
    min_countries: int | None
    max_grant: Decimal | None = None

    def identifier(self, year: int) -> str:
        return self.identifier_pattern.format(year=year)

    def url(self, year: int) -> str:
        """Return the call's page on the EU Funding & Tenders portal."""
        return PORTAL + self.identifier(year).lower()


CALL_TEMPLATES: dict[str, CallTemplateSpec] = {
    CallTemplate.CERV_TOWN_TWINNING: CallTemplateSpec(
        key=CallTemplate.CERV_TOWN_TWINNING,
        slug="cerv-town-twinning",
        programme="CERV",
        identifier_pattern="CERV-{year}-CITIZENS-TOWN-TT",
        title_en="Town-Twinning",
        title_da="Venskabsbysamarbejde (Town-Twinning)",
        description_en=(
            "Citizens, Equality, Rights and Values programme: meetings of citizens "
            "of twinned towns on the EU's future, its values and its history."
        ),
        description_da=(
            "Programmet Borgere, Ligestilling, Rettigheder og Værdier: møder mellem "
            "borgere i venskabsbyer om EU's fremtid, værdier og historie."
        ),
        eligibility_en=(
            "Towns and municipalities, their twinning committees or non-profit "
            "organisations representing them, from at least two eligible countries."
        ),
        eligibility_da=(
            "Byer og kommuner, deres venskabsbyforeninger eller almennyttige "
            "organisationer, der repræsenterer dem, fra mindst to støtteberettigede "
            "lande."
        ),
        min_direct_participants=50,
        min_invited_participants=25,
        min_countries=2,
    ),
    CallTemplate.CERV_NETWORKS_OF_TOWNS: CallTemplateSpec(
        key=CallTemplate.CERV_NETWORKS_OF_TOWNS,
        slug="cerv-networks-of-towns",
        programme="CERV",
        identifier_pattern="CERV-{year}-CITIZENS-TOWN-NT",
        title_en="Networks of Towns",
        title_da="Netværk af byer (Networks of Towns)",
        description_en=(
            "Citizens, Equality, Rights and Values programme: networks of towns "
            "working together over several events on a common theme."
        ),
        description_da=(
            "Programmet Borgere, Ligestilling, Rettigheder og Værdier: netværk af "
            "byer, der arbejder sammen om et fælles tema over flere arrangementer."
        ),
        eligibility_en=(
            "Towns and municipalities, their associations and non-profit "
            "organisations representing local authorities, from at least five "
            "eligible countries."
        ),
        eligibility_da=(
            "Byer og kommuner, deres sammenslutninger og almennyttige "
            "organisationer, der repræsenterer lokale myndigheder, fra mindst fem "
            "støtteberettigede lande."
        ),
        min_direct_participants=None,
        min_invited_participants=None,
        min_countries=5,
    ),
}

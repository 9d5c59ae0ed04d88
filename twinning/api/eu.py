"""EU funding opportunities the home municipality may apply for."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Router

from twinning.api.operations import (
    list_operation,
    public_detail,
)
from twinning.api.pagination import Shown
from twinning.api.partnerships import themes_out
from twinning.api.schemas import (
    FundingOpportunityOut,
    MunicipalityQuery,
    translated,
)
from twinning.api.selectors import api_municipality, funding_opportunities_public
from twinning.eu.choices import OpportunityStatus
from twinning.eu.models import FundingOpportunity

router = Router(tags=["EU work"])


def funding_opportunity_out(opportunity: FundingOpportunity) -> FundingOpportunityOut:
    return FundingOpportunityOut(
        slug=opportunity.slug,
        programme=opportunity.programme,
        call_identifier=opportunity.call_identifier,
        title=translated(opportunity, "title"),
        description=translated(opportunity, "description"),
        opens=opportunity.opens,
        deadline=opportunity.deadline,
        deadline_time_zone=opportunity.deadline_time_zone,
        status=OpportunityStatus(opportunity.status),
        themes=themes_out(opportunity.themes.all()),
        eligibility=translated(opportunity, "eligibility"),
        min_direct_participants=opportunity.min_direct_participants,
        min_invited_participants=opportunity.min_invited_participants,
        min_countries=opportunity.min_countries,
        url=opportunity.url,
    )


@list_operation(router, "/funding-opportunities", FundingOpportunityOut)
def funding_opportunity_list(
    request: HttpRequest,
    status: OpportunityStatus | None = None,
    municipality: MunicipalityQuery = None,
) -> Any:
    """List the public EU funding opportunities, by deadline (none last)."""
    opportunities = funding_opportunities_public(
        municipality=api_municipality(request, municipality), status=status
    )
    return Shown(opportunities, funding_opportunity_out)


funding_opportunity_detail = public_detail(
    router,
    "/funding-opportunities/{slug}",
    FundingOpportunityOut,
    name="funding_opportunity_detail",
    doc="Return one public funding opportunity.",
    records=funding_opportunities_public,
    show=funding_opportunity_out,
    kind="funding-opportunity",
    missing=gettext_lazy("No public funding opportunity has this slug."),
)

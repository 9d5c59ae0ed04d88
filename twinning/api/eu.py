"""EU funding opportunities the home municipality may apply for."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from twinning.api.partnerships import themes_out
from twinning.api.preconditions import ETAG_HEADER, etag
from twinning.api.problems import ProblemError, problems
from twinning.api.schemas import (
    FundingOpportunityList,
    FundingOpportunityOut,
    Paging,
    SlugPath,
    translated,
)
from twinning.api.selectors import api_municipality, funding_opportunities_public, page
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
        status=OpportunityStatus(opportunity.status),
        themes=themes_out(opportunity.themes.all()),
        url=opportunity.url,
    )


@router.get(
    "/funding-opportunities",
    response={200: FundingOpportunityList, **problems(422)},
    url_name="funding_opportunity_list",
)
def funding_opportunity_list(
    request: HttpRequest,
    paging: Query[Paging],
    status: OpportunityStatus | None = None,
) -> Any:
    """List the public EU funding opportunities, by deadline (none last)."""
    opportunities = funding_opportunities_public(
        municipality=api_municipality(), status=status
    )
    items, count = page(opportunities, limit=paging.limit, offset=paging.offset)
    return FundingOpportunityList(
        items=[funding_opportunity_out(o) for o in items], count=count
    )


@router.get(
    "/funding-opportunities/{slug}",
    response={200: FundingOpportunityOut, **problems(404, 422)},
    url_name="funding_opportunity_detail",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def funding_opportunity_detail(
    request: HttpRequest, response: HttpResponse, slug: SlugPath
) -> Any:
    """Return one public funding opportunity."""
    opportunity = (
        funding_opportunities_public(municipality=api_municipality())
        .filter(slug=slug)
        .first()
    )
    if opportunity is None:
        raise ProblemError(404, _("No public funding opportunity has this slug."))
    response["ETag"] = etag(
        "funding-opportunity", opportunity.slug, opportunity.version
    )
    return funding_opportunity_out(opportunity)

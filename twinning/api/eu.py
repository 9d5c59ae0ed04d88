"""EU funding opportunities the home municipality may apply for."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from twinning.api.pagination import ListPagination, Shown, shown_one
from twinning.api.partnerships import themes_out
from twinning.api.preconditions import ETAG_HEADER
from twinning.api.problems import problems
from twinning.api.schemas import (
    FundingOpportunityOut,
    MunicipalityQuery,
    SlugPath,
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


@router.get(
    "/funding-opportunities",
    response={200: list[FundingOpportunityOut], **problems(404, 422)},
    url_name="funding_opportunity_list",
)
@paginate(ListPagination)
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


@router.get(
    "/funding-opportunities/{slug}",
    response={200: FundingOpportunityOut, **problems(404, 422)},
    url_name="funding_opportunity_detail",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def funding_opportunity_detail(
    request: HttpRequest,
    response: HttpResponse,
    slug: SlugPath,
    municipality: MunicipalityQuery = None,
) -> Any:
    """Return one public funding opportunity."""
    return shown_one(
        funding_opportunities_public(
            municipality=api_municipality(request, municipality)
        ).filter(slug=slug),
        response,
        kind="funding-opportunity",
        show=funding_opportunity_out,
        missing=_("No public funding opportunity has this slug."),
    )

"""Writes to EU work: the EU office and its services, funding opportunities and
partner searches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypedDict

from django.utils.translation import gettext as _
from typing_extensions import Unpack

from twinning.core.models import Source, field_error
from twinning.core.services import (
    Actor,
    record_create,
    record_delete,
    record_update,
    register_writer,
    service,
)
from twinning.eu.models import (
    EUOffice,
    EUOfficeService,
    FundingOpportunity,
    PartnerSearch,
)
from twinning.partnerships.models import Partnership, Theme
from twinning.places.models import Municipality, Organisation
from twinning.projects.models import Project


class EUOfficeFields(TypedDict, total=False):
    slug: str
    organisation: Organisation
    municipalities: Iterable[Municipality]
    name: str
    name_da: str
    name_en: str
    description: str
    description_da: str
    description_en: str
    address: str
    phone: str
    email: str
    website: str
    sources: Iterable[Source]


class EUOfficeServiceFields(TypedDict, total=False):
    office: EUOffice
    description: str
    description_da: str
    description_en: str
    order: int


class FundingOpportunityFields(TypedDict, total=False):
    municipality: Municipality
    slug: str
    programme: str
    call_identifier: str
    title: str
    title_da: str
    title_en: str
    description: str
    description_da: str
    description_en: str
    opens: dt.date | None
    deadline: dt.datetime | None
    status: str
    themes: Iterable[Theme]
    url: str
    office: EUOffice | None
    partnerships: Iterable[Partnership]
    projects: Iterable[Project]
    is_public: bool


class PartnerSearchFields(TypedDict, total=False):
    municipality: Municipality
    slug: str
    kind: str
    title: str
    title_da: str
    title_en: str
    description: str
    description_da: str
    description_en: str
    programme: str
    organisation: Organisation | None
    deadline: dt.date | None
    status: str
    url: str
    partnerships: Iterable[Partnership]
    projects: Iterable[Project]
    funding_opportunity: FundingOpportunity | None
    is_public: bool


@service
def eu_office_create(
    *,
    actor: Actor,
    services: Sequence[EUOfficeServiceFields] = (),
    **fields: Unpack[EUOfficeFields],
) -> EUOffice:
    """Record an EU office with the services it offers, in their order."""
    office = record_create(
        EUOffice, actor=actor, fields=fields, fields_type=EUOfficeFields
    )
    for order, offered in enumerate(services, start=1):
        service_fields: EUOfficeServiceFields = {
            "order": order,
            **offered,
            "office": office,
        }
        eu_office_service_create(actor=actor, **service_fields)
    return office


@service
def eu_office_update(
    *,
    eu_office: EUOffice,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[EUOfficeFields],
) -> EUOffice:
    """Change an EU office's address, contact details or whom it represents."""
    return record_update(
        eu_office,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=EUOfficeFields,
    )


@service
def eu_office_delete(*, eu_office: EUOffice, actor: Actor) -> None:
    """Remove an EU office with its services."""
    record_delete(eu_office, actor=actor)


@service
def eu_office_service_create(
    *, actor: Actor, **fields: Unpack[EUOfficeServiceFields]
) -> EUOfficeService:
    """Add one of the services an EU office offers."""
    return record_create(
        EUOfficeService, actor=actor, fields=fields, fields_type=EUOfficeServiceFields
    )


@service
def eu_office_service_update(
    *,
    eu_office_service: EUOfficeService,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[EUOfficeServiceFields],
) -> EUOfficeService:
    """Reword or reorder a service of an EU office."""
    return record_update(
        eu_office_service,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=EUOfficeServiceFields,
    )


@service
def eu_office_service_delete(
    *, eu_office_service: EUOfficeService, actor: Actor
) -> None:
    """Remove a service an EU office no longer offers."""
    record_delete(eu_office_service, actor=actor)


def _refuse_other_municipalities(
    record: FundingOpportunity | PartnerSearch, links: Mapping[str, Any]
) -> None:
    """Refuse partnerships, projects or a call of another home municipality."""
    for name in ("partnerships", "projects"):
        others = [
            linked
            for linked in links.get(name) or ()
            if linked.municipality_id != record.municipality_id
        ]
        if others:
            raise field_error(
                name,
                _("%(record)s belongs to another home municipality.")
                % {"record": others[0]},
                "other_municipality",
            )


@service
def funding_opportunity_create(
    *, actor: Actor, **fields: Unpack[FundingOpportunityFields]
) -> FundingOpportunity:
    """Record a funding call for the municipality to consider."""
    opportunity = record_create(
        FundingOpportunity,
        actor=actor,
        fields=fields,
        fields_type=FundingOpportunityFields,
    )
    _refuse_other_municipalities(opportunity, fields)
    return opportunity


@service
def funding_opportunity_update(
    *,
    funding_opportunity: FundingOpportunity,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[FundingOpportunityFields],
) -> FundingOpportunity:
    """Change a funding opportunity, unless someone changed it since it was read."""
    opportunity = record_update(
        funding_opportunity,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=FundingOpportunityFields,
    )
    _refuse_other_municipalities(opportunity, changes)
    return opportunity


@service
def funding_opportunity_delete(
    *, funding_opportunity: FundingOpportunity, actor: Actor
) -> None:
    """Remove a funding opportunity recorded in error."""
    record_delete(funding_opportunity, actor=actor)


@service
def partner_search_create(
    *, actor: Actor, **fields: Unpack[PartnerSearchFields]
) -> PartnerSearch:
    """Record a partner search, offered or sought."""
    search = record_create(
        PartnerSearch, actor=actor, fields=fields, fields_type=PartnerSearchFields
    )
    _refuse_other_municipalities(search, fields)
    return search


@service
def partner_search_update(
    *,
    partner_search: PartnerSearch,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PartnerSearchFields],
) -> PartnerSearch:
    """Change a partner search: its answer date, status or description."""
    search = record_update(
        partner_search,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PartnerSearchFields,
    )
    _refuse_other_municipalities(search, changes)
    return search


@service
def partner_search_delete(*, partner_search: PartnerSearch, actor: Actor) -> None:
    """Remove a partner search recorded in error."""
    record_delete(partner_search, actor=actor)


register_writer(
    EUOffice,
    create=eu_office_create,
    update=eu_office_update,
    delete=eu_office_delete,
    fields_type=EUOfficeFields,
    instance="eu_office",
)
register_writer(
    EUOfficeService,
    create=eu_office_service_create,
    update=eu_office_service_update,
    delete=eu_office_service_delete,
    fields_type=EUOfficeServiceFields,
    instance="eu_office_service",
)
register_writer(
    FundingOpportunity,
    create=funding_opportunity_create,
    update=funding_opportunity_update,
    delete=funding_opportunity_delete,
    fields_type=FundingOpportunityFields,
    instance="funding_opportunity",
)
register_writer(
    PartnerSearch,
    create=partner_search_create,
    update=partner_search_update,
    delete=partner_search_delete,
    fields_type=PartnerSearchFields,
    instance="partner_search",
)

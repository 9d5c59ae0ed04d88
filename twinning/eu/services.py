"""Writes to EU work: the EU office and its services, funding opportunities (also
from a call template), applications and their decisions, partner searches, policy
early warnings, and the participant lists of funded activities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypedDict, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _
from typing_extensions import Unpack

from twinning.activities.models import Activity
from twinning.core.models import Source, field_error
from twinning.core.services import (
    Actor,
    record_create,
    record_create_with_parts,
    record_delete,
    record_update,
    register_writer,
    service,
    writer_for,
)
from twinning.eu.call_templates import CALL_TEMPLATES
from twinning.eu.choices import ApplicationOutcome
from twinning.eu.models import (
    Application,
    EUOffice,
    EUOfficeService,
    FundingOpportunity,
    ParticipantList,
    PartnerSearch,
    PolicyWarning,
)
from twinning.partnerships.models import Partnership, Theme
from twinning.places.models import Municipality, Organisation, Place
from twinning.projects.models import Project

M = TypeVar("M", bound=models.Model)


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
    deadline_time_zone: str
    template: str
    status: str
    themes: Iterable[Theme]
    budget: Decimal | None
    max_grant: Decimal | None
    currency: str
    eligibility: str
    eligibility_da: str
    eligibility_en: str
    min_direct_participants: int | None
    min_invited_participants: int | None
    min_countries: int | None
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
    themes: Iterable[Theme]
    answer: str
    answer_da: str
    answer_en: str
    answered_on: dt.date | None
    url: str
    partnerships: Iterable[Partnership]
    projects: Iterable[Project]
    funding_opportunity: FundingOpportunity | None
    is_public: bool


class ApplicationFields(TypedDict, total=False):
    municipality: Municipality
    slug: str
    call: FundingOpportunity
    title: str
    title_da: str
    title_en: str
    summary: str
    summary_da: str
    summary_en: str
    lead: Organisation | None
    partner_places: Iterable[Place]
    partner_organisations: Iterable[Organisation]
    partner_municipalities: Iterable[Municipality]
    partnerships: Iterable[Partnership]
    partner_search: PartnerSearch | None
    requested: Decimal | None
    currency: str
    outcome: str
    submitted_on: dt.date | None
    decided_on: dt.date | None
    granted: Decimal | None
    project: Project | None
    activities: Iterable[Activity]
    audit_until: dt.date | None
    internal_note: str
    is_public: bool


class PolicyWarningFields(TypedDict, total=False):
    municipality: Municipality
    slug: str
    topic: str
    topic_da: str
    topic_en: str
    summary: str
    summary_da: str
    summary_en: str
    date: dt.date
    source: str
    url: str
    office: EUOffice | None
    partnerships: Iterable[Partnership]
    themes: Iterable[Theme]
    is_public: bool


class ParticipantListFields(TypedDict, total=False):
    activity: Activity
    application: Application
    town: Place
    participation: str
    participants: int
    signed: bool
    scan: Any


@service
def eu_office_create(
    *,
    actor: Actor,
    services: Sequence[EUOfficeServiceFields] = (),
    **fields: Unpack[EUOfficeFields],
) -> EUOffice:
    """Record an EU office with the services it offers, in their order."""
    # In the order given, unless a service says its own.
    offered = [{"order": order, **each} for order, each in enumerate(services, 1)]
    return record_create_with_parts(
        EUOffice, actor=actor, fields=fields, parts={EUOfficeService: offered}
    )


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
    record: FundingOpportunity | PartnerSearch | Application | PolicyWarning,
    links: Mapping[str, Any],
) -> None:
    """Refuse partnerships, projects or activities of another home municipality."""
    for name in ("partnerships", "projects", "activities"):
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


def _checked_create(model: type[M], *, actor: Actor, fields: Mapping[str, Any]) -> M:
    """Save a new record, then refuse it (and so roll it back) if its links break
    its model's rule (`LINK_RULES`), which needs them saved to see them."""
    fields_type = writer_for(model).fields_type
    record = record_create(model, actor=actor, fields=fields, fields_type=fields_type)
    LINK_RULES[model](record, fields)
    return record


def _checked_update(
    instance: M, *, actor: Actor, expected_version: int, changes: Mapping[str, Any]
) -> M:
    """Save changes to a record, then refuse them if they break its model's rule."""
    model = type(instance)
    record = record_update(
        instance,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=writer_for(model).fields_type,
    )
    LINK_RULES[model](record, changes)
    return record


@service
def funding_opportunity_create(
    *, actor: Actor, **fields: Unpack[FundingOpportunityFields]
) -> FundingOpportunity:
    """Record a funding call for the municipality to consider."""
    return _checked_create(FundingOpportunity, actor=actor, fields=fields)


@service
def funding_opportunity_update(
    *,
    funding_opportunity: FundingOpportunity,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[FundingOpportunityFields],
) -> FundingOpportunity:
    """Change a funding opportunity, unless someone changed it since it was read."""
    return _checked_update(
        funding_opportunity,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )


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
    return _checked_create(PartnerSearch, actor=actor, fields=fields)


@service
def partner_search_update(
    *,
    partner_search: PartnerSearch,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PartnerSearchFields],
) -> PartnerSearch:
    """Change a partner search: its answer date, status or description."""
    return _checked_update(
        partner_search, actor=actor, expected_version=expected_version, changes=changes
    )


@service
def partner_search_delete(*, partner_search: PartnerSearch, actor: Actor) -> None:
    """Remove a partner search recorded in error."""
    record_delete(partner_search, actor=actor)


@service
def funding_opportunity_from_template(
    *,
    actor: Actor,
    municipality: Municipality,
    template: str,
    year: int,
    deadline: dt.datetime | None = None,
    slug: str = "",
) -> FundingOpportunity:
    """Record a call from one of the templates (CERV Town-Twinning, Networks of
    Towns) for a year: its programme, identifier, titles, eligibility and thresholds
    as the template gives them, internal until staff have checked them against the
    call's own text and made it public."""
    try:
        found = CALL_TEMPLATES[template]
    except KeyError as error:
        raise field_error(
            "template",
            _("There is no call template %(template)s.") % {"template": template},
            "unknown_template",
        ) from error
    fields: FundingOpportunityFields = {
        "municipality": municipality,
        "slug": slug or f"{found.slug}-{year}",
        "template": template,
        "programme": found.programme,
        "call_identifier": found.identifier(year),
        "title_en": found.title_en,
        "title_da": found.title_da,
        "description_en": found.description_en,
        "description_da": found.description_da,
        "eligibility_en": found.eligibility_en,
        "eligibility_da": found.eligibility_da,
        "min_direct_participants": found.min_direct_participants,
        "min_invited_participants": found.min_invited_participants,
        "min_countries": found.min_countries,
        "max_grant": found.max_grant,
        "currency": "EUR",
        "deadline": deadline,
        "deadline_time_zone": "Europe/Brussels",
        "url": found.url(year),
        "is_public": False,
    }
    return funding_opportunity_create(actor=actor, **fields)


def _refuse_other_parts(application: Application, links: Mapping[str, Any]) -> None:
    _refuse_other_municipalities(application, links)
    search = application.partner_search
    if search is not None and search.municipality_id != application.municipality_id:
        raise field_error(
            "partner_search",
            _("%(record)s belongs to another home municipality.") % {"record": search},
            "other_municipality",
        )
    if application.project is not None and (
        application.project.municipality_id != application.municipality_id
    ):
        raise field_error(
            "project",
            _("%(record)s belongs to another home municipality.")
            % {"record": application.project},
            "other_municipality",
        )
    if any(
        other.pk == application.municipality_id
        for other in links.get("partner_municipalities") or ()
    ):
        raise field_error(
            "partner_municipalities",
            _("The home municipality cannot be its own partner."),
            "own_partner",
        )


@service
def application_create(
    *, actor: Actor, **fields: Unpack[ApplicationFields]
) -> Application:
    """Record an application to a funding call, usually while it is prepared."""
    return _checked_create(Application, actor=actor, fields=fields)


@service
def application_update(
    *,
    application: Application,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ApplicationFields],
) -> Application:
    """Change an application, unless someone changed it since it was read."""
    return _checked_update(
        application, actor=actor, expected_version=expected_version, changes=changes
    )


@service
def application_submit(
    *, application: Application, on: dt.date, actor: Actor, expected_version: int
) -> Application:
    """Record that an application was submitted to its call on a day."""
    if application.outcome != ApplicationOutcome.DRAFT:
        raise field_error(
            "outcome",
            _("Only an application in preparation can be submitted."),
            "already_submitted",
        )
    return application_update(
        application=application,
        actor=actor,
        expected_version=expected_version,
        outcome=ApplicationOutcome.SUBMITTED,
        submitted_on=on,
    )


@service
def application_decide(
    *,
    application: Application,
    outcome: str,
    on: dt.date,
    actor: Actor,
    expected_version: int,
    granted: Decimal | None = None,
    audit_until: dt.date | None = None,
    project: Project | None = None,
) -> Application:
    """Record the call's decision on a submitted application: granted (with the
    amount and the end of the audit period) or rejected."""
    if application.outcome != ApplicationOutcome.SUBMITTED:
        raise field_error(
            "outcome",
            _("Only a submitted application can be decided."),
            "not_submitted",
        )
    if outcome not in (ApplicationOutcome.GRANTED, ApplicationOutcome.REJECTED):
        raise field_error(
            "outcome",
            _("A decision grants or rejects the application."),
            "not_a_decision",
        )
    if outcome == ApplicationOutcome.GRANTED and granted is None:
        raise field_error(
            "granted", _("Say how much was granted."), "required_when_granted"
        )
    changes: ApplicationFields = {
        "outcome": outcome,
        "decided_on": on,
        "granted": granted if outcome == ApplicationOutcome.GRANTED else None,
    }
    if audit_until is not None:
        changes["audit_until"] = audit_until
    if project is not None:
        changes["project"] = project
    return application_update(
        application=application,
        actor=actor,
        expected_version=expected_version,
        **changes,
    )


@service
def application_delete(*, application: Application, actor: Actor) -> None:
    """Remove an application recorded in error, with its participant lists."""
    record_delete(application, actor=actor)


@service
def policy_warning_create(
    *, actor: Actor, **fields: Unpack[PolicyWarningFields]
) -> PolicyWarning:
    """Record an early warning on EU policy."""
    return _checked_create(PolicyWarning, actor=actor, fields=fields)


@service
def policy_warning_update(
    *,
    policy_warning: PolicyWarning,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PolicyWarningFields],
) -> PolicyWarning:
    """Change an early warning, unless someone changed it since it was read."""
    return _checked_update(
        policy_warning, actor=actor, expected_version=expected_version, changes=changes
    )


@service
def policy_warning_delete(*, policy_warning: PolicyWarning, actor: Actor) -> None:
    """Remove an early warning recorded in error."""
    record_delete(policy_warning, actor=actor)


def _refuse_unfunded(item: ParticipantList) -> None:
    application = item.application
    if application.outcome != ApplicationOutcome.GRANTED:
        raise field_error(
            "application",
            _("Participant lists are kept for activities of a granted application."),
            "not_granted",
        )
    if not application.activities.filter(pk=item.activity_id).exists():
        raise field_error(
            "activity",
            _("%(activity)s is not one of the activities the grant funds.")
            % {"activity": item.activity},
            "not_funded",
        )


@service
def participant_list_create(
    *, actor: Actor, **fields: Unpack[ParticipantListFields]
) -> ParticipantList:
    """Record how many people of one town took part in a funded activity."""
    return _checked_create(ParticipantList, actor=actor, fields=fields)


@service
def participant_list_update(
    *,
    participant_list: ParticipantList,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ParticipantListFields],
) -> ParticipantList:
    """Change a town's count, its signed-list flag or its scan."""
    return _checked_update(
        participant_list,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )


def _delete_file_on_commit(file: Any) -> None:
    """Delete a stored file once the transaction commits: a write that is rolled
    back keeps its file."""
    storage, name = file.storage, file.name
    transaction.on_commit(lambda: storage.delete(name))


@service
def participant_list_delete(*, participant_list: ParticipantList, actor: Actor) -> None:
    """Remove a town's participant list, its scan too."""
    if participant_list.scan:
        _delete_file_on_commit(participant_list.scan)
    record_delete(participant_list, actor=actor)


@service
def participant_scans_past_audit_erase(*, today: dt.date, actor: Actor) -> int:
    """Erase the scans of signed participant lists whose grant's audit period ended
    before `today`; keep the counts, which are no one's personal data. Return how
    many scans were erased."""
    due = ParticipantList.objects.filter(
        application__audit_until__lt=today, scan_erased_on=None
    ).exclude(scan="")
    erased = 0
    for item in due.select_related("application"):
        _delete_file_on_commit(item.scan)
        record_update(
            item,
            actor=actor,
            expected_version=item.version,
            changes={"scan": "", "scan_erased_on": today},
        )
        erased += 1
    return erased


# What each model's links must hold, checked after every create and update.
LINK_RULES: dict[type[models.Model], Callable[[Any, Mapping[str, Any]], None]] = {
    FundingOpportunity: _refuse_other_municipalities,
    PartnerSearch: _refuse_other_municipalities,
    Application: _refuse_other_parts,
    PolicyWarning: _refuse_other_municipalities,
    ParticipantList: lambda item, _links: _refuse_unfunded(item),
}


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
register_writer(
    Application,
    create=application_create,
    update=application_update,
    delete=application_delete,
    fields_type=ApplicationFields,
    instance="application",
)
register_writer(
    PolicyWarning,
    create=policy_warning_create,
    update=policy_warning_update,
    delete=policy_warning_delete,
    fields_type=PolicyWarningFields,
    instance="policy_warning",
)
register_writer(
    ParticipantList,
    create=participant_list_create,
    update=participant_list_update,
    delete=participant_list_delete,
    fields_type=ParticipantListFields,
    instance="participant_list",
)

"""Partnerships, their events and agreements, network memberships and themes.

Reads are open to all and show public records only. Writes take a personal API
token and go through the same services as the back office, with the token's user
as the actor: create and change a partnership, record an event (termination too).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal, overload

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import P, PathEx, QueryEx, Router
from ninja.responses import Status

from twinning.api.auth import token_auth
from twinning.api.lookups import Lookups, unique_slug
from twinning.api.operations import (
    create_operation,
    created,
    detail_operation,
    list_operation,
    public_detail,
    writer_and_home,
)
from twinning.api.pagination import Shown, shown_one
from twinning.api.preconditions import (
    ETAG_HEADER,
    LOCATION_HEADER,
    etag,
    expected_version,
    if_match_parameter,
)
from twinning.api.problems import problems
from twinning.api.schemas import (
    MAX_ID,
    SLUG_PATTERN,
    AgreementOut,
    CounterpartOut,
    MunicipalityQuery,
    NetworkMembershipOut,
    PartnerOut,
    PartnershipEventIn,
    PartnershipEventOut,
    PartnershipIn,
    PartnershipOut,
    PartnershipPatch,
    SlugPath,
    SourceOut,
    ThemeOut,
    partial_date,
    reference,
    sent_languages,
    text_in,
    translated,
    translated_lines,
)
from twinning.api.selectors import (
    agreements_public,
    api_municipality,
    network_memberships_listed,
    partnership_events,
    partnership_for_writing,
    partnership_public,
    partnerships_listed,
    themes_listed,
)
from twinning.partnerships import services
from twinning.partnerships.choices import (
    AgreementKind,
    EventKind,
    PartnershipKind,
    PartnershipStatus,
)
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    PartnershipGroup,
    Theme,
)
from twinning.partnerships.selectors import Counterpart, counterparts
from twinning.places.models import Municipality, Organisation, Place

router = Router(tags=["partnerships"])

PartnershipSort = Literal["started", "-started", "partner", "-partner", "slug", "-slug"]


# --- Output ---------------------------------------------------------------------------


def partner_out(partnership: Partnership) -> PartnerOut:
    if partnership.partner_place is not None:
        place = partnership.partner_place
        return PartnerOut(
            type="place",
            slug=place.slug,
            name=translated(place, "name"),
            country=place.country,
        )
    organisation = partnership.partner_organisation
    if organisation is None:  # the database requires a partner
        raise ValueError(f"Partnership {partnership.slug} has no partner.")
    country = organisation.country or (
        organisation.place.country if organisation.place else ""
    )
    return PartnerOut(
        type="organisation",
        slug=organisation.slug,
        name=translated(organisation, "name"),
        country=country,
    )


def counterpart_out(counterpart: Counterpart | None) -> CounterpartOut | None:
    if counterpart is None:
        return None
    theirs = counterpart.partnership
    return CounterpartOut(
        municipality=reference(counterpart.municipality),
        partnership=theirs.slug,
        status=PartnershipStatus(theirs.status),
        started=partial_date(theirs.started),
        ended=partial_date(theirs.ended),
        agrees=counterpart.agrees,
        differences=list(counterpart.differences),
    )


def partnership_out(
    partnership: Partnership, counterpart: Counterpart | None = None
) -> PartnershipOut:
    return PartnershipOut(
        slug=partnership.slug,
        kind=PartnershipKind(partnership.kind),
        status=PartnershipStatus(partnership.status),
        partner=partner_out(partnership),
        started=partial_date(partnership.started),
        ended=partial_date(partnership.ended),
        group=reference(partnership.group) if partnership.group else None,
        themes=themes_out(partnership.themes.all()),
        description=translated(partnership, "description"),
        is_public=partnership.is_public,
        version=partnership.version,
        confirmed_by=counterpart_out(counterpart),
        # Annotated by the selector of "active on a day" only.
        last_evidence=partial_date(getattr(partnership, "last_evidence", None)),
    )


def partnership_shown(partnership: Partnership) -> PartnershipOut:
    """Return one partnership as the API shows it, with the other side's record."""
    return partnership_out(partnership, counterparts([partnership]).get(partnership.pk))


def theme_out(theme: Theme) -> ThemeOut:
    return ThemeOut(slug=theme.slug, name=translated(theme, "name"))


def themes_out(themes: Iterable[Theme]) -> list[ThemeOut]:
    """Return themes by slug, the same in every language."""
    return [theme_out(theme) for theme in sorted(themes, key=lambda t: t.slug)]


def event_out(event: PartnershipEvent) -> PartnershipEventOut:
    date = partial_date(event.date)
    if date is None:  # the database requires a date
        raise ValueError(f"Event {event.pk} has no date.")
    return PartnershipEventOut(
        id=event.pk,
        kind=EventKind(event.kind),
        date=date,
        decided_by=translated(event, "decided_by"),
        reference=event.reference,
        reason=translated(event, "reason"),
        note=translated(event, "note"),
        source=(
            SourceOut(title=translated(event.source, "title"), url=event.source.url)
            if event.source
            else None
        ),
    )


def agreement_out(agreement: Agreement) -> AgreementOut:
    return AgreementOut(
        id=agreement.pk,
        partnership=agreement.partnership.slug,
        kind=AgreementKind(agreement.kind),
        title=translated(agreement, "title"),
        signed_on=partial_date(agreement.signed_on),
        valid_from=partial_date(agreement.valid_from),
        valid_until=partial_date(agreement.valid_until),
        topics=translated_lines(agreement, "topics"),
        document_url=agreement.document_url
        or (agreement.document.url if agreement.document else ""),
    )


def membership_out(membership: NetworkMembership) -> NetworkMembershipOut:
    return NetworkMembershipOut(
        network=reference(membership.network),
        website=membership.network.website,
        since=partial_date(membership.since),
        until=partial_date(membership.until),
        role=translated(membership, "role"),
        description=translated(membership, "description"),
    )


def shown_partnership(partnership: Partnership) -> Partnership:
    """Return a partnership (just written) loaded as its output needs."""
    return (
        Partnership.objects.filter(pk=partnership.pk)
        .select_related("partner_place", "partner_organisation__place", "group")
        .prefetch_related("themes")
        .get()
    )


def partnership_headers(response: HttpResponse, partnership: Partnership) -> None:
    response["ETag"] = etag("partnership", partnership.slug, partnership.version)


# --- Reads ----------------------------------------------------------------------------


@list_operation(router, "/partnerships", PartnershipOut)
def partnership_list(
    request: HttpRequest,
    kind: PartnershipKind | None = None,
    status: PartnershipStatus | None = None,
    country: QueryEx[
        str | None,
        P(
            pattern=r"^[A-Za-z]{2}$",
            description="The partner's country (ISO 3166-1 alpha-2).",
        ),
    ] = None,
    theme: QueryEx[
        str | None,
        P(pattern=SLUG_PATTERN, max_length=100, description="A theme's slug."),
    ] = None,
    active_on: QueryEx[
        dt.date | None,
        P(
            description="Only partnerships active on this day: established or "
            "confirmed as going on by then, and not ended; each with its "
            "`last_evidence`. Partial dates compare at their own precision."
        ),
    ] = None,
    sort: QueryEx[
        PartnershipSort,
        P(
            description="By start, partner name (in the request's language) or "
            "slug; `-` reverses."
        ),
    ] = "started",
    municipality: MunicipalityQuery = None,
) -> Any:
    """List the public partnerships of the home municipality."""
    partnerships = partnerships_listed(
        municipality=api_municipality(request, municipality),
        kind=kind,
        status=status,
        country=country.upper() if country else None,
        theme=theme,
        active_on=active_on,
        sort=sort,
    )
    others: dict[int, Counterpart] = {}
    return Shown(
        partnerships,
        lambda partnership: partnership_out(partnership, others.get(partnership.pk)),
        # The other sides' records of the page, in two queries for the whole page.
        on_page=lambda page: others.update(counterparts(page)),
    )


@detail_operation(router, "/partnerships/{slug}", PartnershipOut)
def partnership_detail(
    request: HttpRequest,
    response: HttpResponse,
    slug: SlugPath,
    municipality: MunicipalityQuery = None,
) -> Any:
    """Return one public partnership, with its ETag for an update."""
    partnership = partnership_public(
        municipality=api_municipality(request, municipality), slug=slug
    )
    partnership_headers(response, partnership)
    return partnership_shown(partnership)


@list_operation(router, "/partnerships/{slug}/events", PartnershipEventOut)
def partnership_event_list(
    request: HttpRequest, slug: SlugPath, municipality: MunicipalityQuery = None
) -> Any:
    """List a public partnership's events, oldest first: the status follows them."""
    partnership = partnership_public(
        municipality=api_municipality(request, municipality), slug=slug
    )
    return Shown(
        partnership_events(
            municipality=partnership.municipality, partnership=partnership
        ),
        event_out,
    )


@list_operation(router, "/agreements", AgreementOut)
def agreement_list(
    request: HttpRequest,
    partnership: QueryEx[
        str | None,
        P(pattern=SLUG_PATTERN, max_length=100, description="A partnership's slug."),
    ] = None,
    kind: AgreementKind | None = None,
    municipality: MunicipalityQuery = None,
) -> Any:
    """List the public agreements of public partnerships, by date of signing."""
    agreements = agreements_public(
        municipality=api_municipality(request, municipality),
        partnership=partnership,
        kind=kind,
    )
    return Shown(agreements, agreement_out)


@detail_operation(router, "/agreements/{agreement_id}", AgreementOut)
def agreement_detail(
    request: HttpRequest,
    response: HttpResponse,
    agreement_id: PathEx[int, P(ge=1, le=MAX_ID)],
    municipality: MunicipalityQuery = None,
) -> Any:
    """Return one public agreement (agreements have no slug: by id)."""
    return shown_one(
        agreements_public(municipality=api_municipality(request, municipality)).filter(
            pk=agreement_id
        ),
        response,
        kind="agreement",
        show=agreement_out,
        missing=_("No public agreement has this id."),
        key=lambda agreement: str(agreement.pk),
    )


@list_operation(router, "/networks", NetworkMembershipOut)
def network_list(request: HttpRequest, municipality: MunicipalityQuery = None) -> Any:
    """List the home municipality's public memberships of city networks."""
    memberships = network_memberships_listed(
        municipality=api_municipality(request, municipality)
    )
    return Shown(memberships, membership_out)


network_detail = public_detail(
    router,
    "/networks/{slug}",
    NetworkMembershipOut,
    name="network_detail",
    doc="Return the membership of one network, by the network's slug.",
    records=network_memberships_listed,
    show=membership_out,
    kind="network",
    missing=gettext_lazy("The municipality is in no network of this slug."),
    slug_field="network__slug",
    key=lambda membership: membership.network.slug,
)


@list_operation(router, "/themes", ThemeOut)
def theme_list(request: HttpRequest, municipality: MunicipalityQuery = None) -> Any:
    """List the themes partnerships and funding calls are tagged with."""
    return Shown(themes_listed(), theme_out)


# --- Writes ---------------------------------------------------------------------------


@create_operation(router, "/partnerships", PartnershipOut)
def partnership_create(
    request: HttpRequest,
    response: HttpResponse,
    payload: PartnershipIn,
    municipality: MunicipalityQuery = None,
) -> Any:
    """Create a partnership (editors and administrators); add events to start it."""
    user, home = writer_and_home(request, municipality, "partnerships.add_partnership")
    lookups = Lookups()
    place = lookups.one(Place.objects.all(), payload.partner_place, "partner_place")
    organisation = lookups.one(
        Organisation.objects.all(),
        payload.partner_organisation,
        "partner_organisation",
    )
    group = lookups.one(PartnershipGroup.objects.all(), payload.group, "group")
    themes = lookups.many(Theme.objects.all(), payload.themes, "themes")
    lookups.raise_if_any()
    partner = place or organisation
    slug = payload.slug or unique_slug(
        Partnership.objects.for_municipality(home),
        *(
            [partner.slug, f"{partner.slug}-{payload.kind.replace('_', '-')}"]
            if partner
            else ["partnership"]
        ),
    )
    partnership = services.partnership_create(
        actor=user,
        municipality=home,
        slug=slug,
        kind=payload.kind,
        partner_place=place,
        partner_organisation=organisation,
        group=group,
        themes=themes,
        internal_note=payload.internal_note,
        is_public=payload.is_public,
        description_da=text_in(payload.description, "da"),
        description_en=text_in(payload.description, "en"),
    )
    partnership = shown_partnership(partnership)
    created(response, partnership, kind="partnership", detail="partnership_detail")
    return Status(201, partnership_shown(partnership))


@overload
def _to_write(
    request: HttpRequest,
    home: Municipality,
    slug: str,
    *,
    if_match_required: Literal[True],
) -> tuple[Partnership, int]: ...


@overload
def _to_write(
    request: HttpRequest, home: Municipality, slug: str, *, if_match_required: bool
) -> tuple[Partnership, int | None]: ...


def _to_write(
    request: HttpRequest, home: Municipality, slug: str, *, if_match_required: bool
) -> tuple[Partnership, int | None]:
    """Return the partnership a write is for, and the version its If-Match names."""
    partnership = partnership_for_writing(municipality=home, slug=slug)
    version = expected_version(
        request,
        kind="partnership",
        slug=partnership.slug,
        version=partnership.version,
        required=if_match_required,
    )
    return partnership, version


NOT_NULL = ("kind", "themes", "description", "internal_note", "is_public")


@router.patch(
    "/partnerships/{slug}",
    auth=token_auth,
    response={200: PartnershipOut, **problems(400, 401, 403, 404, 409, 412, 422, 428)},
    url_name="partnership_update",
    openapi_extra={
        "parameters": [if_match_parameter(required=True)],
        "responses": {200: {"headers": {"ETag": ETAG_HEADER}}},
    },
)
def partnership_update(
    request: HttpRequest,
    response: HttpResponse,
    payload: PartnershipPatch,
    slug: SlugPath,
    municipality: MunicipalityQuery = None,
) -> Any:
    """Change the fields sent; requires If-Match with the partnership's ETag.

    The status cannot be changed here: record an event instead.
    """
    user, home = writer_and_home(
        request, municipality, "partnerships.change_partnership"
    )
    partnership, version = _to_write(request, home, slug, if_match_required=True)
    sent = payload.model_fields_set
    lookups = Lookups()
    for field in NOT_NULL:
        if field in sent and getattr(payload, field) is None:
            lookups.refuse(field, _("This field cannot be null."))
    changes: dict[str, Any] = {}
    if "kind" in sent and payload.kind is not None:
        changes["kind"] = payload.kind
    if "partner_place" in sent:
        changes["partner_place"] = lookups.one(
            Place.objects.all(), payload.partner_place, "partner_place"
        )
    if "partner_organisation" in sent:
        changes["partner_organisation"] = lookups.one(
            Organisation.objects.all(),
            payload.partner_organisation,
            "partner_organisation",
        )
    if "group" in sent:
        changes["group"] = lookups.one(
            PartnershipGroup.objects.all(), payload.group, "group"
        )
    if "themes" in sent and payload.themes is not None:
        changes["themes"] = lookups.many(Theme.objects.all(), payload.themes, "themes")
    sent_texts = sent_languages(payload.description)
    if "da" in sent_texts:
        changes["description_da"] = text_in(payload.description, "da")
    if "en" in sent_texts:
        changes["description_en"] = text_in(payload.description, "en")
    if "internal_note" in sent and payload.internal_note is not None:
        changes["internal_note"] = payload.internal_note
    if "is_public" in sent and payload.is_public is not None:
        changes["is_public"] = payload.is_public
    lookups.raise_if_any()
    services.partnership_update(
        partnership=partnership, actor=user, expected_version=version, **changes
    )
    partnership = shown_partnership(partnership)
    partnership_headers(response, partnership)
    return partnership_shown(partnership)


@router.post(
    "/partnerships/{slug}/events",
    auth=token_auth,
    response={201: PartnershipEventOut, **problems(400, 401, 403, 404, 409, 412, 422)},
    url_name="partnership_event_create",
    openapi_extra={
        "parameters": [if_match_parameter(required=False)],
        "responses": {201: {"headers": {"Location": LOCATION_HEADER}}},
    },
)
def partnership_event_create(
    request: HttpRequest,
    response: HttpResponse,
    payload: PartnershipEventIn,
    slug: SlugPath,
    municipality: MunicipalityQuery = None,
) -> Any:
    """Record a dated event; the partnership's status follows (`terminated` ends it).

    An event that cannot follow the status before it is refused (422). With
    If-Match, the event is refused (412) if the partnership changed since.
    """
    user, home = writer_and_home(
        request,
        municipality,
        "partnerships.add_partnershipevent",
        "partnerships.change_partnership",
    )
    partnership, version = _to_write(request, home, slug, if_match_required=False)
    event = services.partnership_add_event(
        partnership=partnership,
        actor=user,
        kind=payload.kind,
        date=payload.date,
        expected_version=version,
        reference=payload.reference,
        decided_by_da=text_in(payload.decided_by, "da"),
        decided_by_en=text_in(payload.decided_by, "en"),
        reason_da=text_in(payload.reason, "da"),
        reason_en=text_in(payload.reason, "en"),
        note_da=text_in(payload.note, "da"),
        note_en=text_in(payload.note, "en"),
    )
    response["Location"] = reverse(
        "api:partnership_event_list", kwargs={"slug": partnership.slug}
    )
    return Status(201, event_out(event))

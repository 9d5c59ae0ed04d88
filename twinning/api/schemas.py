"""The shapes the API reads and writes: `<Model>Out`, `<Model>In`, `<Model>List`.

Text the public reads comes in both languages, `{"da": ..., "en": ...}`, with the
same fallback the public pages use (a text missing in one language is given in the
other). A partial date comes with its precision: `{"value": "1946", "precision":
"year"}`. Every list is `{"items": [...], "count": N}`, N counting all matches.

Output schemas hold public fields only: no internal note, no contact person.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import P, PathEx, QueryEx, Schema
from pydantic import ConfigDict, Field

from twinning.activities.choices import ActivityKind
from twinning.core.dates import PARTIAL_DATE_PATTERN, PartialDate, Precision
from twinning.eu.choices import OpportunityStatus
from twinning.partnerships.choices import (
    AgreementKind,
    EventKind,
    PartnershipKind,
    PartnershipStatus,
)
from twinning.places.choices import (
    IatiOrganisationType,
    OrganisationKind,
    PlaceKind,
    PlaceNameKind,
)
from twinning.projects.choices import ActivityStatus, ParticipantRole
from twinning.results.choices import ResultKind

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# PostgreSQL cannot store a NUL character in text; refuse it as input.
NO_NUL_PATTERN = r"^[^\x00]*$"

Slug = Annotated[
    str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=100, examples=["bergen"])
]
PartialDateText = Annotated[
    str,
    Field(
        pattern=PARTIAL_DATE_PATTERN,
        description=(
            "A date at its precision: YYYY, YYYY-MM or YYYY-MM-DD; or, where the "
            "sources know less, YYYY~ (about that year), YYYX (a decade) or "
            "YYYX-early, -mid or -late (part of one)."
        ),
        examples=["1946", "2009-10", "2022-03-09", "196X-early"],
    ),
]
Text = Annotated[str, Field(pattern=NO_NUL_PATTERN)]
DecisionReference = Annotated[str, Field(pattern=NO_NUL_PATTERN, max_length=200)]


MAX_LIMIT = 500
# Far beyond any list; keeps OFFSET within what every database accepts.
MAX_OFFSET = 10_000_000
# Ids are 64-bit in every database; a larger one would overflow the query.
MAX_ID = 2**63 - 1


# Parameters in the path and the query.
SlugPath = PathEx[str, P(pattern=SLUG_PATTERN, max_length=100)]
MunicipalityQuery = QueryEx[
    str | None,
    P(
        pattern=SLUG_PATTERN,
        max_length=100,
        description="The home municipality, by its slug; by default the one whose "
        "site the request's host is.",
    ),
]
CountryQuery = QueryEx[
    str | None, P(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.")
]


class InputSchema(Schema):
    """A request body: fields it does not know are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


# --- Shared pieces --------------------------------------------------------------------


class TranslatedText(Schema):
    """A text in Danish and English."""

    da: str
    en: str


class TranslatedTextIn(InputSchema):
    """A text in Danish and English; a language left out is left empty."""

    da: Text = ""
    en: Text = ""


class TranslatedLines(Schema):
    """Lines of text (one item each) in Danish and English."""

    da: list[str]
    en: list[str]


class PartialDateOut(Schema):
    """A date known to the year, the month or the day."""

    value: str = Field(examples=["1946"], pattern=PARTIAL_DATE_PATTERN)
    precision: Precision


class Reference(Schema):
    """Another record, by its slug and name."""

    slug: str
    name: TranslatedText


class ThemeOut(Schema):
    slug: str
    name: TranslatedText


class SourceOut(Schema):
    """Where a fact comes from."""

    title: TranslatedText
    url: str


# --- Places and organisations ---------------------------------------------------------


class PlaceNameOut(Schema):
    name: str
    language: str
    kind: PlaceNameKind
    valid_from: PartialDateOut | None
    valid_until: PartialDateOut | None


class PlaceOut(Schema):
    slug: str
    name: TranslatedText
    kind: PlaceKind
    country: str
    population: int | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    wikidata_id: str
    successor: str | None = Field(description="The slug of the place that took over.")
    other_names: list[PlaceNameOut]


class OrganisationOut(Schema):
    slug: str
    name: TranslatedText
    kind: OrganisationKind
    iati_type: IatiOrganisationType | None
    iati_identifier: str
    country: str
    place: str | None = Field(description="The slug of the organisation's place.")
    website: str
    description: TranslatedText


# --- Partnerships ---------------------------------------------------------------------


class PartnerOut(Schema):
    """The partner of a partnership: a place or an organisation."""

    type: Literal["place", "organisation"]
    slug: str
    name: TranslatedText
    country: str = Field(description="ISO 3166-1 alpha-2 code; empty if not known.")


class CounterpartOut(Schema):
    """The other side's record of a twinning, where both sides are on the platform."""

    municipality: Reference
    partnership: str = Field(description="The other side's partnership slug.")
    status: PartnershipStatus
    started: PartialDateOut | None
    ended: PartialDateOut | None
    agrees: bool = Field(
        description="Whether both records give the same start, end and status."
    )
    differences: list[Literal["started", "ended", "status"]]


class PartnershipOut(Schema):
    slug: str
    kind: PartnershipKind
    status: PartnershipStatus = Field(
        description="Derived from the events; empty while none is recorded."
    )
    partner: PartnerOut
    started: PartialDateOut | None
    ended: PartialDateOut | None
    group: Reference | None
    themes: list[ThemeOut]
    description: TranslatedText
    is_public: bool
    version: int = Field(description="Goes up by one at every change: see the ETag.")
    confirmed_by: CounterpartOut | None = Field(
        None,
        description="The partner municipality's own record of the twinning, when it "
        "is on the platform and has recorded it publicly; null otherwise.",
    )
    last_evidence: PartialDateOut | None = Field(
        None,
        description="With `active_on`: the date of the register's latest event by "
        "that day showing the partnership going on (established, confirmed, "
        "renewed, limited, ...); null otherwise.",
    )


class PartnershipEventOut(Schema):
    id: int
    kind: EventKind
    date: PartialDateOut
    decided_by: TranslatedText
    reference: str
    reason: TranslatedText
    note: TranslatedText
    source: SourceOut | None


class AgreementOut(Schema):
    id: int
    partnership: str = Field(description="The partnership's slug.")
    kind: AgreementKind
    title: TranslatedText
    signed_on: PartialDateOut | None
    valid_from: PartialDateOut | None
    valid_until: PartialDateOut | None
    topics: TranslatedLines
    document_url: str


class NetworkMembershipOut(Schema):
    network: Reference
    website: str
    since: PartialDateOut | None
    until: PartialDateOut | None
    role: TranslatedText
    description: TranslatedText


# --- Projects, activities, results ----------------------------------------------------


class SectorShareOut(Schema):
    code: str = Field(description="OECD DAC 5-digit sector code.")
    name: TranslatedText
    percentage: float


class ParticipationOut(Schema):
    organisation: Reference
    role: ParticipantRole


class PhaseOut(Schema):
    number: int
    title: TranslatedText
    focus: TranslatedText
    started: PartialDateOut | None
    ended: PartialDateOut | None


class BudgetOut(Schema):
    amount: Decimal
    currency: str
    value_date: dt.date | None


class ProjectOut(Schema):
    slug: str
    title: TranslatedText
    programme: Reference | None
    partnership: str | None = Field(description="The partnership's slug.")
    status: ActivityStatus = Field(description="IATI ActivityStatus code.")
    started: PartialDateOut | None
    ended: PartialDateOut | None
    summary: TranslatedText
    description: TranslatedText
    budget: BudgetOut | None
    iati_identifier: str
    sectors: list[SectorShareOut]
    participants: list[ParticipationOut]
    phases: list[PhaseOut]


class ActivityOut(Schema):
    slug: str
    kind: ActivityKind
    title: TranslatedText
    partnership: str | None = Field(description="The partnership's slug.")
    project: str | None = Field(description="The project's slug.")
    started: PartialDateOut
    ended: PartialDateOut | None
    place: Reference | None
    purpose: TranslatedText
    outcome: TranslatedText
    is_public: bool


class ResultOut(Schema):
    slug: str
    kind: ResultKind
    title: TranslatedText
    description: TranslatedText
    partnership: str | None = Field(description="The partnership's slug.")
    project: str | None = Field(description="The project's slug.")
    achieved_on: PartialDateOut | None
    value: Decimal | None
    currency: str
    evidence: TranslatedText
    is_public: bool


# --- EU work --------------------------------------------------------------------------


class FundingOpportunityOut(Schema):
    slug: str
    programme: str
    call_identifier: str
    title: TranslatedText
    description: TranslatedText
    opens: dt.date | None
    deadline: dt.datetime | None
    deadline_time_zone: str = Field(
        description="The IANA time zone the call gives its deadline in."
    )
    status: OpportunityStatus
    themes: list[ThemeOut]
    eligibility: TranslatedText
    min_direct_participants: int | None = Field(
        description="The least number of direct participants at a funded activity."
    )
    min_invited_participants: int | None = Field(
        description="The least number of invited participants at a funded activity."
    )
    min_countries: int | None = Field(
        description="The least number of countries an application's towns come from."
    )
    url: str


# --- Contact persons (personal data: tokens with the right only) ----------------------


class ContactOut(Schema):
    id: int
    name: str
    organisation: Reference | None
    job_title: str
    email: str
    phone: str
    languages: str
    legal_basis: str
    retain_until: dt.date


# --- Writes ---------------------------------------------------------------------------


class PartnershipIn(InputSchema):
    """A new partnership: its partner is a place or an organisation, by slug."""

    slug: Slug | None = Field(
        None, description="Made from the partner's slug when left out."
    )
    kind: PartnershipKind
    partner_place: Slug | None = None
    partner_organisation: Slug | None = None
    group: Slug | None = None
    themes: list[Slug] = Field(default_factory=list, max_length=50)
    description: TranslatedTextIn = Field(default_factory=TranslatedTextIn)
    internal_note: Text = ""
    is_public: bool = True


class PartnershipPatch(InputSchema):
    """Changes to a partnership: the fields sent are changed, the others kept.

    The status is not among them: it follows from the events.
    """

    kind: PartnershipKind | None = None
    partner_place: Slug | None = None
    partner_organisation: Slug | None = None
    group: Slug | None = None
    themes: list[Slug] | None = Field(None, max_length=50)
    description: TranslatedTextIn | None = None
    internal_note: Text | None = None
    is_public: bool | None = None


class PartnershipEventIn(InputSchema):
    """A dated event in a partnership's life; `terminated` ends it."""

    kind: EventKind
    date: PartialDateText
    decided_by: TranslatedTextIn = Field(default_factory=TranslatedTextIn)
    reference: DecisionReference = ""
    reason: TranslatedTextIn = Field(default_factory=TranslatedTextIn)
    note: TranslatedTextIn = Field(default_factory=TranslatedTextIn)


class ActivityIn(InputSchema):
    """A new activity in a partnership or a project."""

    slug: Slug | None = Field(None, description="Made from the title when left out.")
    kind: ActivityKind
    title: TranslatedTextIn
    partnership: Slug | None = None
    project: Slug | None = None
    started: PartialDateText
    ended: PartialDateText | None = None
    place: Slug | None = None
    purpose: TranslatedTextIn = Field(default_factory=TranslatedTextIn)
    outcome: TranslatedTextIn = Field(default_factory=TranslatedTextIn)
    internal_note: Text = ""
    is_public: bool = False


class ResultIn(InputSchema):
    """A new result of a partnership or a project (or of the partnerships together)."""

    slug: Slug | None = Field(None, description="Made from the title when left out.")
    kind: ResultKind
    title: TranslatedTextIn
    description: TranslatedTextIn = Field(default_factory=TranslatedTextIn)
    partnership: Slug | None = None
    project: Slug | None = None
    achieved_on: PartialDateText | None = None
    value: Annotated[Decimal, Field(max_digits=14, decimal_places=2)] | None = None
    currency: Annotated[str, Field(pattern=r"^([A-Z]{3})?$")] = Field(
        "", description="ISO 4217 code, needed with a value."
    )
    evidence: TranslatedTextIn = Field(default_factory=TranslatedTextIn)
    internal_note: Text = ""
    # Internal until published, as in the back office.
    is_public: bool = False


# --- Building the output --------------------------------------------------------------


def translated(record: object, field: str) -> TranslatedText:
    """Return a translated field of a record in both languages, each falling back."""
    danish = getattr(record, f"{field}_da", None) or ""
    english = getattr(record, f"{field}_en", None) or ""
    return TranslatedText(da=danish or english, en=english or danish)


def translated_lines(record: object, field: str) -> TranslatedLines:
    text = translated(record, field)
    return TranslatedLines(
        da=[line.strip() for line in text.da.splitlines() if line.strip()],
        en=[line.strip() for line in text.en.splitlines() if line.strip()],
    )


def partial_date(value: str | None) -> PartialDateOut | None:
    """Return a stored partial date with its precision, or None when it is empty."""
    if not value:
        return None
    return PartialDateOut(value=value, precision=PartialDate.parse(value).precision)


def reference(record: Any) -> Reference:
    return Reference(slug=record.slug, name=translated(record, "name"))


def text_in(text: TranslatedTextIn | None, language: Literal["da", "en"]) -> str:
    """Return a translated input's text in one language ("" when none was sent)."""
    return getattr(text, language) if text is not None else ""


def sent_languages(text: TranslatedTextIn | None) -> set[str]:
    """Return the languages a request sent of a translated input."""
    return set(text.model_fields_set) if text is not None else set()

"""Reads of the staff workspace: what needs attention, a partner's file, search.

The rules that find an item (a dormant partnership, an expired agreement, a phase
the calendar has overtaken) live in the domain apps' selectors; this module only
gathers them for one member of staff, scoped to their municipalities, and says
where each is put right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.activities.models import OPEN_STATUSES, Activity, FollowUp
from twinning.activities.selectors import activities_coming, follow_ups_due
from twinning.contacts.models import ContactPerson
from twinning.contacts.selectors import contacts_past_retention
from twinning.core.models import Source
from twinning.core.selectors import review_latest_of, reviews_latest_by_record
from twinning.core.text import matches
from twinning.eu.models import FundingOpportunity, PartnerSearch
from twinning.eu.selectors import (
    funding_deadlines_of_staff,
    partner_search_deadlines_of_staff,
)
from twinning.partnerships.choices import PartnershipStatus
from twinning.partnerships.models import Agreement, Partnership, PartnershipEvent
from twinning.partnerships.selectors import (
    partnerships_dormant,
)
from twinning.places.models import Municipality, Organisation
from twinning.projects.models import Project
from twinning.projects.selectors import StaleFact, stale_facts
from twinning.results.models import Result

COMING_DAYS = 90
FOLLOW_UP_DAYS = 14
DEADLINE_DAYS = 60
REVIEW_AFTER_DAYS = 365


def dormant_after_years() -> int:
    """Return after how many years without activity a partnership is dormant."""
    return int(getattr(settings, "TWINNING_DORMANT_AFTER_YEARS", 3))


def municipalities_of(user: Any) -> QuerySet[Municipality]:
    """Return the home municipalities a member of staff works on."""
    return Municipality.objects.for_user(user).order_by("name")


def change_url(record: Any) -> str:
    """Return the back office's change page of a record."""
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def partner_file_url(partnership: Partnership | None) -> str:
    if partnership is None:
        return ""
    return reverse("staff:partner", args=[partnership.slug])


@dataclass(frozen=True)
class Unreviewed:
    """A public partnership nobody has reviewed for a year, or ever."""

    partnership: Partnership
    reviewed_at: dt.datetime | None


@dataclass
class Attention:
    """Everything that needs a member of staff's attention, by kind."""

    today: dt.date
    coming: list[Activity] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    calls: list[FundingOpportunity] = field(default_factory=list)
    partner_searches: list[PartnerSearch] = field(default_factory=list)
    dormant: list[Partnership] = field(default_factory=list)
    stale: list[StaleFact] = field(default_factory=list)
    contacts: list[ContactPerson] = field(default_factory=list)
    unreviewed: list[Unreviewed] = field(default_factory=list)
    dormant_years: int = 3

    @property
    def deadlines_count(self) -> int:
        return len(self.calls) + len(self.partner_searches)

    @property
    def overdue_count(self) -> int:
        return sum(1 for f in self.follow_ups if f.due and f.due < self.today)


def partnerships_unreviewed(
    *, municipalities: Iterable[Municipality], now: dt.datetime
) -> list[Unreviewed]:
    """Return the public partnerships not reviewed for a year, never reviewed first."""
    municipalities = list(municipalities)
    reviewed = reviews_latest_by_record(Partnership, municipalities)
    due = now - dt.timedelta(days=REVIEW_AFTER_DAYS)
    found = [
        Unreviewed(partnership, reviewed.get(partnership.pk))
        for partnership in Partnership.objects.for_municipalities(municipalities)
        .public()
        .exclude(status=PartnershipStatus.TERMINATED)
        .select_related("partner_place", "partner_organisation")
        .order_by("slug")
        if reviewed.get(partnership.pk) is None or reviewed[partnership.pk] < due
    ]
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(found, key=lambda item: item.reviewed_at or epoch)


def attention_for(user: Any, *, now: dt.datetime) -> Attention:
    """Return what needs the user's attention in their municipalities, on a day."""
    municipalities = list(municipalities_of(user))
    today = timezone.localdate(now)
    years = dormant_after_years()
    return Attention(
        today=today,
        coming=list(
            activities_coming(
                municipalities=municipalities, today=today, days=COMING_DAYS
            )
        ),
        follow_ups=list(
            follow_ups_due(
                municipalities=municipalities,
                by=today + dt.timedelta(days=FOLLOW_UP_DAYS),
                mine_first=user,
            )
        ),
        calls=list(
            funding_deadlines_of_staff(
                user=user, start=now, end=now + dt.timedelta(days=DEADLINE_DAYS)
            )
        ),
        partner_searches=list(
            partner_search_deadlines_of_staff(
                user=user,
                start=today,
                end=today + dt.timedelta(days=DEADLINE_DAYS),
            )
        ),
        dormant=list(
            partnerships_dormant(
                municipalities=municipalities, today=today, years=years
            )
        ),
        stale=stale_facts(municipalities=municipalities, today=today),
        contacts=list(
            contacts_past_retention(municipalities=municipalities, today=today)
        ),
        unreviewed=partnerships_unreviewed(municipalities=municipalities, now=now),
        dormant_years=years,
    )


# --- A partner's file --------------------------------------------------------


def partnerships_at(user: Any, slug: str) -> list[Partnership]:
    """Return the user's partnerships at this address, one per municipality.

    A slug is unique within a municipality: someone who works on several (a
    platform administrator) may find one in each.
    """
    return list(
        Partnership.objects.for_user(user)
        .filter(slug=slug)
        .select_related(
            "municipality",
            "partner_place",
            "partner_organisation__place",
            "group",
        )
        .prefetch_related("themes", "sources")
        .order_by("municipality__name", "municipality__slug")
    )


def partnership_for(
    user: Any, slug: str, municipality: str | None = None
) -> Partnership | None:
    """Return the user's partnership of this slug, in the municipality named if any
    (by its slug), else in the first of theirs that has one."""
    found = partnerships_at(user, slug)
    if municipality:
        found = [p for p in found if p.municipality.slug == municipality]
    return found[0] if found else None


@dataclass
class PartnerFile:
    """Everything about one partnership, for staff."""

    partnership: Partnership
    today: dt.date
    events: list[PartnershipEvent]
    agreements: list[Agreement]
    projects: list[Project]
    activities_coming: list[Activity]
    activities_past: list[Activity]
    results: list[Result]
    contacts: list[ContactPerson]
    follow_ups: list[FollowUp]
    calls: list[FundingOpportunity]
    partner_searches: list[PartnerSearch]
    sources: list[Source]
    notes: list[tuple[str, str, str]]
    reviewed_at: dt.datetime | None
    reviewed_by: str

    @property
    def open_follow_ups(self) -> int:
        return sum(1 for f in self.follow_ups if f.status in OPEN_STATUSES)


def _partner_q(partnership: Partnership, prefix: str = "") -> Q:
    """Return the condition that an organisation is the partner or in its place."""
    if partnership.partner_organisation_id:
        return Q(**{f"{prefix}pk": partnership.partner_organisation_id})
    return Q(**{f"{prefix}place_id": partnership.partner_place_id})


def partner_file(partnership: Partnership, *, today: dt.date) -> PartnerFile:
    """Return the file of a partnership: its history and everything under it."""
    of_partnership = Q(partnership=partnership) | Q(project__partnership=partnership)
    activities = list(
        Activity.objects.filter(of_partnership)
        .select_related("project", "place")
        .order_by("-started", "slug")
    )
    first_day = today.isoformat()
    coming = [a for a in activities if a.started >= first_day[: len(a.started)]]
    past = [a for a in activities if a not in coming]
    projects = list(
        Project.objects.filter(partnership=partnership)
        .prefetch_related("phases__date_claims__source", "sources")
        .select_related("programme")
        .order_by("started", "slug")
    )
    agreements = list(
        partnership.agreements.select_related("source").order_by("signed_on", "id")
    )
    events = list(partnership.events.select_related("source").order_by("-date", "-id"))
    results = list(
        Result.objects.filter(of_partnership)
        .select_related("project", "activity")
        .order_by("-achieved_on", "slug")
    )
    contacts = list(
        ContactPerson.objects.filter(municipality_id=partnership.municipality_id)
        .filter(
            _partner_q(partnership, "organisation__")
            | Q(activity_participations__activity__in=activities)
            | Q(post_holdings__post__project__partnership=partnership)
        )
        .select_related("organisation")
        .distinct()
        .order_by("name", "id")
    )
    follow_ups = list(
        FollowUp.objects.filter(activity__in=activities)
        .select_related("activity", "responsible")
        .annotate(
            is_done=ExpressionWrapper(
                ~Q(status__in=OPEN_STATUSES), output_field=BooleanField()
            )
        )
        .order_by("is_done", F("due").asc(nulls_last=True), "id")
    )
    # What the EU work links to the partnership or to one of its projects, and the
    # partner searches of the partner itself.
    linked = Q(partnerships=partnership) | Q(projects__partnership=partnership)
    calls = list(
        FundingOpportunity.objects.filter(municipality_id=partnership.municipality_id)
        .filter(linked)
        .distinct()
        .order_by(F("deadline").asc(nulls_last=True), "slug")
    )
    partner_searches = list(
        PartnerSearch.objects.filter(municipality_id=partnership.municipality_id)
        .filter(linked | _partner_q(partnership, "organisation__"))
        .distinct()
        .order_by(F("deadline").asc(nulls_last=True), "slug")
    )
    sources: dict[int, Source] = {s.pk: s for s in partnership.sources.all()}
    cited: list[Any] = [*events, *agreements]
    for item in cited:
        if item.source_id:
            sources.setdefault(item.source_id, item.source)
    for project in projects:
        for source in project.sources.all():
            sources.setdefault(source.pk, source)
    notes = [
        (_("Partnership"), str(partnership), partnership.internal_note),
        *((_("Project"), p.title, p.internal_note) for p in projects),
        *((_("Activity"), a.title, a.internal_note) for a in activities),
        *((_("Result"), r.title, r.internal_note) for r in results),
    ]
    review = review_latest_of(partnership)
    return PartnerFile(
        partnership=partnership,
        today=today,
        events=events,
        agreements=agreements,
        projects=projects,
        activities_coming=sorted(coming, key=lambda a: (a.started, a.slug)),
        activities_past=past,
        results=results,
        contacts=contacts,
        follow_ups=follow_ups,
        calls=calls,
        partner_searches=partner_searches,
        sources=sorted(sources.values(), key=lambda s: s.title),
        notes=[note for note in notes if note[2].strip()],
        reviewed_at=review.reviewed_at if review else None,
        reviewed_by=(
            review.reviewed_by.get_full_name() or review.reviewed_by.get_username()
            if review and review.reviewed_by
            else ""
        ),
    )


# --- Search ------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A record found: what it is called, a line about it, and where it is kept."""

    title: str
    detail: str
    url: str
    file_url: str = ""


@dataclass(frozen=True)
class HitGroup:
    """The records of one kind that a search found."""

    kind: str
    label: str
    hits: tuple[Hit, ...]


def _translated(record: Any, name: str) -> list[str]:
    """Return a text field's value in every language (and as shown)."""
    return [
        getattr(record, name, "") or "",
        *(
            getattr(record, f"{name}_{code}", "") or ""
            for code, _label in settings.LANGUAGES
        ),
    ]


def _partner_names(partnership: Partnership) -> list[str]:
    partner = partnership.partner
    if partner is None:
        return []
    names = [partner.name, *_translated(partner, "name")]
    place = partnership.partner_place
    if place is not None:
        names += [other.name for other in place.names.all()]
    return names


def _work_hits(
    query: str,
    records: Iterable[Activity] | Iterable[Result],
    detail: Callable[[Any], str],
) -> list[Hit]:
    """Return the matching activities or results: a partnership or its project's."""
    return [
        Hit(
            title=r.title,
            detail=detail(r),
            url=change_url(r),
            file_url=partner_file_url(
                r.partnership or (r.project.partnership if r.project else None)
            ),
        )
        for r in records
        if matches(query, *_translated(r, "title"))
    ]


def search_staff(user: Any, query: str) -> tuple[list[HitGroup], int]:
    """Return the user's records whose names or titles match, grouped by kind.

    Matching ignores case and diacritics alike on SQLite and PostgreSQL: it is done
    on folded text (`core.text`), reading the user's portfolio, which is small
    (hundreds of records per municipality). Contact persons are matched by name;
    the caller logs that search. Returns the groups and the number of contacts
    found.
    """
    query = " ".join(query.split())
    if not query:
        return [], 0
    groups: list[HitGroup] = []

    def add(kind: str, label: str, hits: list[Hit]) -> None:
        if hits:
            groups.append(HitGroup(kind, label, tuple(hits)))

    partnerships = (
        Partnership.objects.for_user(user)
        .select_related("partner_place", "partner_organisation", "municipality")
        .prefetch_related("partner_place__names")
        .order_by("slug")
    )
    add(
        "partnerships",
        _("Partnerships"),
        [
            Hit(
                title=p.partner_name,
                detail=f"{p.get_kind_display()}, {p.get_status_display()}",
                url=partner_file_url(p),
                file_url=partner_file_url(p),
            )
            for p in partnerships
            if matches(query, *_partner_names(p), p.slug)
        ],
    )
    projects = Project.objects.for_user(user).select_related("partnership")
    add(
        "projects",
        _("Projects"),
        [
            Hit(
                title=p.title,
                detail=p.get_status_display(),
                url=change_url(p),
                file_url=partner_file_url(p.partnership),
            )
            for p in projects.order_by("title")
            if matches(query, *_translated(p, "title"))
        ],
    )
    agreements = Agreement.objects.for_user(user).select_related("partnership")
    add(
        "agreements",
        _("Agreements"),
        [
            Hit(
                title=str(a),
                detail=a.get_kind_display(),
                url=change_url(a.partnership),
                file_url=partner_file_url(a.partnership),
            )
            for a in agreements.order_by("signed_on", "id")
            if matches(query, *_translated(a, "title"))
        ],
    )
    activities = Activity.objects.for_user(user).select_related(
        "partnership", "project__partnership"
    )
    add(
        "activities",
        _("Activities"),
        _work_hits(
            query,
            activities.order_by("-started", "slug"),
            lambda a: f"{a.get_kind_display()}, {a.started}",
        ),
    )
    results = Result.objects.for_user(user).select_related(
        "partnership", "project__partnership"
    )
    add(
        "results",
        _("Results"),
        _work_hits(
            query,
            results.order_by("-achieved_on", "slug"),
            lambda r: r.get_kind_display(),
        ),
    )
    calls = FundingOpportunity.objects.for_user(user)
    add(
        "calls",
        _("Funding calls"),
        [
            Hit(title=c.title, detail=c.programme, url=change_url(c))
            for c in calls.order_by("deadline", "slug")
            if matches(query, *_translated(c, "title"), c.call_identifier)
        ],
    )
    searches = PartnerSearch.objects.for_user(user)
    add(
        "partner_searches",
        _("Partner searches"),
        [
            Hit(title=s.title, detail=s.get_kind_display(), url=change_url(s))
            for s in searches.order_by("deadline", "slug")
            if matches(query, *_translated(s, "title"))
        ],
    )
    organisations = Organisation.objects.all().select_related("place")
    add(
        "organisations",
        _("Organisations"),
        [
            Hit(title=o.name, detail=o.get_kind_display(), url=change_url(o))
            for o in organisations.order_by("name")
            if matches(query, o.name, *_translated(o, "name"))
        ],
    )
    contacts = [
        c
        for c in ContactPerson.objects.for_user(user)
        .select_related("organisation")
        .order_by("name", "id")
        if matches(query, c.name)
    ]
    add(
        "contacts",
        _("Contact persons"),
        [
            Hit(title=c.name, detail=str(c.organisation or ""), url=change_url(c))
            for c in contacts
        ],
    )
    return groups, len(contacts)

"""Nothing the public may not see reaches a public page, an API answer or a download.

The register gets a record the public may not see at every level of the hierarchy,
each carrying a mark of its own:

- an internal partnership, with a public project, activity, result, event and
  agreement under it;
- an internal project under a public partnership, with a public activity and a
  public result under it;
- an internal activity of the public partnership, with a public result from it;
- an internal result of the public partnership;
- an internal agreement of the public partnership;
- internal notes on the public records;
- a contact person with an e-mail address and a phone number.

Then every public page (crawled from the overview, the sitemap and every link, in
both languages), every API list and every detail it links to, and every download
is read as an anonymous visitor, and no mark may appear in any of them. The public
records beside them must appear, so the crawl is known to reach them.

`test_the_crawl_finds_a_leak_when_a_rule_is_weakened` weakens one model's rule at a
time and shows the crawl then finds that model's records: run it with
`pytest -m mutation tests/test_privacy.py`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from openpyxl import load_workbook

from twinning.activities.models import ActivityQuerySet
from twinning.activities.services import (
    activity_create,
    budget_line_create,
    follow_up_create,
    gift_create,
    programme_stop_create,
)
from twinning.contacts.services import contact_create
from twinning.eu.models import FundingOpportunityQuerySet, PartnerSearchQuerySet
from twinning.eu.services import (
    application_create,
    funding_opportunity_create,
    partner_search_create,
    policy_warning_create,
)
from twinning.partnerships.choices import EventKind
from twinning.partnerships.models import (
    AgreementQuerySet,
    PartnershipEventQuerySet,
    PartnershipQuerySet,
)
from twinning.partnerships.services import (
    agreement_create,
    partner_profile_create,
    partnership_add_event,
    partnership_create,
)
from twinning.places.models import Municipality
from twinning.places.services import place_create
from twinning.projects.models import ProjectQuerySet
from twinning.projects.services import project_create, project_phase_create
from twinning.results.models import ResultQuerySet
from twinning.results.services import result_create

pytestmark = pytest.mark.django_db

LANGUAGES = ("da", "en")
DOWNLOADS = [
    *(
        f"/open-data/{table}.{kind}"
        for table in ("partnerships", "activities", "results", "places")
        for kind in ("csv", "xlsx")
    ),
    "/open-data/partners.geojson",
    "/open-data/calendar.ics",
    "/open-data/calendar.ics?lang=en",
    "/open-data/iati-activities.xml",
]
API = "/api/v1"
# Lists of the API that anyone may read, and how their items' details are found.
API_LISTS = {
    "/partnerships": "/partnerships/{slug}",
    "/agreements": "/agreements/{id}",
    "/networks": None,
    "/themes": None,
    "/places": None,
    "/organisations": None,
    "/projects": "/projects/{slug}",
    "/activities": "/activities/{slug}",
    "/results": "/results/{slug}",
    "/funding-opportunities": "/funding-opportunities/{slug}",
}
EMAIL = "leakmark.kontakt@example.org"
PHONE = "+45 8765 4321"


@dataclass
class Register:
    """The marks of what must not be seen, and of what must."""

    hidden: dict[str, str] = field(default_factory=dict)  # mark -> what it is
    shown: dict[str, str] = field(default_factory=dict)
    hidden_addresses: list[str] = field(default_factory=list)

    def mark(self, what: str) -> str:
        mark = f"leakmark-{what}"
        self.hidden[mark] = what
        return mark

    def show(self, what: str) -> str:
        mark = f"shownmark-{what}"
        self.shown[mark] = what
        return mark


@pytest.fixture
def register(aarhus: Municipality, editor: Any) -> Register:
    """Build the records, as an editor would through the services."""
    register = Register()
    one = register.mark  # readability: every text of a hidden record carries a mark

    def place(slug: str) -> Any:
        return place_create(actor=editor, slug=slug, name=slug.title(), country="SE")

    # An internal partnership, with public records under it.
    internal = partnership_create(
        actor=editor,
        municipality=aarhus,
        slug=one("partnership"),
        partner_place=place("hemlingby"),
        kind="cooperation",
        description_da=one("partnership-description"),
        description_en=one("partnership-description"),
        is_public=False,
    )
    partnership_add_event(
        partnership=internal,
        actor=editor,
        kind=EventKind.ESTABLISHED,
        date="2020",
        reason_da=one("event-of-internal-partnership"),
        reason_en=one("event-of-internal-partnership"),
    )
    agreement_create(
        actor=editor,
        partnership=internal,
        kind="cooperation",
        title_da=one("agreement-of-internal-partnership"),
        title_en=one("agreement-of-internal-partnership"),
        signed_on="2020",
        is_public=True,
    )
    under_internal = project_create(
        actor=editor,
        municipality=aarhus,
        slug=one("project-of-internal-partnership"),
        title_da=one("project-of-internal-partnership"),
        title_en=one("project-of-internal-partnership"),
        partnership=internal,
        started="2021",
        is_public=True,
    )
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug=one("activity-of-internal-partnership"),
        kind="meeting",
        title_da=one("activity-of-internal-partnership"),
        title_en=one("activity-of-internal-partnership"),
        partnership=internal,
        started="2021-05-04",
        is_public=True,
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug=one("result-of-internal-partnership"),
        kind="knowledge_sharing",
        title_da=one("result-of-internal-partnership"),
        title_en=one("result-of-internal-partnership"),
        partnership=internal,
        is_public=True,
    )
    register.hidden_addresses += [
        "/{language}/partners/hemlingby/",
        f"/{{language}}/projects/{under_internal.slug}/",
        f"{API}/partnerships/{internal.slug}",
        f"{API}/projects/{under_internal.slug}",
    ]

    # A public partnership with records under it that are internal.
    public = partnership_create(
        actor=editor,
        municipality=aarhus,
        slug="synligby",
        partner_place=place("synligby"),
        kind="cooperation",
        description_da=register.show("partnership-description"),
        description_en=register.show("partnership-description"),
        internal_note=one("internal-note-of-public-partnership"),
        is_public=True,
    )
    partnership_add_event(
        partnership=public,
        actor=editor,
        kind=EventKind.ESTABLISHED,
        date="2019",
        reason_da=register.show("event"),
        reason_en=register.show("event"),
        internal_reason=one("internal-reason-of-event"),
    )
    internal_project = project_create(
        actor=editor,
        municipality=aarhus,
        slug=one("internal-project"),
        title_da=one("internal-project"),
        title_en=one("internal-project"),
        partnership=public,
        started="2022",
        is_public=False,
    )
    project_phase_create(
        actor=editor,
        project=internal_project,
        number=1,
        title_da=one("phase-of-internal-project"),
        title_en=one("phase-of-internal-project"),
    )
    activity_create(
        actor=editor,
        municipality=aarhus,
        slug=one("public-activity-of-internal-project"),
        kind="meeting",
        title_da=one("public-activity-of-internal-project"),
        title_en=one("public-activity-of-internal-project"),
        partnership=public,
        project=internal_project,
        started="2022-06-01",
        is_public=True,
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug=one("public-result-of-internal-project"),
        kind="knowledge_sharing",
        title_da=one("public-result-of-internal-project"),
        title_en=one("public-result-of-internal-project"),
        project=internal_project,
        is_public=True,
    )
    internal_activity = activity_create(
        actor=editor,
        municipality=aarhus,
        slug=one("internal-activity"),
        kind="incoming_visit",
        title_da=one("internal-activity"),
        title_en=one("internal-activity"),
        partnership=public,
        started="2023-02-01",
        is_public=False,
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug=one("public-result-of-internal-activity"),
        kind="business_deal",
        title_da=one("public-result-of-internal-activity"),
        title_en=one("public-result-of-internal-activity"),
        partnership=public,
        activity=internal_activity,
        is_public=True,
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug=one("internal-result"),
        kind="network",
        title_da=one("internal-result"),
        title_en=one("internal-result"),
        partnership=public,
        is_public=False,
    )
    agreement_create(
        actor=editor,
        partnership=public,
        kind="mou",
        title_da=one("internal-agreement"),
        title_en=one("internal-agreement"),
        signed_on="2019",
        is_public=False,
    )
    shown_activity = activity_create(
        actor=editor,
        municipality=aarhus,
        slug="shown-activity",
        kind="meeting",
        title_da=register.show("activity"),
        title_en=register.show("activity"),
        partnership=public,
        started="2023-03-01",
        purpose_da="Et møde.",
        purpose_en="A meeting.",
        internal_note=one("internal-note-of-public-activity"),
        is_public=True,
    )
    # A public visit's plans stay with staff: programme, budget, gifts, follow-ups.
    programme_stop_create(
        actor=editor,
        activity=shown_activity,
        starts_at=dt.datetime(2023, 3, 1, 9, tzinfo=dt.UTC),
        venue=one("programme-venue"),
        host=one("programme-host"),
        description=one("programme-description"),
    )
    budget_line_create(
        actor=editor,
        activity=shown_activity,
        kind="gifts",
        description=one("budget-line"),
        planned=Decimal("98765.43"),
    )
    gift_create(
        actor=editor,
        activity=shown_activity,
        direction="received",
        description=one("gift"),
        counterpart=one("gift-counterpart"),
        estimated_value=Decimal("4321.09"),
    )
    follow_up_create(
        actor=editor, activity=shown_activity, description=one("follow-up")
    )
    result_create(
        actor=editor,
        municipality=aarhus,
        slug="shown-result",
        kind="knowledge_sharing",
        title_da=register.show("result"),
        title_en=register.show("result"),
        partnership=public,
        internal_note=one("internal-note-of-public-result"),
        is_public=True,
    )
    register.hidden_addresses += [
        f"/{{language}}/projects/{internal_project.slug}/",
        f"{API}/projects/{internal_project.slug}",
        f"{API}/activities/{internal_activity.slug}",
    ]

    contact_create(
        actor=editor,
        municipality=aarhus,
        name=one("contact-person"),
        email=EMAIL,
        phone=PHONE,
        retain_until=dt.date(2030, 12, 31),
    )
    register.hidden[EMAIL] = "contact's e-mail"
    register.hidden[PHONE] = "contact's phone"

    # EU work: a public call with an internal application to it, an internal call,
    # an internal partner search beside a public one, an early warning, and a
    # seeking-partners profile not yet published.
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    shown_call = funding_opportunity_create(
        actor=editor,
        municipality=aarhus,
        slug="shown-call",
        programme="CERV",
        title_da=register.show("call"),
        title_en=register.show("call"),
        deadline=soon,
        is_public=True,
    )
    funding_opportunity_create(
        actor=editor,
        municipality=aarhus,
        slug=one("internal-call"),
        programme="CERV",
        title_da=one("internal-call"),
        title_en=one("internal-call"),
        deadline=soon,
        is_public=False,
    )
    application_create(
        actor=editor,
        municipality=aarhus,
        slug=one("application"),
        call=shown_call,
        title_da=one("application"),
        title_en=one("application"),
        internal_note=one("internal-note-of-application"),
    )
    partner_search_create(
        actor=editor,
        municipality=aarhus,
        slug="shown-search",
        kind="sought",
        title_da=register.show("partner-search"),
        title_en=register.show("partner-search"),
        answer_da=one("answer-of-public-search"),
        answer_en=one("answer-of-public-search"),
        is_public=True,
    )
    partner_search_create(
        actor=editor,
        municipality=aarhus,
        slug=one("internal-search"),
        kind="offered",
        title_da=one("internal-search"),
        title_en=one("internal-search"),
        is_public=False,
    )
    policy_warning_create(
        actor=editor,
        municipality=aarhus,
        slug=one("warning"),
        topic_da=one("warning"),
        topic_en=one("warning"),
        date=dt.date(2026, 1, 1),
        source=one("warning-source"),
    )
    partner_profile_create(
        actor=editor,
        municipality=aarhus,
        languages="da en",
        description_da=one("unpublished-profile"),
        description_en=one("unpublished-profile"),
    )
    return register


def text_of(response: Any) -> str:
    """Return a response's content as text, unpacking a workbook."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            " ".join(str(value) for value in row if value is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return response.content.decode("utf-8")


LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
SKIPPED = ("/static/", "/media/", "/admin/", "/i18n/")


def public_pages(client: Client) -> Iterator[tuple[str, str]]:
    """Crawl the public site as a visitor: yield each page's address and text."""
    sitemap = client.get("/sitemap.xml").content.decode()
    queue = deque([f"/{language}/" for language in LANGUAGES])
    queue += re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", sitemap)
    seen: set[str] = set()
    while queue:
        address = queue.popleft()
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        assert response.status_code == 200, f"{address}: {response.status_code}"
        text = text_of(response)
        yield address, text
        if not response["Content-Type"].startswith("text/html"):
            continue
        for link in LINK.findall(text):
            target = urljoin(address, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or parts.scheme in ("mailto", "tel"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            internal_page = path.startswith(("/da/", "/en/", "/open-data/"))
            if internal_page and not path.startswith(SKIPPED):
                queue.append(path)


def api_answers(client: Client) -> Iterator[tuple[str, str]]:
    """Read every public list of the API, and the detail of every item in it."""
    for list_path, detail in API_LISTS.items():
        response = client.get(f"{API}{list_path}?limit=500")
        assert response.status_code == 200, f"{list_path}: {response.status_code}"
        yield list_path, response.content.decode()
        for item in response.json()["items"]:
            if detail is None:
                continue
            path = API + detail.format(slug=item.get("slug"), id=item.get("id"))
            answer = client.get(path)
            assert answer.status_code == 200, f"{path}: {answer.status_code}"
            yield path, answer.content.decode()
            if list_path == "/partnerships":
                events = client.get(f"{path}/events?limit=500")
                yield f"{path}/events", events.content.decode()


def downloads(client: Client) -> Iterator[tuple[str, str]]:
    for path in DOWNLOADS:
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        yield path, text_of(response)


def everything_public(client: Client) -> dict[str, str]:
    return {
        address: text
        for source in (public_pages, api_answers, downloads)
        for address, text in source(client)
    }


def leaks(register: Register, answers: dict[str, str]) -> list[str]:
    return [
        f"{register.hidden[mark]} on {address}"
        for address, text in answers.items()
        for mark in register.hidden
        if mark.lower() in text.lower()
    ]


def test_nothing_internal_reaches_a_public_page_the_api_or_a_download(register):
    client = Client()
    answers = everything_public(client)

    assert leaks(register, answers) == []
    everything = "\n".join(answers.values())
    for mark, what in register.shown.items():
        assert mark in everything, f"the public {what} was not found"
    assert len([a for a in answers if a.startswith(("/da/", "/en/"))]) > 20


def test_a_hidden_record_is_not_found_at_its_own_address(register):
    client = Client()
    for address in register.hidden_addresses:
        for language in LANGUAGES:
            path = address.format(language=language)
            assert client.get(path).status_code == 404, path


# Each model's rule, and how to weaken it: one change that lets more through.
WEAKENINGS = {
    "partnership": (PartnershipQuerySet, "public_flag", None),
    "event": (PartnershipEventQuerySet, "public_parents", ()),
    "agreement flag": (AgreementQuerySet, "public_flag", None),
    "agreement parents": (AgreementQuerySet, "public_parents", ()),
    "project flag": (ProjectQuerySet, "public_flag", None),
    "project parents": (ProjectQuerySet, "public_parents", ()),
    "activity flag": (ActivityQuerySet, "public_flag", None),
    "activity parents": (ActivityQuerySet, "public_parents", ("partnership",)),
    "result flag": (ResultQuerySet, "public_flag", None),
    "result parents": (ResultQuerySet, "public_parents", ("partnership", "project")),
    "funding call": (FundingOpportunityQuerySet, "public_flag", None),
    "partner search": (PartnerSearchQuerySet, "public_flag", None),
}


@pytest.mark.mutation
@pytest.mark.parametrize("weakening", WEAKENINGS)
def test_the_crawl_finds_a_leak_when_a_rule_is_weakened(
    register, weakening, monkeypatch
):
    queryset, attribute, value = WEAKENINGS[weakening]
    monkeypatch.setattr(queryset, attribute, value)
    client = Client()
    try:
        found = leaks(register, everything_public(client))
    except AssertionError as broken_link:
        # A page links to what is hidden elsewhere (a partner page that is 404).
        found = [str(broken_link)]
    found += [
        address
        for address in register.hidden_addresses
        if client.get(address.format(language="en")).status_code == 200
    ]

    assert found

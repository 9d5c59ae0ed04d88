"""Three more of the office's tasks, from /da/staff/, as a person does them in Danish.

- Contacts under GDPR: a guest of a visit asks to be forgotten. The editor finds
  her with the workspace's search, deletes her, is told first that this is an
  erasure, and the visit keeps its participant as "slettet person".
- Viewers and editors: an administrator (password and authenticator code) makes a
  new colleague a viewer in one form, with the roles named in Danish; the viewer
  reads the workspace and gets the back office's own refusal, which says what a
  viewer may not do, when trying to add a record.
- An EU call and a partner search: from Tshwane's file, the editor tracks a funding
  call and a partner search for it; both appear on the file, in the EU pipeline
  and among the deadlines of what needs attention.

Each task counts the pages the browser loads (`PageLoads`), sign-in included, and
prints them (`pytest -s`). The tasks save through the live server, which shares the
test's connection on SQLite only; there the test's transaction takes the saves back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, expect

from twinning.accounts.models import User
from twinning.accounts.roles import ADMINISTRATOR, EDITOR
from twinning.accounts.services import user_create
from twinning.activities.tests.factories import ActivityFactory, ParticipantFactory
from twinning.contacts.models import ContactPerson
from twinning.contacts.tests.factories import ContactFactory
from twinning.eu.models import PartnerSearch
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality

from .conftest import TIMEOUT_MS
from .test_visits_back_office import (
    PageLoads,
    choose,
    report,
    settle,
    writes_through_the_server,
)

pytestmark = [pytest.mark.browser, writes_through_the_server]

PASSWORD = "correct horse battery staple"  # the test personas'
DESKTOP = {"width": 1280, "height": 900}


def _staff(username: str, role: str) -> User:
    return user_create(
        username=username,
        password=PASSWORD,
        role=role,
        municipalities=[Municipality.objects.get(slug="aarhus")],
    )


@pytest.fixture(scope="module")
def office(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, User]]:
    """An editor and an administrator of Aarhus; the administrator has set up an
    authenticator app, as an administrator must."""
    with django_db_blocker.unblock():
        people = {
            "editor": _staff("emil-editor", EDITOR),
            "administrator": _staff("alma-administrator", ADMINISTRATOR),
        }
        TOTPDevice.objects.create(user=people["administrator"], name="telefon")
        yield people
        for user in people.values():
            user.delete()


@pytest.fixture
def new_context(browser: Browser, live_site: str) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def new_context() -> Page:
        context = browser.new_context(
            base_url=live_site,
            locale="da-DK",
            extra_http_headers={"Accept-Language": "da"},
            viewport=DESKTOP,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield new_context
    for context in contexts:
        context.close()


def sign_in_at_staff(page: Page, username: str, password: str = PASSWORD) -> None:
    """Ask for /da/staff/, sign in on the login page it sends one to."""
    page.goto("/da/staff/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


def code_now(user: User) -> str:
    """The six digits the administrator's authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_a_guest_who_asks_to_be_forgotten_is_erased_and_the_visit_keeps_its_count(
    office: dict[str, User], new_context: Any, db: Any
) -> None:
    bergen = Partnership.objects.get(slug="bergen")
    visit = ActivityFactory(partnership=bergen, title_da="Bergen på besøg")
    guest = ContactFactory(
        name="Solveig Haugland", email="solveig@bergen.example", phone="+47 55 00 00"
    )
    ParticipantFactory(activity=visit, contact=guest)
    ParticipantFactory(activity=visit, contact=ContactFactory(name="Rune Bakke"))

    page = new_context()
    loads = PageLoads(page)
    sign_in_at_staff(page, "emil-editor")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Det skal du se på")
    page.get_by_label("Find en post").fill("solveig haugland")
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="Solveig Haugland").click()
    expect(page.get_by_label("E-mail")).to_have_value("solveig@bergen.example")
    page.get_by_role("link", name="Slet", exact=True).first.click()

    # The confirmation says what deleting a person does, before anything happens.
    main = page.locator("#content")
    expect(main).to_contain_text("Dette sletter kontaktpersonen nedenfor for altid")
    expect(main).to_contain_text("„slettet person“ i stedet")
    assert ContactPerson.objects.filter(pk=guest.pk).exists()
    page.get_by_role("button", name="Ja, slet for altid").click()
    expect(page.locator(".messagelist")).to_contain_text("blev slettet")
    report("erase a guest on request", loads, page)
    assert loads.count == 6  # login, staff, search, contact, confirm, list

    # The visit still has two participants: Rune Bakke and an erased person.
    page.goto(f"/admin/activities/activity/{visit.pk}/change/")
    participants = page.locator("#participants-group")
    expect(participants).to_contain_text("Rune Bakke")
    expect(participants).to_contain_text("slettet person")
    expect(page.locator("body")).not_to_contain_text("Solveig")
    assert visit.participants.count() == 2
    # Nothing is left of her: not a version in the history, not the admin's log.
    assert not ContactPerson.history.filter(name__icontains="Solveig").exists()
    assert not ContactPerson.history.filter(email__icontains="solveig").exists()
    assert not LogEntry.objects.filter(object_repr__icontains="Solveig").exists()


def test_an_administrator_makes_a_viewer_who_reads_but_may_not_add(
    office: dict[str, User], new_context: Any, db: Any
) -> None:
    page = new_context()
    loads = PageLoads(page)
    sign_in_at_staff(page, "alma-administrator")
    # Administrators prove a second factor before the back office opens.
    page.get_by_label("Kode").fill(code_now(office["administrator"]))
    page.get_by_role("button", name="Bekræft").click()
    expect(page).to_have_url(re.compile(r"/da/staff/$"))

    page.get_by_role("link", name="Backoffice").first.click()
    # The front page's "Tilføj" beside "Brugere".
    page.locator("a.addlink[href$='/accounts/user/add/']").click()
    page.get_by_label("Brugernavn").fill("viggo-viewer")
    page.locator("#id_password1").fill("a long and unusual phrase 7")
    page.locator("#id_password2").fill("a long and unusual phrase 7")
    page.get_by_label("E-mail").fill("viggo@aarhus.example")
    # The roles are named in Danish, as boxes to tick.
    roles = page.locator("#id_groups")
    expect(roles).to_contain_text("læser")
    expect(roles).to_contain_text("redaktør")
    expect(roles).not_to_contain_text("viewer")
    page.get_by_label("læser").check()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("blev tilføjet")
    expect(page.get_by_label("læser")).to_be_checked()
    report("make a colleague a viewer", loads, page)

    viewer = User.objects.get(username="viggo-viewer")
    assert viewer.is_staff  # nobody has to tick "staff status" by hand
    assert list(viewer.municipalities.values_list("slug", flat=True)) == ["aarhus"]
    page.goto("/admin/accounts/user/")
    expect(page.locator("#result_list")).to_contain_text("læser")
    settle(page)
    # login, code, staff, back office, the form, the saved user; then the list
    assert loads.count == 7

    colleague = new_context()
    sign_in_at_staff(colleague, "viggo-viewer", "a long and unusual phrase 7")
    expect(colleague).to_have_url(re.compile(r"/da/staff/$"))
    colleague.goto("/da/staff/partners/tshwane/")
    expect(colleague.get_by_role("heading", level=1)).to_contain_text("Tshwane")
    expect(colleague.locator("main")).not_to_contain_text("Tilføj en aktivitet")
    # Asking the back office for a form anyway gets its own page of refusal.
    answer = colleague.goto("/admin/activities/activity/add/")
    assert answer is not None and answer.status == 403
    expect(colleague.locator("#content")).to_contain_text("Din rolle: læser.")
    expect(colleague.locator("#content")).to_contain_text(
        "må ikke oprette, ændre eller slette poster"
    )
    expect(colleague.locator("#header")).to_be_visible()  # in the back office's look


def test_a_funding_call_and_a_partner_search_are_tracked_from_the_partner_file(
    office: dict[str, User], new_context: Any, db: Any
) -> None:
    in_six_weeks = timezone.localdate() + dt.timedelta(days=42)
    page = new_context()
    loads = PageLoads(page)
    sign_in_at_staff(page, "emil-editor")
    page.get_by_label("Find en post").fill("tshwane")
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="Tshwane", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tshwane")

    # The call, from the file: the partnership is filled in already.
    page.get_by_role("link", name="Følg et finansieringsopslag").click()
    expect(page.locator("#id_partnerships")).to_contain_text("Tshwane")
    page.locator("#id_programme").fill("Danida Fellowship Centre")
    page.locator("#id_title_da").fill("Vandpartnerskaber 2027")
    page.locator("#id_title_en").fill("Water partnerships 2027")
    page.locator("#id_deadline_0").fill(in_six_weeks.isoformat())
    page.locator("#id_deadline_1").fill("12:00")
    page.locator("input[name=_save]").first.click()
    # Saved, the form goes back to the file it was opened from.
    expect(page).to_have_url(re.compile(r"/da/staff/partners/tshwane/$"))
    expect(page.locator(".messagelist")).to_contain_text("blev tilføjet")

    # The partner search, linked to the call and the partnership.
    page.get_by_role("link", name="Tilføj en partnersøgning").click()
    page.locator("#id_kind").select_option("sought")
    page.locator("#id_title_da").fill("Partnere til vandtab i Tshwane")
    page.locator("#id_title_en").fill("Partners on water loss in Tshwane")
    page.locator("#id_deadline").fill(
        (in_six_weeks - dt.timedelta(days=14)).isoformat()
    )
    choose(page, "id_funding_opportunity", "Vandpartnerskaber 2027")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("blev tilføjet")
    report("track a call and a partner search", loads, page)
    # login, staff, search, file, the call's form, file, the search's form, file
    assert loads.count == 8

    # Both are on the file, in the pipeline and among the deadlines of /staff/.
    eu = page.locator("#eu")
    expect(eu).to_contain_text("Vandpartnerskaber 2027")
    expect(eu).to_contain_text("Partnere til vandtab i Tshwane")
    page.goto("/da/staff/eu/")
    searches = page.locator("#searches")
    expect(searches).to_contain_text("Partnere til vandtab i Tshwane")
    expect(searches.get_by_role("link", name="Tshwane", exact=True)).to_be_visible()
    page.goto("/da/staff/")
    deadlines = page.locator("#deadlines")
    expect(deadlines).to_contain_text("Vandpartnerskaber 2027")
    expect(deadlines).to_contain_text("Partnere til vandtab i Tshwane")
    search = PartnerSearch.objects.get(title_da="Partnere til vandtab i Tshwane")
    assert search.funding_opportunity is not None
    assert [p.slug for p in search.partnerships.all()] == ["tshwane"]
    assert not search.is_public  # internal until published

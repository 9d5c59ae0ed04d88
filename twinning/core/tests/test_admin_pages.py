"""Every page of the back office opens, in Danish and in English, and saves safely.

The language is chosen the way a browser keeps it: with the language cookie
(`/admin/` is not under `i18n_patterns`, so the URL carries no language). Our own
strings have no Danish translation yet, so the language is checked on Django's
own admin strings only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import models
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import on_session, persona, signed_in_session
from twinning.accounts.models import User
from twinning.accounts.roles import ADMINISTRATOR
from twinning.activities.models import Activity
from twinning.activities.services import follow_up_create
from twinning.contacts.services import contact_create
from twinning.core.models import AccessAction
from twinning.core.services import access_log_record
from twinning.eu.choices import PartnerSearchKind
from twinning.eu.services import (
    application_create,
    funding_opportunity_create,
    partner_search_create,
    policy_warning_create,
)
from twinning.partnerships.models import Agreement, Partnership, Theme
from twinning.partnerships.services import partner_profile_create, partnership_update
from twinning.places.models import Municipality, Place
from twinning.projects.models import Project
from twinning.results.services import indicator_create

# Django's own admin strings, which Django ships translated into Danish.
ADMIN_WORDS = {
    "da": {
        "log_out": "Log ud",
        "home": "Hjem",
        "save": 'value="Gem"',
        "close": 'class="closelink">Luk</a>',
        "recent_actions": "Seneste handlinger",
        "date_time": "Dato/tid",
    },
    "en": {
        "log_out": "Log out",
        "home": "Home",
        "save": 'value="Save"',
        "close": 'class="closelink">Close</a>',
        "recent_actions": "Recent actions",
        "date_time": "Date/time",
    },
}
LANGUAGES = sorted(ADMIN_WORDS)

STALE_MESSAGE = "Someone else changed this partnership after you opened it."


# --- The administrator, signed in once for the module's pages ----------------------


@pytest.fixture(scope="module")
def administrator(module_records: None) -> User:
    """The platform administrator, made once for the module's two hundred pages."""
    return persona("ada-administrator", ADMINISTRATOR, platform=True)


@pytest.fixture(scope="module")
def administrators_session(administrator: User) -> str:
    """The key of a session the administrator signed in to, second factor and all."""
    return signed_in_session(administrator)


@pytest.fixture
def administrator_client(administrators_session: str) -> Client:
    """A browser of its own for each test, on the administrator's session.

    Whatever a test writes to the session is rolled back with the test.
    """
    return on_session(administrators_session)


# --- Turning a page's form into what a browser would post --------------------------


class _FormReader(HTMLParser):
    """Collect the fields a browser would submit from one `<form>` of a page.

    Follows the HTML rules that matter for the admin: unchecked boxes are not sent,
    a single select with nothing selected sends its first option, a newline right
    after `<textarea>` is not part of the value, disabled fields and buttons are not
    sent, and the inline formsets' templates (`__prefix__`) are skipped.
    """

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and attributes.get("id") == self.form_id:
            self._in_form = self.found = True
            return
        if not self._in_form:
            return
        name = attributes.get("name", "")
        sent = bool(name) and "__prefix__" not in name and "disabled" not in attributes
        if tag == "input" and sent:
            self._read_input(name, attributes)
        elif tag == "select":
            self._select = {
                "name": name if sent else "",
                "multiple": "multiple" in attributes,
                "options": [],
            }
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attributes.get("value"),
                "text": "",
                "selected": "selected" in attributes,
            }
            self._select["options"].append(self._option)
        elif tag == "textarea" and sent:
            self._textarea = {"name": name, "text": ""}

    def _read_input(self, name: str, attributes: dict[str, str]) -> None:
        kind = attributes.get("type", "text").lower()
        if kind in {"submit", "button", "image", "reset", "file"}:
            return
        if kind in {"checkbox", "radio"}:
            if "checked" in attributes:
                self.fields.append((name, attributes.get("value") or "on"))
            return
        self.fields.append((name, attributes.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            self._end_select(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            text = text.removeprefix("\r\n").removeprefix("\n")
            self.fields.append((self._textarea["name"], text))
            self._textarea = None

    def _end_select(self, select: dict[str, Any]) -> None:
        if not select["name"]:
            return
        values = [
            option["text"] if option["value"] is None else option["value"]
            for option in select["options"]
            if option["selected"]
        ]
        if not values and not select["multiple"] and select["options"]:
            first = select["options"][0]
            values = [first["text"] if first["value"] is None else first["value"]]
        if not select["multiple"]:
            values = values[-1:]
        self.fields.extend((select["name"], value) for value in values)


def form_post_data(response: HttpResponse, form_id: str) -> dict[str, list[str]]:
    """Return what a browser would post from the form `form_id` of a page.

    Includes every input, select and textarea of the form, the hidden
    `expected_version` and the inline formsets' management forms among them, and
    the Save button.
    """
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    reader.close()
    assert reader.found, f"no <form id={form_id!r}> on the page"
    data: dict[str, list[str]] = defaultdict(list)
    for name, value in reader.fields:
        data[name].append(value)
    data["_save"] = ["Save"]
    return dict(data)


def change_form_data(response: HttpResponse) -> dict[str, list[str]]:
    """Return what a browser would post from an admin add or change page."""
    opts = response.context["opts"]
    return form_post_data(response, f"{opts.model_name}_form")


# --- A record of every registered model ---------------------------------------------


def _aarhus() -> Municipality:
    return Municipality.objects.get(slug="aarhus")


def _an_access_log_entry(actor: User) -> models.Model:
    return access_log_record(
        actor=actor, action=AccessAction.READ, model=Partnership, detail="list"
    )


def _a_contact_person(actor: User) -> models.Model:
    return contact_create(
        actor=actor,
        municipality=_aarhus(),
        name="Ingrid Holm",
        job_title="International coordinator",
        email="ingrid.holm@example.org",
        phone="+45 87 65 43 21",
        retain_until=datetime.date(2030, 12, 31),
    )


def _a_funding_opportunity(actor: User) -> models.Model:
    return funding_opportunity_create(
        actor=actor,
        municipality=_aarhus(),
        slug="horizon-europe-cities-2026",
        programme="Horizon Europe",
        title_en="Climate-neutral and smart cities",
        title_da="Klimaneutrale og smarte byer",
        opens=datetime.date(2026, 1, 15),
        deadline=datetime.datetime(2026, 4, 30, 17, tzinfo=datetime.UTC),
    )


def _a_partner_search(actor: User) -> models.Model:
    return partner_search_create(
        actor=actor,
        municipality=_aarhus(),
        slug="interreg-north-sea-water",
        kind=PartnerSearchKind.SOUGHT,
        title_en="Partners for water resilience",
        title_da="Partnere til vandrobusthed",
        programme="Interreg North Sea",
    )


def _an_application(actor: User) -> models.Model:
    return application_create(
        actor=actor,
        municipality=_aarhus(),
        slug="town-twinning-2026",
        call=_a_funding_opportunity(actor),
        title_en="Town twinning with Bergen",
        title_da="Venskabsbysamarbejde med Bergen",
        partnerships=[Partnership.objects.get(municipality=_aarhus(), slug="bergen")],
    )


def _a_policy_warning(actor: User) -> models.Model:
    return policy_warning_create(
        actor=actor,
        municipality=_aarhus(),
        slug="urban-wastewater-directive",
        topic_en="The recast urban wastewater directive",
        topic_da="Det omarbejdede byspildevandsdirektiv",
        date=datetime.date(2026, 3, 1),
        source="European Commission",
        partnerships=[Partnership.objects.get(municipality=_aarhus(), slug="bergen")],
    )


def _a_partner_profile(actor: User) -> models.Model:
    return partner_profile_create(
        actor=actor,
        municipality=_aarhus(),
        description_en="A port city seeking partners on water and culture.",
        languages="da en",
        themes=Theme.objects.all()[:1],
    )


def _an_indicator(actor: User) -> models.Model:
    return indicator_create(
        actor=actor,
        project=Project.objects.order_by("pk").first(),
        title_en="Households with clean water",
        title_da="Husstande med rent vand",
        baseline_year=2020,
        baseline_value=Decimal(1200),
        periods=[
            {
                "period_start": datetime.date(2021, 1, 1),
                "period_end": datetime.date(2021, 12, 31),
                "target_value": Decimal(1500),
                "actual_value": Decimal(1450),
            }
        ],
    )


def _an_activity_with_a_follow_up(actor: User) -> models.Model:
    # Follow-ups exist only as an inline of activities; give one something to show.
    activity = Activity.objects.order_by("pk").first()
    assert activity is not None
    follow_up_create(
        actor=actor,
        activity=activity,
        description="Send the partners the report from the visit",
        responsible=actor,
        responsible_note="International office",
        due=datetime.date(2026, 6, 1),
    )
    return activity


def _a_follow_up(actor: User) -> models.Model:
    activity = _an_activity_with_a_follow_up(actor)
    return activity.follow_ups.get()


def _a_calendar_address(actor: User) -> models.Model:
    from twinning.activities.services import calendar_feed_create

    return calendar_feed_create(user=actor, name="Outlook").feed


def _an_api_token(actor: User) -> models.Model:
    from twinning.accounts.tokens import api_token_create

    return api_token_create(user=actor, name="Open data portal").token


def _a_failed_sign_in(actor: User) -> models.Model:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="test",
        path_info="/admin/login/",
        failures_since_start=1,
    )


def _a_sign_in(actor: User) -> models.Model:
    from axes.models import AccessLog

    return AccessLog.objects.create(
        username=actor.username,
        ip_address="192.0.2.1",
        user_agent="test",
        path_info="/admin/login/",
    )


def _a_failure(actor: User) -> models.Model:
    from axes.models import AccessFailureLog

    return AccessFailureLog.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="test",
        path_info="/admin/login/",
        locked_out=False,
    )


def _an_authenticator(actor: User) -> models.Model:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=actor, name="phone")


def _recovery_codes(actor: User) -> models.Model:
    from twinning.accounts.second_factor import recovery_codes_issue

    recovery_codes_issue(user=actor)
    return actor.staticdevice_set.get()


def _a_passkey(actor: User) -> models.Model:
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(
        user=actor,
        name="laptop",
        credential_id=b"credential",
        public_key=b"key",
        aaguid="00000000-0000-0000-0000-000000000000",
    )


# The dataset has no record of these (or none that shows an inline).
RECORD_MAKERS = {
    "axes.accessattempt": _a_failed_sign_in,
    "axes.accesslog": _a_sign_in,
    "axes.accessfailurelog": _a_failure,
    "otp_totp.totpdevice": _an_authenticator,
    "otp_static.staticdevice": _recovery_codes,
    "django_otp_webauthn.webauthncredential": _a_passkey,
    "accounts.apitoken": _an_api_token,
    "core.accesslogentry": _an_access_log_entry,
    "contacts.contactperson": _a_contact_person,
    "eu.fundingopportunity": _a_funding_opportunity,
    "eu.partnersearch": _a_partner_search,
    "results.indicator": _an_indicator,
    "eu.application": _an_application,
    "eu.policywarning": _a_policy_warning,
    "partnerships.partnerprofile": _a_partner_profile,
    "activities.activity": _an_activity_with_a_follow_up,
    "activities.followup": _a_follow_up,
    "activities.calendarfeed": _a_calendar_address,
}


def a_record_of(model: type[models.Model], actor: User) -> models.Model:
    """Return a record of `model`: the dataset's first, or one made for the test."""
    maker = RECORD_MAKERS.get(model._meta.label_lower)
    if maker is not None:
        return maker(actor)
    record = model._default_manager.order_by("pk").first()
    assert record is not None, f"no {model._meta.label} to open"
    return record


# --- Which pages there are ----------------------------------------------------------


def _superuser_request() -> Any:
    # Asked at collection time, before there is a database: an unsaved superuser
    # holds every permission without a query.
    request = RequestFactory().get("/admin/")
    request.user = User(username="collector", is_superuser=True, is_active=True)
    return request


def _registered() -> list[tuple[type[models.Model], admin.ModelAdmin]]:
    return sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower
    )


def _admin_pages() -> list[Any]:
    """Return the changelist, add (where allowed) and change page of every model."""
    request = _superuser_request()
    pages = []
    for model, model_admin in _registered():
        kinds = ["changelist", "change"]
        if model_admin.has_add_permission(request):
            kinds.insert(1, "add")
        pages.extend(
            pytest.param(
                model,
                kind,
                language,
                id=f"{model._meta.label_lower}-{kind}-{language}",
            )
            for kind in kinds
            for language in LANGUAGES
        )
    return pages


def _editable_models() -> list[Any]:
    request = _superuser_request()
    return [
        pytest.param(model, id=model._meta.label_lower)
        for model, model_admin in _registered()
        if model_admin.has_change_permission(request)
    ]


def _url(model: type[models.Model], kind: str, record: Any = None) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{kind}"
    return reverse(name, args=[quote(record.pk)] if record is not None else [])


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_admin_page_in(response: HttpResponse, language: str) -> str:
    """Assert that an admin page opened and speaks `language`; return its HTML."""
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert ADMIN_WORDS[language]["log_out"] in html
    other = next(code for code in LANGUAGES if code != language)
    assert ADMIN_WORDS[other]["log_out"] not in html
    return html


# --- Every page opens, in Danish and in English -------------------------------------


def test_every_registered_model_has_its_pages_tested() -> None:
    tested = {param.values[0] for param in _admin_pages()}

    assert tested == set(admin.site._registry)
    assert len(tested) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_index_opens_in_the_chosen_language(
    administrator_client: Client, language: str
) -> None:
    response = in_language(administrator_client, language).get(reverse("admin:index"))

    html = assert_admin_page_in(response, language)
    assert ADMIN_WORDS[language]["recent_actions"] in html


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "kind", "language"), _admin_pages())
def test_an_admin_page_opens_for_the_administrator_in_the_chosen_language(
    administrator: User,
    administrator_client: Client,
    model: type[models.Model],
    kind: str,
    language: str,
) -> None:
    record = a_record_of(model, administrator)
    client = in_language(administrator_client, language)

    response = client.get(_url(model, kind, record if kind == "change" else None))

    html = assert_admin_page_in(response, language)
    assert ADMIN_WORDS[language]["home"] in html
    if kind == "changelist":
        assert response.context["cl"].result_count >= 1
    elif kind == "add":
        assert ADMIN_WORDS[language]["save"] in html
    else:
        assert response.context["original"] == record
        model_admin = admin.site._registry[model]
        can_change = model_admin.has_change_permission(response.wsgi_request, record)
        button = "save" if can_change else "close"
        assert ADMIN_WORDS[language][button] in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_partnerships_history_opens_in_the_chosen_language(
    administrator_client: Client, language: str
) -> None:
    partnership = Partnership.objects.order_by("pk").first()
    client = in_language(administrator_client, language)

    response = client.get(_url(Partnership, "history", partnership))

    html = assert_admin_page_in(response, language)
    assert ADMIN_WORDS[language]["date_time"] in html
    assert response.context["object"] == partnership


# --- Saving a partnership through its change form -----------------------------------


@pytest.fixture
def partnership() -> Partnership:
    """Return a partnership with events and an agreement, so both inlines have rows."""
    partnership = (
        Partnership.objects.filter(events__isnull=False, agreements__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    assert partnership is not None
    return partnership


def open_change_form(client: Client, partnership: Partnership) -> HttpResponse:
    response = in_language(client, "en").get(_url(Partnership, "change", partnership))
    assert response.status_code == 200
    return response


def test_the_form_reader_sends_what_a_browser_would() -> None:
    page = HttpResponse(
        """
        <form id="logout-form"><input name="csrfmiddlewaretoken" value="x"></form>
        <form id="thing_form">
          <input type="hidden" name="expected_version" value="3">
          <input type="text" name="title" value="Aarhus &amp; Kujalleq">
          <input type="checkbox" name="is_public" checked>
          <input type="checkbox" name="is_secret">
          <input type="text" name="locked" value="no" disabled>
          <input type="submit" name="_continue" value="Save and continue">
          <select name="kind"><option value="a">A</option><option value="b">B</option>
          </select>
          <select name="themes" multiple><option value="1" selected>x</option>
            <option value="2">y</option><option value="3" selected>z</option></select>
          <textarea name="note">
First line
second line</textarea>
          <input type="hidden" name="events-TOTAL_FORMS" value="1">
          <input type="text" name="events-__prefix__-date" value="">
        </form>
        """
    )

    data = form_post_data(page, "thing_form")

    assert data == {
        "expected_version": ["3"],
        "title": ["Aarhus & Kujalleq"],
        "is_public": ["on"],
        "kind": ["a"],
        "themes": ["1", "3"],
        "note": ["First line\nsecond line"],
        "events-TOTAL_FORMS": ["1"],
        "_save": ["Save"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("model", _editable_models())
def test_an_admin_change_form_posted_back_unchanged_saves(
    administrator: User, administrator_client: Client, model: type[models.Model]
) -> None:
    record = a_record_of(model, administrator)
    client = in_language(administrator_client, "en")
    url = _url(model, "change", record)
    data = change_form_data(client.get(url))

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert response["Location"] == _url(model, "changelist")


@pytest.mark.django_db
def test_the_partnership_change_form_posts_back_its_own_data_and_saves(
    administrator_client: Client, partnership: Partnership
) -> None:
    before = Partnership.objects.get(pk=partnership.pk)
    events = list(before.events.values_list("kind", "date", "version"))
    themes = set(before.themes.values_list("pk", flat=True))
    data = change_form_data(open_change_form(administrator_client, partnership))

    response = administrator_client.post(_url(Partnership, "change", partnership), data)

    assert response.status_code == 302, response.context["errors"]
    assert response["Location"] == _url(Partnership, "changelist")
    after = Partnership.objects.get(pk=partnership.pk)
    # Saved through `record_update`, which raises the version at every save.
    assert after.version == before.version + 1
    assert (after.kind, after.status, after.started, after.ended) == (
        before.kind,
        before.status,
        before.started,
        before.ended,
    )
    assert (after.description_da, after.description_en, after.internal_note) == (
        before.description_da,
        before.description_en,
        before.internal_note,
    )
    assert set(after.themes.values_list("pk", flat=True)) == themes
    assert list(after.events.values_list("kind", "date", "version")) == events


@pytest.mark.django_db
def test_a_change_made_in_the_partnership_form_is_saved_with_the_acting_user(
    administrator: User, administrator_client: Client, partnership: Partnership
) -> None:
    data = change_form_data(open_change_form(administrator_client, partnership))
    data["internal_note"] = ["Renewal to be discussed at the next council meeting."]

    response = administrator_client.post(_url(Partnership, "change", partnership), data)

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.internal_note == (
        "Renewal to be discussed at the next council meeting."
    )
    latest = partnership.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == administrator
    assert latest.internal_note == partnership.internal_note


@pytest.mark.django_db
def test_an_agreement_changed_in_the_partnership_form_is_saved(
    administrator_client: Client, partnership: Partnership
) -> None:
    agreement = partnership.agreements.order_by("pk").first()
    data = change_form_data(open_change_form(administrator_client, partnership))
    row = next(
        name.removesuffix("-id")
        for name, values in data.items()
        if name.startswith("agreements-") and name.endswith("-id")
        if values == [str(agreement.pk)]
    )
    data[f"{row}-topics_en"] = ["Water supply\nClimate adaptation"]

    response = administrator_client.post(_url(Partnership, "change", partnership), data)

    assert response.status_code == 302
    saved = Agreement.objects.get(pk=agreement.pk)
    assert saved.topics_en == "Water supply\nClimate adaptation"
    assert saved.version == agreement.version + 1


@pytest.mark.django_db
def test_a_partnership_changed_by_someone_else_meanwhile_is_not_overwritten(
    administrator_client: Client, editor: User, partnership: Partnership
) -> None:
    data = change_form_data(open_change_form(administrator_client, partnership))
    data["internal_note"] = ["My note, written on the version I opened."]
    theirs = Partnership.objects.get(pk=partnership.pk)
    partnership_update(
        partnership=theirs,
        actor=editor,
        expected_version=theirs.version,
        internal_note="Their note, saved while I was typing.",
    )

    response = administrator_client.post(_url(Partnership, "change", partnership), data)

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    assert STALE_MESSAGE in str(response.context["adminform"].form.non_field_errors())
    stored = Partnership.objects.get(pk=partnership.pk)
    assert stored.version == theirs.version == partnership.version + 1
    assert stored.internal_note == "Their note, saved while I was typing."


@pytest.mark.django_db
def test_a_stale_expected_version_is_refused_and_nothing_is_written(
    administrator_client: Client, partnership: Partnership
) -> None:
    history_before = partnership.history.count()
    data = change_form_data(open_change_form(administrator_client, partnership))
    assert data["expected_version"] == [str(partnership.version)]
    data["expected_version"] = [str(partnership.version - 1)]
    data["internal_note"] = ["Written on a version that is no longer the latest."]

    response = administrator_client.post(_url(Partnership, "change", partnership), data)

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    stored = Partnership.objects.get(pk=partnership.pk)
    assert stored.version == partnership.version
    assert stored.internal_note == partnership.internal_note
    assert stored.history.count() == history_before


@pytest.mark.django_db
def test_a_partnership_added_with_its_first_event_gets_its_status_from_it(
    administrator_client: Client, aarhus: Municipality
) -> None:
    place = (
        Place.objects.filter(partnerships=None, home_municipalities=None)
        .order_by("pk")
        .first()
    )
    client = in_language(administrator_client, "en")
    data = change_form_data(client.get(_url(Partnership, "add")))
    data.update(
        {
            "municipality": [str(aarhus.pk)],
            "partner_place": [str(place.pk)],
            "kind": ["cooperation"],
            "slug": ["aarhus-new-cooperation"],
            "events-TOTAL_FORMS": ["1"],
            "events-0-kind": ["established"],
            "events-0-date": ["2024-05"],
        }
    )

    response = client.post(_url(Partnership, "add"), data)

    assert response.status_code == 302
    added = Partnership.objects.get(slug="aarhus-new-cooperation")
    assert list(added.events.values_list("kind", "date")) == [
        ("established", "2024-05")
    ]
    assert (added.status, added.started) == ("active", "2024-05")

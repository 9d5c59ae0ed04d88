"""Nothing is read or written across the boundary between two municipalities.

Two home municipalities, Aarhus (the shipped dataset) and Roskilde (built here), each
with its register. For every persona — the platform administrator, each
municipality's administrator, editor and viewer, and an anonymous visitor — and every
page of the back office (list, add, change, delete, history, autocomplete) and every
API operation that writes or reads staff data, the other municipality's records are
neither shown nor changed. The platform administrator alone sees both.

`test_the_matrix_fails_when_a_scope_is_removed` takes the scope away and shows the
matrix then finds the other municipality's records (`pytest -m mutation`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import on_session, persona, sign_in, signed_in_session
from twinning.accounts.models import User
from twinning.accounts.roles import ADMINISTRATOR, EDITOR, VIEWER
from twinning.accounts.services import user_create
from twinning.accounts.tokens import api_token_create
from twinning.activities.services import activity_create, follow_up_create
from twinning.contacts.services import contact_create
from twinning.core.querysets import is_scoped
from twinning.core.tests.test_admin_pages import form_post_data
from twinning.eu.services import (
    application_create,
    eu_office_create,
    funding_opportunity_create,
    partner_search_create,
    policy_warning_create,
)
from twinning.partnerships.choices import EventKind
from twinning.partnerships.models import Partnership, Theme
from twinning.partnerships.services import (
    agreement_create,
    network_membership_create,
    partner_profile_create,
    partnership_add_event,
    partnership_create,
)
from twinning.places.models import Municipality, Organisation, Place
from twinning.places.services import (
    municipality_create,
    organisation_create,
    place_create,
)
from twinning.projects.services import (
    post_create,
    project_create,
    project_phase_create,
)
from twinning.results.services import indicator_create, result_create

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
MARK = "roskildemark"  # in every text of Roskilde's records


@dataclass
class Portfolio:
    municipality: Municipality
    records: dict[str, Any]


def build_roskilde() -> Portfolio:
    """Build a second municipality with a record of every kind, through services."""
    home = place_create(actor=None, slug="roskilde", name="Roskilde", country="DK")
    organisation = organisation_create(
        actor=None,
        slug="roskilde-kommune",
        name="Roskilde Kommune",
        kind="municipality",
    )
    roskilde = municipality_create(
        actor=None,
        slug="roskilde",
        name_da="Roskilde Kommune",
        name_en="Roskilde Municipality",
        place=home,
        organisation=organisation,
    )
    bergen = Place.objects.get(slug="bergen")
    partnership = partnership_create(
        actor=None,
        municipality=roskilde,
        slug="bergen",
        partner_place=bergen,
        kind="sister_city",
        description_en=f"{MARK} partnership",
        description_da=f"{MARK} partnerskab",
        internal_note=f"{MARK} note",
    )
    partnership_add_event(
        partnership=partnership, actor=None, kind=EventKind.ESTABLISHED, date="1950"
    )
    agreement_create(
        actor=None,
        partnership=partnership,
        kind="friendship",
        title_en=f"{MARK} agreement",
        signed_on="1950",
    )
    project = project_create(
        actor=None,
        municipality=roskilde,
        slug=f"{MARK}-project",
        title_en=f"{MARK} project",
        partnership=partnership,
        started="2020",
    )
    records: dict[str, Any] = {
        "partnerships.partnership": partnership,
        "projects.project": project,
        "projects.projectphase": project_phase_create(
            actor=None, project=project, number=1, title_en=f"{MARK} phase"
        ),
        "projects.post": post_create(
            actor=None,
            slug=f"{MARK}-post",
            project=project,
            organisation=organisation,
            title_en=f"{MARK} post",
        ),
        "activities.activity": activity_create(
            actor=None,
            municipality=roskilde,
            slug=f"{MARK}-activity",
            kind="meeting",
            title_en=f"{MARK} activity",
            partnership=partnership,
            started="2024-05-01",
        ),
        "results.result": result_create(
            actor=None,
            municipality=roskilde,
            slug=f"{MARK}-result",
            kind="network",
            title_en=f"{MARK} result",
            partnership=partnership,
        ),
        "results.indicator": indicator_create(
            actor=None, project=project, title_en=f"{MARK} indicator"
        ),
        "contacts.contactperson": contact_create(
            actor=None,
            municipality=roskilde,
            name=f"{MARK} person",
            email="person@roskilde.example",
            phone="+45 4631 0000",
            retain_until=dt.date(2030, 1, 1),
        ),
        "eu.fundingopportunity": funding_opportunity_create(
            actor=None,
            municipality=roskilde,
            slug=f"{MARK}-call",
            programme="CERV",
            title_en=f"{MARK} call",
        ),
        "eu.partnersearch": partner_search_create(
            actor=None,
            municipality=roskilde,
            slug=f"{MARK}-search",
            kind="sought",
            title_en=f"{MARK} search",
        ),
        "eu.euoffice": eu_office_create(
            actor=None,
            slug=f"{MARK}-office",
            organisation=organisation_create(
                actor=None, slug=f"{MARK}-office-org", name="Office", kind="eu_office"
            ),
            municipalities=[roskilde],
            name_en=f"{MARK} office",
            address="Brussels",
        ),
        "partnerships.networkmembership": network_membership_create(
            actor=None,
            municipality=roskilde,
            network=Organisation.objects.filter(kind="network").first(),
            description_en=f"{MARK} membership",
        ),
        "places.municipality": roskilde,
    }
    records["eu.application"] = application_create(
        actor=None,
        municipality=roskilde,
        slug=f"{MARK}-application",
        call=records["eu.fundingopportunity"],
        title_en=f"{MARK} application",
        partnerships=[partnership],
    )
    records["eu.policywarning"] = policy_warning_create(
        actor=None,
        municipality=roskilde,
        slug=f"{MARK}-warning",
        topic_en=f"{MARK} warning",
        date=dt.date(2026, 3, 1),
        source="European Commission",
        partnerships=[partnership],
    )
    records["partnerships.partnerprofile"] = partner_profile_create(
        actor=None,
        municipality=roskilde,
        description_en=f"{MARK} profile",
        languages="da en",
        themes=Theme.objects.all()[:1],
    )
    records["activities.followup"] = follow_up_create(
        actor=None,
        activity=records["activities.activity"],
        description=f"{MARK} follow-up",
        due=dt.date(2030, 1, 1),
    )
    return Portfolio(roskilde, records)


@pytest.fixture(scope="module")
def roskilde(module_records: None) -> Portfolio:
    """Roskilde's portfolio, built once for the module's tests."""
    return build_roskilde()


# Each persona signs in once for the module: a test's browser is a new one on the
# persona's session (user's pk: session key), which the module's transaction holds.
SESSIONS: dict[int, str] = {}


def signed_in_once(user: User) -> User:
    """Sign a persona in for the module's tests, second factor and all."""
    SESSIONS[user.pk] = signed_in_session(user)
    return user


@pytest.fixture(scope="module")
def aarhus_staff(module_records: None) -> dict[str, User]:
    """Aarhus's administrator, editor and viewer, each signed in once."""
    aarhus = Municipality.objects.get(slug="aarhus")
    return {
        role: signed_in_once(
            user_create(
                username=f"aarhus-{role}",
                password=PASSWORD,
                role=role,
                municipalities=[aarhus],
            )
        )
        for role in (ADMINISTRATOR, EDITOR, VIEWER)
    }


@pytest.fixture(scope="module")
def administrator(module_records: None) -> User:
    """The platform administrator, made and signed in once for the module."""
    return signed_in_once(persona("ada-administrator", ADMINISTRATOR, platform=True))


@pytest.fixture
def administrator_client(administrator: User) -> Client:
    return client_for(administrator)


def client_for(user: User | None) -> Client:
    """Return a new browser, signed in as `user` (anonymous for None)."""
    client = Client()
    if user is None:
        return client
    session = SESSIONS.get(user.pk)
    if session is None:
        return sign_in(client, user)
    return on_session(session)


SCOPED_ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if is_scoped(model)
    ),
    key=lambda pair: pair[0]._meta.label,
)
LABELS = [model._meta.label_lower for model, _admin in SCOPED_ADMINS]


def admin_url(model: Any, view: str, *args: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


ROLES = [ADMINISTRATOR, EDITOR, VIEWER]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", LABELS)
def test_another_municipalitys_records_are_not_in_the_back_office(
    roskilde, aarhus_staff, role, label
):
    record = roskilde.records[label]
    model = type(record)
    client = client_for(aarhus_staff[role])

    listed = client.get(admin_url(model, "changelist"))
    assert listed.status_code == 200
    shown = {obj.pk for obj in listed.context["cl"].result_list}
    assert record.pk not in shown
    assert MARK not in listed.content.decode()

    for view in ("change", "delete", "history"):
        page = client.get(admin_url(model, view, record.pk))
        assert page.status_code in (302, 403, 404), (view, page.status_code)
        assert MARK not in page.content.decode()

    deleted = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})
    assert deleted.status_code in (302, 403, 404)
    assert model._default_manager.filter(pk=record.pk).exists()


@pytest.mark.parametrize("label", LABELS)
def test_the_platform_administrator_sees_every_municipality(
    roskilde, administrator_client, label
):
    record = roskilde.records[label]
    model = type(record)

    listed = administrator_client.get(admin_url(model, "changelist"))
    shown = {obj.pk for obj in listed.context["cl"].result_list}

    assert record.pk in shown
    assert (
        administrator_client.get(admin_url(model, "change", record.pk)).status_code
        == 200
    )


@pytest.mark.parametrize("label", LABELS)
def test_an_anonymous_visitor_sees_no_back_office_page(roskilde, client, label):
    record = roskilde.records[label]
    model = type(record)
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "change", record.pk),
        admin_url(model, "history", record.pk),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def autocomplete_fields() -> list[tuple[Any, str, Any]]:
    """Every autocomplete box of the back office that looks up scoped records."""
    boxes = []
    for model, model_admin in admin.site._registry.items():
        admins = [
            (model, model_admin),
            *(
                (inline.model, inline)
                for inline in (cls(model, admin.site) for cls in model_admin.inlines)
            ),
        ]
        for source, source_admin in admins:
            for name in source_admin.autocomplete_fields:
                target = source._meta.get_field(name).related_model
                if is_scoped(target):
                    boxes.append((source, name, target))
    return boxes


@pytest.mark.parametrize(
    "source,field,target",
    autocomplete_fields(),
    ids=lambda value: getattr(getattr(value, "_meta", None), "label", str(value)),
)
def test_no_autocomplete_box_offers_another_municipalitys_records(
    roskilde, aarhus_staff, source, field, target
):
    client = client_for(aarhus_staff[EDITOR])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": source._meta.app_label,
            "model_name": source._meta.model_name,
            "field_name": field,
            "term": "",
        },
    )

    assert response.status_code == 200, response.content
    found = {int(item["id"]) for item in response.json()["results"]}
    theirs = set(
        target._default_manager.for_municipality(roskilde.municipality).values_list(
            "pk", flat=True
        )
    )
    assert theirs
    assert not found & theirs


def test_an_editor_cannot_add_a_record_to_another_municipality(roskilde, aarhus_staff):
    client = client_for(aarhus_staff[EDITOR])
    url = admin_url(Partnership, "add")
    data = form_post_data(client.get(url), "partnership_form")
    data.update(
        {
            "municipality": [str(roskilde.municipality.pk)],
            "partner_place": [str(Place.objects.get(slug="kiel").pk)],
            "kind": ["cooperation"],
            "slug": ["smuggled"],
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200  # the form again, with the refusal
    assert "municipality" in response.context["adminform"].form.errors
    assert not Partnership.objects.filter(slug="smuggled").exists()


def test_the_municipality_filter_offers_only_the_users_own(roskilde, aarhus_staff):
    client = client_for(aarhus_staff[EDITOR])
    response = client.get(admin_url(Partnership, "changelist"))

    filters = response.context["cl"].filter_specs
    choices = [
        choice["display"]
        for spec in filters
        if getattr(spec, "field_path", "") == "municipality"
        for choice in spec.choices(response.context["cl"])
    ]
    assert "Roskilde Kommune" not in " ".join(str(c) for c in choices)


def test_a_municipalitys_administrator_manages_only_its_own_users(
    roskilde, aarhus_staff
):
    theirs = user_create(
        username="roskilde-editor",
        password=PASSWORD,
        role=EDITOR,
        municipalities=[roskilde.municipality],
    )
    client = client_for(aarhus_staff[ADMINISTRATOR])

    listed = client.get(reverse("admin:accounts_user_changelist"))
    shown = {user.pk for user in listed.context["cl"].result_list}
    assert aarhus_staff[EDITOR].pk in shown
    assert theirs.pk not in shown
    assert client.get(
        reverse("admin:accounts_user_change", args=[theirs.pk])
    ).status_code in (302, 404)


def test_a_municipalitys_administrator_cannot_widen_anyones_reach(
    roskilde, aarhus_staff
):
    editor = aarhus_staff[EDITOR]
    client = client_for(aarhus_staff[ADMINISTRATOR])
    url = reverse("admin:accounts_user_change", args=[editor.pk])
    data = form_post_data(client.get(url), "user_form")
    data["municipalities"] = [
        str(editor.municipalities.get().pk),
        str(roskilde.municipality.pk),
    ]
    data["is_superuser"] = ["on"]

    client.post(url, data)

    editor.refresh_from_db()
    assert list(editor.municipalities.all()) != [] and roskilde.municipality not in (
        editor.municipalities.all()
    )
    assert not editor.is_superuser


def test_a_municipalitys_administrator_cannot_change_what_a_role_may_do(
    aarhus_staff,
):
    client = client_for(aarhus_staff[ADMINISTRATOR])
    group = aarhus_staff[VIEWER].groups.get()

    assert client.get(reverse("admin:auth_group_add")).status_code == 403
    refused = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": []},
    )
    assert refused.status_code == 403
    assert group.permissions.exists()


# --- The API -------------------------------------------------------------------------


def bearer(user: User) -> dict[str, str]:
    secret = api_token_create(user=user, name="Tests", actor=user).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def etag_of_roskildes_bergen() -> str:
    """Return the ETag a client reads before an update: the update may only fail
    because of who asks, not because the ETag is wrong."""
    return Client().get("/api/v1/partnerships/bergen?municipality=roskilde")["ETag"]


API_WRITES = [
    (
        "patch",
        "/api/v1/partnerships/bergen?municipality=roskilde",
        {"is_public": False},
    ),
    (
        "post",
        "/api/v1/partnerships/bergen/events?municipality=roskilde",
        {"kind": "terminated", "date": "2025"},
    ),
    (
        "post",
        "/api/v1/partnerships?municipality=roskilde",
        {"kind": "cooperation", "partner_place": "kiel"},
    ),
    (
        "post",
        "/api/v1/activities?municipality=roskilde",
        {
            "kind": "meeting",
            "title": {"da": "Møde", "en": "Meeting"},
            "started": "2025-01-01",
        },
    ),
    (
        "post",
        "/api/v1/results?municipality=roskilde",
        {"kind": "network", "title": {"da": "Net", "en": "Network"}},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,path,body", API_WRITES)
def test_a_token_cannot_write_in_another_municipality(
    roskilde, aarhus_staff, role, method, path, body
):
    client = Client()
    before = Partnership.objects.get(pk=roskilde.records["partnerships.partnership"].pk)
    response = getattr(client, method)(
        path,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_IF_MATCH=etag_of_roskildes_bergen(),
        **bearer(aarhus_staff[role]),
    )

    assert response.status_code in (403, 404), response.content
    after = Partnership.objects.get(pk=before.pk)
    assert (after.version, after.status) == (before.version, before.status)
    assert not Partnership.objects.filter(
        municipality=roskilde.municipality, partner_place__slug="kiel"
    ).exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_token_reads_no_contact_of_another_municipality(roskilde, aarhus_staff, role):
    contact = roskilde.records["contacts.contactperson"]
    headers = bearer(aarhus_staff[role])
    client = Client()

    listed = client.get("/api/v1/contacts?municipality=roskilde", **headers)
    one = client.get(f"/api/v1/contacts/{contact.pk}?municipality=roskilde", **headers)
    own = client.get(f"/api/v1/contacts/{contact.pk}", **headers)

    for response in (listed, one, own):
        assert response.status_code in (403, 404)
        assert MARK not in response.content.decode()


def test_the_platform_administrators_token_writes_in_any_municipality(
    roskilde, administrator
):
    partnership = roskilde.records["partnerships.partnership"]
    response = Client().patch(
        "/api/v1/partnerships/bergen?municipality=roskilde",
        data=json.dumps({"is_public": False}),
        content_type="application/json",
        HTTP_IF_MATCH=etag_of_roskildes_bergen(),
        **bearer(administrator),
    )

    assert response.status_code == 200, response.content
    partnership.refresh_from_db()
    assert not partnership.is_public


# --- At scale ------------------------------------------------------------------------


def test_the_scoped_list_runs_as_many_queries_with_30_municipalities(
    roskilde, aarhus_staff
):
    client = client_for(aarhus_staff[EDITOR])
    url = admin_url(Partnership, "changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    # The session's first page after other tests' may fill a cache: count the
    # second.
    queries()
    with_two = queries()
    # Fifteen times the municipalities: a query per municipality would add 28.
    for number in range(28):
        municipality_create(
            actor=None,
            slug=f"town-{number}",
            name=f"Town {number}",
            place=roskilde.municipality.place,
        )
    assert Municipality.objects.count() >= 30

    assert queries() == with_two


# --- The matrix must catch a scope that is missing ------------------------------------


def _unscoped(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """Take one scope away, as a change that forgot it would."""
    from twinning.accounts import admin as accounts_admin
    from twinning.api import selectors as api_selectors
    from twinning.core import admin as core_admin

    if target == "lists":
        monkeypatch.setattr(
            core_admin.MunicipalityScopeMixin,
            "get_queryset",
            lambda self, request: super(
                core_admin.MunicipalityScopeMixin, self
            ).get_queryset(request),
        )
    elif target == "choices":
        monkeypatch.setattr(core_admin, "_scoped_field", lambda field, request: field)
    elif target == "history":
        monkeypatch.setattr(
            core_admin.MunicipalityScopeMixin,
            "get_history_queryset",
            lambda self, request, manager, pk_name, object_id: manager.filter(
                **{pk_name: object_id}
            ),
        )
    elif target == "api":
        monkeypatch.setattr(
            api_selectors,
            "writable_municipality",
            lambda request, slug, *, user: api_selectors.api_municipality(
                request, slug
            ),
        )
        for module in ("operations", "contacts"):
            monkeypatch.setattr(
                f"twinning.api.{module}.writable_municipality",
                api_selectors.writable_municipality,
            )
    elif target == "users":
        monkeypatch.setattr(
            accounts_admin, "users_managed_by", lambda user: User.objects.all()
        )


SCOPES = ["lists", "choices", "history", "api", "users"]


@pytest.mark.mutation
@pytest.mark.parametrize("scope", SCOPES)
def test_the_matrix_fails_when_a_scope_is_removed(
    roskilde, aarhus_staff, monkeypatch, scope
):
    _unscoped(monkeypatch, scope)
    checks = {
        "lists": lambda: test_another_municipalitys_records_are_not_in_the_back_office(
            roskilde, aarhus_staff, EDITOR, "activities.activity"
        ),
        "choices": lambda: test_an_editor_cannot_add_a_record_to_another_municipality(
            roskilde, aarhus_staff
        ),
        "history": lambda: (
            test_another_municipalitys_records_are_not_in_the_back_office(
                roskilde, aarhus_staff, EDITOR, "activities.activity"
            )
        ),
        "api": lambda: test_a_token_cannot_write_in_another_municipality(
            roskilde, aarhus_staff, EDITOR, *API_WRITES[0]
        ),
        "users": lambda: test_a_municipalitys_administrator_manages_only_its_own_users(
            roskilde, aarhus_staff
        ),
    }

    with pytest.raises(AssertionError):
        checks[scope]()

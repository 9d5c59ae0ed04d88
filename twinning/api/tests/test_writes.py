"""Writing through the API with personal tokens: who may, and what protects a write."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twinning.accounts.models import User
from twinning.accounts.tokens import api_token_create, api_token_revoke
from twinning.activities.models import Activity
from twinning.api.tests.calls import bearer, fields_named, get, patch, post
from twinning.partnerships.models import Partnership, PartnershipEvent
from twinning.partnerships.services import partnership_update
from twinning.results.models import Result

pytestmark = pytest.mark.django_db

NEW_PARTNERSHIP = {
    "kind": "cooperation",
    "partner_place": "bergen",
    "themes": ["culture", "climate"],
    "description": {"da": "Et nyt samarbejde.", "en": "A new cooperation."},
}
WRITES = [
    ("post", "/partnerships", NEW_PARTNERSHIP),
    ("patch", "/partnerships/bergen", {"internal_note": "Changed."}),
    ("post", "/partnerships/harbin/events", {"kind": "resumed", "date": "2024"}),
    (
        "post",
        "/activities",
        {
            "kind": "meeting",
            "title": {"en": "A meeting"},
            "partnership": "bergen",
            "started": "2024-02",
        },
    ),
    (
        "post",
        "/results",
        {"kind": "knowledge_sharing", "title": {"en": "Knowledge shared"}},
    ),
]


def write(client: Client, method: str, path: str, data: Any, **extra: Any) -> Any:
    send = post if method == "post" else patch
    if method == "patch":
        etag = get(client, path)["ETag"]
        extra.setdefault("HTTP_IF_MATCH", etag)
    return send(client, path, data, **extra)


def record_counts() -> tuple[int, ...]:
    return (
        Partnership.objects.count(),
        PartnershipEvent.objects.count(),
        Activity.objects.count(),
        Result.objects.count(),
        *Partnership.objects.order_by("pk").values_list("version", flat=True),
    )


def latest_history_user(record: Any) -> Any:
    return record.history.order_by("-history_id").first().history_user


# --- Who may write --------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "data"), WRITES)
def test_a_viewers_token_cannot_write(
    client: Client, viewer_token: str, method: str, path: str, data: Any
) -> None:
    before = record_counts()

    response = write(client, method, path, data, **bearer(viewer_token))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert record_counts() == before


@pytest.mark.parametrize(("method", "path", "data"), WRITES)
def test_a_write_without_a_token_is_refused(
    client: Client, method: str, path: str, data: Any
) -> None:
    before = record_counts()

    response = write(client, method, path, data)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="twinning"'
    assert record_counts() == before


@pytest.mark.parametrize("role", ["editor", "administrator"])
@pytest.mark.parametrize(("method", "path", "data"), WRITES)
def test_an_editors_and_an_administrators_token_can_write(
    request: pytest.FixtureRequest,
    client: Client,
    role: str,
    method: str,
    path: str,
    data: Any,
) -> None:
    token = request.getfixturevalue(f"{role}_token")
    before = record_counts()

    response = write(client, method, path, data, **bearer(token))

    assert response.status_code in (200, 201), response.content
    assert record_counts() != before


def test_a_revoked_token_is_refused(client: Client, editor: User) -> None:
    issued = api_token_create(user=editor, name="Old laptop")
    api_token_revoke(token=issued.token, actor=editor)
    before = record_counts()

    response = post(client, "/partnerships", NEW_PARTNERSHIP, **bearer(issued.secret))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == (
        'Bearer realm="twinning", error="invalid_token"'
    )
    assert record_counts() == before


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-token-anyone-was-given", "Bearer ", "Basic ZXZhOmV2YQ=="],
)
def test_an_unknown_token_is_refused(client: Client, authorization: str) -> None:
    response = post(
        client, "/partnerships", NEW_PARTNERSHIP, HTTP_AUTHORIZATION=authorization
    )

    assert response.status_code == 401
    assert response.json()["title"] == "Unauthorized"


def test_the_token_of_a_user_who_may_no_longer_sign_in_is_refused(
    client: Client, editor: User, editor_token: str
) -> None:
    editor.is_active = False
    editor.save(update_fields=["is_active"])

    response = post(client, "/partnerships", NEW_PARTNERSHIP, **bearer(editor_token))

    assert response.status_code == 401


# --- Partnerships: create, update, events ---------------------------------------------


def test_an_editors_token_can_create_a_partnership(
    client: Client, editor: User, editor_token: str
) -> None:
    response = post(client, "/partnerships", NEW_PARTNERSHIP, **bearer(editor_token))

    assert response.status_code == 201, response.content
    created = response.json()
    partnership = Partnership.objects.get(slug=created["slug"])
    assert created["slug"] == "bergen-cooperation"  # "bergen" is the sister city
    assert (partnership.kind, partnership.partner_place.slug) == (
        "cooperation",
        "bergen",
    )
    assert sorted(theme["slug"] for theme in created["themes"]) == [
        "climate",
        "culture",
    ]
    assert partnership.description_en == "A new cooperation."
    assert response["Location"] == "/api/v1/partnerships/bergen-cooperation"
    assert (
        response["ETag"] == f'"partnership-bergen-cooperation-v{partnership.version}"'
    )
    assert latest_history_user(partnership) == editor


def test_an_editors_token_can_create_a_partnership_and_terminate_it(
    client: Client, editor: User, editor_token: str
) -> None:
    slug = post(
        client, "/partnerships", NEW_PARTNERSHIP, **bearer(editor_token)
    ).json()["slug"]

    established = post(
        client,
        f"/partnerships/{slug}/events",
        {"kind": "established", "date": "2020-09"},
        **bearer(editor_token),
    )
    terminated = post(
        client,
        f"/partnerships/{slug}/events",
        {
            "kind": "terminated",
            "date": "2024-01-31",
            "decided_by": {"da": "Aarhus Byråd", "en": "Aarhus City Council"},
            "reference": "Case 24/123",
            "reason": {"en": "Ended by agreement."},
        },
        **bearer(editor_token),
    )

    assert established.status_code == 201, established.content
    assert terminated.status_code == 201, terminated.content
    assert terminated.json()["date"] == {"value": "2024-01-31", "precision": "day"}
    assert terminated["Location"] == f"/api/v1/partnerships/{slug}/events"
    partnership = Partnership.objects.get(slug=slug)
    assert (partnership.status, partnership.started, partnership.ended) == (
        "terminated",
        "2020-09",
        "2024-01-31",
    )
    event = partnership.events.get(kind="terminated")
    assert (event.decided_by_en, event.reference) == (
        "Aarhus City Council",
        "Case 24/123",
    )
    assert latest_history_user(event) == editor
    assert latest_history_user(partnership) == editor
    shown = get(client, f"/partnerships/{slug}").json()
    assert (shown["status"], shown["ended"]["value"]) == ("terminated", "2024-01-31")


def test_an_update_changes_the_fields_sent_and_keeps_the_others(
    client: Client, editor: User, editor_token: str
) -> None:
    read = get(client, "/partnerships/bergen")
    before = Partnership.objects.get(slug="bergen")

    response = patch(
        client,
        "/partnerships/bergen",
        {"description": {"en": "Sister city since 1946."}, "themes": ["water"]},
        HTTP_IF_MATCH=read["ETag"],
        **bearer(editor_token),
    )

    assert response.status_code == 200, response.content
    after = Partnership.objects.get(slug="bergen")
    assert after.description_en == "Sister city since 1946."
    assert after.description_da == before.description_da
    assert [theme.slug for theme in after.themes.all()] == ["water"]
    assert after.version == before.version + 1
    assert response["ETag"] == f'"partnership-bergen-v{after.version}"'
    assert response["ETag"] != read["ETag"]
    assert latest_history_user(after) == editor


def test_an_update_with_a_stale_etag_is_refused_and_writes_nothing(
    client: Client, administrator: User, editor_token: str
) -> None:
    stale = get(client, "/partnerships/bergen")["ETag"]
    bergen = Partnership.objects.get(slug="bergen")
    partnership_update(
        partnership=bergen,
        actor=administrator,
        expected_version=bergen.version,
        internal_note="Changed in the back office meanwhile.",
    )

    response = patch(
        client,
        "/partnerships/bergen",
        {"internal_note": "Changed through the API.", "themes": []},
        HTTP_IF_MATCH=stale,
        **bearer(editor_token),
    )

    assert response.status_code == 412
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["ETag"] == f'"partnership-bergen-v{bergen.version}"'
    stored = Partnership.objects.get(slug="bergen")
    assert stored.internal_note == "Changed in the back office meanwhile."
    assert stored.version == bergen.version
    assert stored.themes.exists()


def test_an_update_without_if_match_is_refused_as_precondition_required(
    client: Client, editor_token: str
) -> None:
    before = record_counts()

    missing = patch(
        client, "/partnerships/bergen", {"internal_note": "x"}, **bearer(editor_token)
    )
    star = patch(
        client,
        "/partnerships/bergen",
        {"internal_note": "x"},
        HTTP_IF_MATCH="*",
        **bearer(editor_token),
    )

    assert (missing.status_code, star.status_code) == (428, 428)
    assert missing.json()["title"] == "Precondition Required"
    assert record_counts() == before


@pytest.mark.parametrize(
    "if_match",
    [
        '"partnership-gothenburg-v{version}"',  # another partnership's ETag
        'W/"partnership-bergen-v{version}"',  # weak: never matches for a write
        "partnership-bergen-v{version}",  # not quoted
    ],
)
def test_an_etag_that_is_not_this_records_is_refused(
    client: Client, editor_token: str, if_match: str
) -> None:
    bergen = Partnership.objects.get(slug="bergen")

    response = patch(
        client,
        "/partnerships/bergen",
        {"internal_note": "x"},
        HTTP_IF_MATCH=if_match.format(version=bergen.version),
        **bearer(editor_token),
    )

    assert response.status_code == 412
    assert Partnership.objects.get(slug="bergen").version == bergen.version


def test_an_if_match_listing_the_current_etag_is_accepted(
    client: Client, editor_token: str
) -> None:
    current = get(client, "/partnerships/bergen")["ETag"]

    response = patch(
        client,
        "/partnerships/bergen",
        {"is_public": True},
        HTTP_IF_MATCH=f'"partnership-bergen-v0", {current}',
        **bearer(editor_token),
    )

    assert response.status_code == 200


def test_an_event_with_a_stale_etag_is_refused_and_not_recorded(
    client: Client, editor_token: str
) -> None:
    harbin = Partnership.objects.get(slug="harbin")
    events = harbin.events.count()

    response = post(
        client,
        "/partnerships/harbin/events",
        {"kind": "resumed", "date": "2024"},
        HTTP_IF_MATCH=f'"partnership-harbin-v{harbin.version - 1}"',
        **bearer(editor_token),
    )

    assert response.status_code == 412
    assert harbin.events.count() == events
    assert Partnership.objects.get(slug="harbin").status == "limited"


def test_an_event_that_cannot_follow_the_status_is_refused_naming_the_kind(
    client: Client, editor_token: str
) -> None:
    response = post(
        client,
        "/partnerships/bergen/events",
        {"kind": "resumed", "date": "2024"},
        **bearer(editor_token),
    )

    assert response.status_code == 422
    assert fields_named(response) == {"kind"}
    assert Partnership.objects.get(slug="bergen").status == "active"


# --- Refused input names its fields ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"kind": "cooperation"}, {"partner_place"}),
        ({**NEW_PARTNERSHIP, "kind": "twin_town"}, {"kind"}),
        ({"partner_place": "bergen"}, {"kind"}),
        ({**NEW_PARTNERSHIP, "partner_place": "atlantis"}, {"partner_place"}),
        ({**NEW_PARTNERSHIP, "themes": ["culture", "astrology"]}, {"themes.1"}),
        (
            {**NEW_PARTNERSHIP, "partner_organisation": "grundfos"},
            {"partner_organisation"},
        ),
        ({**NEW_PARTNERSHIP, "status": "active"}, {"status"}),
        ({**NEW_PARTNERSHIP, "description": {"fr": "Bonjour"}}, {"description.fr"}),
    ],
)
def test_a_refused_partnership_names_the_fields(
    client: Client, editor_token: str, data: Any, fields: set[str]
) -> None:
    before = record_counts()

    response = post(client, "/partnerships", data, **bearer(editor_token))

    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert fields_named(response) == fields
    problem = response.json()
    assert problem["type"] == "about:blank"
    assert all(error["location"] == "body" for error in problem["errors"])
    assert all(error["detail"] for error in problem["errors"])
    assert record_counts() == before


def test_a_field_is_pointed_to_in_the_body(client: Client, editor_token: str) -> None:
    response = post(
        client,
        "/partnerships",
        {**NEW_PARTNERSHIP, "description": {"en": 12}},
        **bearer(editor_token),
    )

    [error] = response.json()["errors"]
    assert (error["field"], error["pointer"]) == ("description.en", "#/description/en")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**NEW_PARTNERSHIP, "kind": "sister_city"}, "partner_place"),
        ({**NEW_PARTNERSHIP, "slug": "gothenburg"}, "slug"),
    ],
)
def test_a_duplicate_partnership_is_a_conflict(
    client: Client, editor_token: str, data: Any, field: str
) -> None:
    response = post(client, "/partnerships", data, **bearer(editor_token))

    assert response.status_code == 409, response.content
    assert fields_named(response) == {field}


def test_a_body_that_is_not_json_is_a_bad_request(
    client: Client, editor_token: str
) -> None:
    response = post(
        client, "/partnerships", "{kind: cooperation", **bearer(editor_token)
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


# --- Activities and results -----------------------------------------------------------


def test_an_editors_token_can_record_an_activity(
    client: Client, editor: User, editor_token: str
) -> None:
    response = post(
        client,
        "/activities",
        {
            "kind": "incoming_visit",
            "title": {"da": "Delegation fra Bergen", "en": "Delegation from Bergen"},
            "partnership": "bergen",
            "started": "2024-03-12",
            "place": "aarhus",
            "is_public": True,
        },
        **bearer(editor_token),
    )

    assert response.status_code == 201, response.content
    activity = Activity.objects.get(slug=response.json()["slug"])
    assert activity.slug == "delegation-from-bergen"
    assert (activity.partnership.slug, activity.place.slug) == ("bergen", "aarhus")
    assert latest_history_user(activity) == editor
    assert get(client, f"/activities/{activity.slug}").status_code == 200


def test_an_activity_needs_a_title_in_some_language(
    client: Client, editor_token: str
) -> None:
    response = post(
        client,
        "/activities",
        {"kind": "meeting", "title": {}, "started": "2024"},
        **bearer(editor_token),
    )

    assert response.status_code == 422
    assert fields_named(response) & {"title", "title.da", "title.en"}


def test_an_editors_token_can_record_a_result(
    client: Client, editor: User, editor_token: str
) -> None:
    response = post(
        client,
        "/results",
        {
            "kind": "business_deal",
            "title": {"en": "Pumps sold to Bergen", "da": "Pumper solgt til Bergen"},
            "partnership": "bergen",
            "achieved_on": "2024-05",
            "value": "125000.50",
            "currency": "DKK",
        },
        **bearer(editor_token),
    )

    assert response.status_code == 201, response.content
    assert response.json()["value"] == "125000.50"
    result = Result.objects.get(slug=response.json()["slug"])
    assert latest_history_user(result) == editor


def test_a_result_with_a_value_needs_its_currency(
    client: Client, editor_token: str
) -> None:
    response = post(
        client,
        "/results",
        {"kind": "business_deal", "title": {"en": "A deal"}, "value": 1000},
        **bearer(editor_token),
    )

    assert response.status_code == 422
    assert fields_named(response) == {"currency"}

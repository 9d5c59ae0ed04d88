"""The API keeps to its OpenAPI description, tried by schemathesis with made-up calls.

Each operation gets requests schemathesis derives from the description: the
examples, the edges of every parameter (the coverage phase), then random ones. No
response may be a server error or differ from the description in status, media
type, headers or body. Once without a token, once with an editor's (whose writes
are rolled back with each test).

Made-up slugs name no record, so the hooks below swap in, some of the time, the
slug of a record that exists, and for an update its current ETag: that way the
random requests also reach the records and the writes that succeed.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.db.models import Model
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from twinning.activities.models import Activity
from twinning.api.preconditions import etag
from twinning.api.problems import PROBLEM_MEDIA_TYPE
from twinning.api.tests.openapi import CHECKS, load_schema, schema
from twinning.contacts.models import ContactPerson
from twinning.eu.models import FundingOpportunity
from twinning.partnerships.models import Agreement, NetworkMembership, Partnership
from twinning.places.models import Organisation, Place
from twinning.projects.models import Project
from twinning.results.models import Result

# Requests per operation and token: TWINNING_FUZZ_EXAMPLES, 10 unless set; `make
# test-fast` sends fewer, and a deeper search is one setting away.
FUZZING = settings(
    max_examples=int(os.environ.get("TWINNING_FUZZ_EXAMPLES") or 10),
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


fuzzed = load_schema()

# For each address with a record in it: where to find the keys of real records.
RECORDS: dict[str, tuple[type[Model], str]] = {
    "/api/v1/places/{slug}": (Place, "slug"),
    "/api/v1/organisations/{slug}": (Organisation, "slug"),
    "/api/v1/partnerships/{slug}": (Partnership, "slug"),
    "/api/v1/partnerships/{slug}/events": (Partnership, "slug"),
    "/api/v1/agreements/{agreement_id}": (Agreement, "pk"),
    "/api/v1/networks/{slug}": (NetworkMembership, "network__slug"),
    "/api/v1/projects/{slug}": (Project, "slug"),
    "/api/v1/activities/{slug}": (Activity, "slug"),
    "/api/v1/results/{slug}": (Result, "slug"),
    "/api/v1/funding-opportunities/{slug}": (FundingOpportunity, "slug"),
    "/api/v1/contacts/{contact_id}": (ContactPerson, "pk"),
}
# For each body that names records: the field to name a real one in, and the
# other fields naming records, left out (a made-up slug would only be refused).
NAMED_IN_BODIES: dict[tuple[str, str], tuple[str | None, type[Model], list[str]]] = {
    ("POST", "/api/v1/partnerships"): (
        "partner_place",
        Place,
        ["partner_organisation", "group", "themes"],
    ),
    ("PATCH", "/api/v1/partnerships/{slug}"): (
        None,
        Place,
        ["partner_place", "partner_organisation", "group", "themes"],
    ),
    ("POST", "/api/v1/activities"): ("partnership", Partnership, ["project", "place"]),
    ("POST", "/api/v1/results"): ("partnership", Partnership, ["project"]),
}


def real_keys(model: type[Model], key: str) -> st.SearchStrategy[Any]:
    """Draw the key of a record that exists; the database is read at draw time."""

    def sample(_: None) -> st.SearchStrategy[Any]:
        keys = sorted(model._default_manager.values_list(key, flat=True))
        return st.sampled_from(keys) if keys else st.nothing()

    return st.just(None).flatmap(sample)


@fuzzed.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    found = RECORDS.get(context.operation.path)
    if found is None or len(path_parameters) != 1:
        return st.just(path_parameters)
    [name] = path_parameters
    return st.one_of(
        st.just(path_parameters), real_keys(*found).map(lambda key: {name: key})
    )


@fuzzed.hook
def flatmap_body(context: Any, body: Any) -> Any:
    operation = context.operation
    named = NAMED_IN_BODIES.get((operation.method.upper(), operation.path))
    if named is None or not isinstance(body, dict):
        return st.just(body)
    field, model, left_out = named
    kept = {name: value for name, value in body.items() if name not in left_out}
    if field is None:
        return st.sampled_from([body, kept])
    return st.one_of(
        st.just(body), real_keys(model, "slug").map(lambda slug: {**kept, field: slug})
    )


def with_current_etag(case: Any) -> None:
    """Send the current ETag with half of the updates of a real partnership."""
    if case.method != "PATCH" or not isinstance(case.path_parameters, dict):
        return
    partnership = Partnership.objects.filter(
        slug=str(case.path_parameters.get("slug"))
    ).first()
    headers = case.headers if case.headers is not None else {}
    if partnership and len(str(headers.get("If-Match", ""))) % 2 == 0:
        headers["If-Match"] = etag("partnership", partnership.slug, partnership.version)
        case.headers = headers


@fuzzed.parametrize()
@FUZZING
def test_no_request_without_a_token_breaks_the_api(
    case: Any, db: None, in_the_tests_transaction: None
) -> None:
    with_current_etag(case)
    case.call_and_validate(checks=CHECKS)


@fuzzed.parametrize()
@FUZZING
def test_no_request_with_an_editors_token_breaks_the_api(
    case: Any, db: None, in_the_tests_transaction: None, editor_token: str
) -> None:
    with_current_etag(case)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {editor_token}"}, checks=CHECKS
    )


# --- The description itself -----------------------------------------------------------

OPERATIONS = [
    (path, method, operation)
    for path, methods in schema.raw_schema["paths"].items()
    for method, operation in methods.items()
]


def test_the_description_is_openapi_3_1_and_names_every_area(client: Client) -> None:
    description = client.get("/api/v1/openapi.json").json()

    assert description["openapi"].startswith("3.1")
    assert {
        "/api/v1/places",
        "/api/v1/organisations",
        "/api/v1/partnerships",
        "/api/v1/partnerships/{slug}/events",
        "/api/v1/agreements",
        "/api/v1/projects",
        "/api/v1/activities",
        "/api/v1/results",
        "/api/v1/networks",
        "/api/v1/funding-opportunities",
        "/api/v1/contacts",
    } <= set(description["paths"])
    assert description["components"]["securitySchemes"]["ApiTokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    OPERATIONS,
    ids=[f"{method.upper()} {path}" for path, method, _ in OPERATIONS],
)
def test_every_operation_declares_the_problems_it_can_give(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    declared = {int(status) for status in operation["responses"]}
    expected = {422}
    if "{" in path:
        expected.add(404)
    if "security" in operation:
        expected |= {401, 403}
    if "requestBody" in operation:
        expected.add(400)
    if method == "patch":
        expected |= {412, 428}

    assert expected <= declared
    for status in declared - {200, 201}:
        assert list(operation["responses"][str(status)]["content"]) == [
            PROBLEM_MEDIA_TYPE
        ]


def test_every_record_read_alone_declares_its_etag() -> None:
    details = [
        operation
        for path, method, operation in OPERATIONS
        if method == "get" and path.endswith("}")
    ]

    assert len(details) >= 9
    for operation in details:
        assert operation["responses"]["200"]["headers"]["ETag"]["required"] is True


# --- The interactive docs -------------------------------------------------------------


def test_the_docs_page_loads_its_files_from_this_site_only(client: Client) -> None:
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    addresses = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert len(addresses) == 4
    assert all(address.startswith("/static/ninja/") for address in addresses)
    assert "//" not in "".join(addresses)
    assert "cdn" not in html.lower()
    [settings_json] = re.findall(
        r'<script id="swagger-settings" type="application/json">(.*?)</script>', html
    )
    swagger = json.loads(settings_json)
    assert swagger["url"] == "/api/v1/openapi.json"
    assert swagger["validatorUrl"] is None  # else it calls validator.swagger.io


def test_the_docs_pages_files_are_served_by_this_site(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()

    for address in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert finders.find(address.removeprefix("/static/")), address
        assert client.get(address).status_code == 200, address


def test_the_apis_root_leads_to_the_docs(client: Client) -> None:
    response = client.get("/api/v1/")

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"

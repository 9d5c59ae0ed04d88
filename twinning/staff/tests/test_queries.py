"""The workspace's pages cost the same number of queries however much they list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import portfolio

pytestmark = pytest.mark.django_db


def queries(client, path):
    """Count the queries of a page, asked for a second time (caches are warm)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_attention_page_does_not_query_per_item(editor_client, aarhus):
    portfolio(aarhus, "One")
    once = queries(editor_client, "/en/staff/")
    portfolio(aarhus, "Two")
    portfolio(aarhus, "Three")

    assert queries(editor_client, "/en/staff/") == once


def test_the_partner_file_does_not_query_per_record(editor_client, aarhus):
    from twinning.activities.services import activity_create, follow_up_create

    lively = portfolio(aarhus, "One").lively
    path = f"/en/staff/partners/{lively.slug}/"
    once = queries(editor_client, path)
    for number in range(3):
        activity = activity_create(
            actor=None,
            municipality=aarhus,
            slug=f"more-{number}",
            kind="meeting",
            title=f"More {number}",
            partnership=lively,
            started="2024-01-01",
        )
        follow_up_create(actor=None, activity=activity, description=f"Do {number}")

    assert queries(editor_client, path) == once


def test_search_does_not_query_per_record_found(editor_client, aarhus):
    portfolio(aarhus, "One")
    once = queries(editor_client, "/en/staff/search/?q=livelyville")
    portfolio(aarhus, "Two")

    assert queries(editor_client, "/en/staff/search/?q=livelyville") == once

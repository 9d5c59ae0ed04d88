"""Token scopes and expiry: read-only tokens, write tokens only for writers, 401 late.

Asked of the API as a client would ask it, with the token in the header.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from twinning.accounts.models import ApiToken, TokenScope, User
from twinning.accounts.tokens import api_token_create, api_token_revoke
from twinning.api.tests.calls import bearer, post
from twinning.api.tests.test_writes import NEW_PARTNERSHIP, record_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_in_english(settings: Any) -> None:
    """Answer in English a client that names no language (Danish is the default)."""
    settings.LANGUAGE_CODE = "en"


def test_a_token_expires_a_year_after_it_is_made_by_default(editor: User) -> None:
    token = api_token_create(user=editor, name="Portal").token
    year = timezone.now() + dt.timedelta(days=365)
    assert abs(token.expires_at - year) < dt.timedelta(minutes=1)


def test_a_viewer_can_make_only_read_only_tokens(viewer: User) -> None:
    assert api_token_create(user=viewer, name="Reader").token.scope == "read"
    with pytest.raises(ValidationError) as refused:
        api_token_create(user=viewer, name="Writer", scope=TokenScope.WRITE)
    assert "scope" in refused.value.message_dict
    assert ApiToken.objects.filter(user=viewer).count() == 1


def test_a_read_only_token_of_an_editor_cannot_write(
    client: Client, editor: User
) -> None:
    issued = api_token_create(user=editor, name="Reader", scope=TokenScope.READ)
    before = record_counts()
    response = post(client, "/partnerships", NEW_PARTNERSHIP, **bearer(issued.secret))
    assert response.status_code == 403
    assert "may only read" in response.json()["detail"]
    assert record_counts() == before


def test_a_read_only_token_reads_contacts_its_role_may_see(
    client: Client, editor: User
) -> None:
    issued = api_token_create(user=editor, name="Reader", scope=TokenScope.READ)
    response = client.get("/api/v1/contacts", **bearer(issued.secret))
    assert response.status_code == 200


def test_a_write_token_of_an_editor_writes(client: Client, editor: User) -> None:
    issued = api_token_create(user=editor, name="Writer", scope=TokenScope.WRITE)
    response = post(client, "/partnerships", NEW_PARTNERSHIP, **bearer(issued.secret))
    assert response.status_code == 201


@pytest.mark.parametrize("end", ["expired", "revoked"])
def test_an_expired_or_revoked_token_gets_401(
    client: Client, editor: User, end: str
) -> None:
    issued = api_token_create(user=editor, name="Old", scope=TokenScope.WRITE)
    if end == "expired":
        ApiToken.objects.filter(pk=issued.token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    else:
        api_token_revoke(token=issued.token, actor=editor)
    for response in (
        client.get("/api/v1/contacts", **bearer(issued.secret)),
        post(client, "/partnerships", NEW_PARTNERSHIP, **bearer(issued.secret)),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == (
            'Bearer realm="twinning", error="invalid_token"'
        )


def test_using_a_token_notes_when(client: Client, editor: User) -> None:
    issued = api_token_create(user=editor, name="Reader", scope=TokenScope.READ)
    assert issued.token.last_used_at is None
    client.get("/api/v1/contacts", **bearer(issued.secret))
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at is not None


def test_a_token_cannot_be_made_already_expired(editor: User) -> None:
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            user=editor, name="Late", expires_at=timezone.now() - dt.timedelta(days=1)
        )
    assert "expires_at" in refused.value.message_dict


# --- in the back office ----------------------------------------------------------


def add_token(client: Client, **data: Any) -> Any:
    expires = (timezone.localtime() + dt.timedelta(days=30)).strftime("%Y-%m-%d")
    form = {
        "name": "From the admin",
        "scope": "read",
        "expires_at_0": expires,
        "expires_at_1": "12:00:00",
        **data,
    }
    return client.post("/admin/accounts/apitoken/add/", form)


def test_a_viewer_asking_the_back_office_for_a_write_token_is_told_why(
    viewer_client: Client, viewer: User
) -> None:
    response = add_token(viewer_client, scope="write")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Only an editor or an administrator" in errors["scope"][0]
    assert not ApiToken.objects.filter(user=viewer).exists()


def test_a_viewer_makes_a_read_only_token_in_the_back_office(
    viewer_client: Client, viewer: User
) -> None:
    response = add_token(viewer_client)
    assert response.status_code == 302
    token = ApiToken.objects.get(user=viewer)
    assert token.scope == "read"
    assert (
        timezone.localtime(token.expires_at).date()
        == (timezone.localtime() + dt.timedelta(days=30)).date()
    )


def test_an_editor_makes_a_write_token_in_the_back_office(
    editor_client: Client, editor: User
) -> None:
    assert add_token(editor_client, scope="write").status_code == 302
    assert ApiToken.objects.get(user=editor).scope == "write"


def test_the_token_list_shows_an_expired_token_as_expired(
    editor_client: Client, editor: User
) -> None:
    issued = api_token_create(user=editor, name="Old one")
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    page = editor_client.get("/admin/accounts/apitoken/?state=expired")
    assert "Old one" in page.content.decode()
    assert "expired" in page.content.decode()

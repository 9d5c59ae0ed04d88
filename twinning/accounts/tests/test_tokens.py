"""Personal API tokens: made and revoked in the back office, the secret shown once."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.models import ApiToken, User
from twinning.accounts.tokens import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_in_english(settings: Any) -> None:
    """Answer in English a client that names no language (Danish is the default)."""
    settings.LANGUAGE_CODE = "en"


def url(name: str, *args: Any) -> str:
    return reverse(f"admin:accounts_apitoken_{name}", args=args)


# --- The services ---------------------------------------------------------------------


def test_a_new_token_keeps_only_the_hash_and_prefix_of_its_secret(editor: User) -> None:
    issued = api_token_create(user=editor, name="Open data portal", actor=editor)

    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert len(issued.secret) >= 40
    assert stored.prefix == issued.secret[:8]
    assert stored.key_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=stored.pk).values().get()
    assert issued.secret not in {str(value) for value in row.values()}
    assert stored.history.get().history_user == editor


def test_every_token_has_its_own_secret(editor: User) -> None:
    secrets = {api_token_create(user=editor, name=f"T{n}").secret for n in range(5)}

    assert len(secrets) == 5


def test_a_token_authenticates_its_user_and_notes_when_it_was_used(
    editor: User,
) -> None:
    issued = api_token_create(user=editor, name="Portal")

    token = api_token_authenticate(secret=issued.secret)

    assert token is not None
    assert token.user == editor
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_the_time_of_use_is_written_at_most_once_a_minute(editor: User) -> None:
    issued = api_token_create(user=editor, name="Portal")
    recently = timezone.now() - dt.timedelta(seconds=10)
    long_ago = timezone.now() - dt.timedelta(minutes=5)

    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=recently)
    api_token_authenticate(secret=issued.secret)
    after_a_recent_use = ApiToken.objects.get(pk=issued.token.pk).last_used_at
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=long_ago)
    api_token_authenticate(secret=issued.secret)
    after_a_long_pause = ApiToken.objects.get(pk=issued.token.pk).last_used_at

    assert after_a_recent_use == recently
    assert after_a_long_pause is not None
    assert after_a_long_pause > recently


@pytest.mark.parametrize("secret", ["", "not-a-token", "x" * 43])
def test_an_unknown_secret_authenticates_no_one(editor: User, secret: str) -> None:
    api_token_create(user=editor, name="Portal")

    assert api_token_authenticate(secret=secret) is None


def test_a_revoked_token_authenticates_no_one(
    editor: User, administrator: User
) -> None:
    issued = api_token_create(user=editor, name="Old laptop")

    api_token_revoke(token=issued.token, actor=administrator)

    assert api_token_authenticate(secret=issued.secret) is None
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.is_revoked
    assert token.history.order_by("-history_id").first().history_user == administrator


def test_revoking_a_token_again_keeps_when_it_was_revoked(editor: User) -> None:
    issued = api_token_create(user=editor, name="Old laptop")
    api_token_revoke(token=issued.token, actor=editor)
    first = ApiToken.objects.get(pk=issued.token.pk).revoked_at

    api_token_revoke(token=ApiToken.objects.get(pk=issued.token.pk), actor=editor)

    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at == first


def test_the_token_of_a_deactivated_user_authenticates_no_one(editor: User) -> None:
    issued = api_token_create(user=editor, name="Portal")
    editor.is_active = False
    editor.save(update_fields=["is_active"])

    assert api_token_authenticate(secret=issued.secret) is None


# --- The back office ------------------------------------------------------------------


def token_form(**data: Any) -> dict[str, Any]:
    """Return the back office's form to make a token: read-only, for 30 days."""
    expires = timezone.localtime() + dt.timedelta(days=30)
    return {
        "scope": "read",
        "expires_at_0": expires.strftime("%Y-%m-%d"),
        "expires_at_1": "12:00:00",
        **data,
    }


def secret_shown(html: str) -> str:
    [secret] = re.findall(r"<code>([^<]+)</code>", html)
    return secret


@pytest.mark.parametrize("role", ["administrator", "editor", "viewer"])
def test_every_role_can_make_a_token_and_see_its_secret_once(
    request: pytest.FixtureRequest, role: str
) -> None:
    user: User = request.getfixturevalue(role)
    client: Client = request.getfixturevalue(f"{role}_client")

    response = client.post(
        url("add"), token_form(name="Open data portal", user=user.pk), follow=True
    )

    assert response.status_code == 200
    secret = secret_shown(response.content.decode())
    token = api_token_authenticate(secret=secret)
    assert token is not None
    assert (token.user, token.name) == (user, "Open data portal")
    again = client.get(response.wsgi_request.get_full_path())
    listing = client.get(url("changelist"))
    assert secret not in again.content.decode() + listing.content.decode()
    assert token.prefix in listing.content.decode()


def test_an_editor_makes_tokens_for_themselves_only(
    editor: User, editor_client: Client, administrator: User
) -> None:
    form = editor_client.get(url("add"))
    editor_client.post(url("add"), token_form(name="Sneaky", user=administrator.pk))

    assert 'name="user"' not in form.content.decode()
    assert ApiToken.objects.get(name="Sneaky").user == editor


def test_an_administrator_can_make_a_token_for_a_service_account(
    administrator_client: Client, editor: User
) -> None:
    form = administrator_client.get(url("add"))
    administrator_client.post(
        url("add"), token_form(name="Portal import", user=editor.pk)
    )

    assert 'name="user"' in form.content.decode()
    assert ApiToken.objects.get(name="Portal import").user == editor


def test_an_editor_sees_only_their_own_tokens(
    editor: User, editor_client: Client, administrator: User
) -> None:
    own = api_token_create(user=editor, name="Mine").token
    other = api_token_create(user=administrator, name="Not mine").token

    listing = editor_client.get(url("changelist"))
    others_page = editor_client.get(url("change", other.pk))

    assert list(listing.context["cl"].result_list) == [own]
    assert others_page.status_code == 302  # "no such token", back to the index
    assert editor_client.get(url("change", own.pk)).status_code == 200


def test_an_administrator_sees_every_token(
    editor: User, viewer: User, administrator_client: Client
) -> None:
    tokens = {
        api_token_create(user=editor, name="Editor's").token,
        api_token_create(user=viewer, name="Viewer's").token,
    }

    listing = administrator_client.get(url("changelist"))

    assert set(listing.context["cl"].result_list) == tokens


def test_the_revoke_action_revokes_the_selected_tokens(
    viewer: User, viewer_client: Client
) -> None:
    issued = api_token_create(user=viewer, name="Old laptop")

    response = viewer_client.post(
        url("changelist"),
        {"action": "revoke_selected", "_selected_action": [str(issued.token.pk)]},
    )

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=issued.token.pk).is_revoked
    assert api_token_authenticate(secret=issued.secret) is None


def test_an_editor_cannot_revoke_another_users_token(
    editor_client: Client, administrator: User
) -> None:
    issued = api_token_create(user=administrator, name="Not mine")

    editor_client.post(
        url("changelist"),
        {"action": "revoke_selected", "_selected_action": [str(issued.token.pk)]},
    )

    assert not ApiToken.objects.get(pk=issued.token.pk).is_revoked


def test_an_administrator_can_revoke_anyones_token(
    editor: User, administrator_client: Client
) -> None:
    issued = api_token_create(user=editor, name="Lost phone")

    administrator_client.post(
        url("changelist"),
        {"action": "revoke_selected", "_selected_action": [str(issued.token.pk)]},
    )

    assert ApiToken.objects.get(pk=issued.token.pk).is_revoked


def test_a_token_is_revoked_not_deleted(
    editor: User, editor_client: Client, administrator_client: Client
) -> None:
    token = api_token_create(user=editor, name="Kept").token

    by_editor = editor_client.post(url("delete", token.pk), {"post": "yes"})
    by_administrator = administrator_client.post(
        url("delete", token.pk), {"post": "yes"}
    )

    assert (by_editor.status_code, by_administrator.status_code) == (403, 403)
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_tokens_page_shows_it_and_offers_no_save(
    editor: User, editor_client: Client
) -> None:
    token = api_token_create(user=editor, name="Portal").token

    html = editor_client.get(url("change", token.pk)).content.decode()

    assert token.prefix in html
    assert 'name="_save"' not in html
    assert token.key_hash not in html


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(client: Client) -> None:
    response = client.get(url("changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

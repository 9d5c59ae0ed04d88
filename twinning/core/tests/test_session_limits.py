"""A signed-in session ends 8 hours after signing in, and after an hour idle."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twinning.core import middleware

HOUR = 60 * 60


class Clock:
    """A stand-in for `time.time` in the middleware that the test moves on."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(1_800_000_000)
    monkeypatch.setattr(middleware.time, "time", clock)
    return clock


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_a_session_used_every_half_hour_ends_after_eight_hours(
    clock: Clock, editor_client: Client
) -> None:
    assert signed_in(editor_client)
    for _ in range(15):  # 7.5 hours
        clock.now += HOUR / 2
        assert signed_in(editor_client)
    clock.now += HOUR / 2 + 1
    response = editor_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_session_idle_for_more_than_an_hour_ends(
    clock: Clock, editor_client: Client
) -> None:
    assert signed_in(editor_client)
    clock.now += HOUR - 1
    assert signed_in(editor_client)
    clock.now += HOUR + 1
    assert not signed_in(editor_client)
    # and it stays ended
    clock.now += 1
    assert not signed_in(editor_client)


def test_the_session_cookie_lasts_eight_hours_at_most(
    client: Client, editor: Any, settings: Any
) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * HOUR
    client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert client.cookies["sessionid"]["max-age"] == 8 * HOUR

"""Personal API tokens for the personas."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import signals
from django.db import close_old_connections

from twinning.accounts.models import User
from twinning.accounts.tokens import api_token_create


def token_for(user: User) -> str:
    return api_token_create(user=user, name="Tests", actor=user).secret


@pytest.fixture
def editor_token(editor: User) -> str:
    return token_for(editor)


@pytest.fixture
def viewer_token(viewer: User) -> str:
    return token_for(viewer)


@pytest.fixture
def administrator_token(administrator: User) -> str:
    return token_for(administrator)


@pytest.fixture
def in_the_tests_transaction() -> Iterator[None]:
    """Keep the test's connection open across requests to the WSGI application.

    Django closes a connection at the start and end of each request it serves;
    inside the test's transaction that would end the transaction. Django's test
    client disconnects this signal handler in the same way.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)

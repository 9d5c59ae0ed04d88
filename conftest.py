"""Fixtures for the whole suite: the Aarhus dataset and the fixed personas.

The dataset is loaded once per test session, after the migrations; every test runs
in a transaction that is rolled back, so each starts from the same register.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from twinning.accounts.models import User
from twinning.accounts.roles import ADMINISTRATOR, EDITOR, VIEWER
from twinning.accounts.second_factor import has_second_factor, is_administrator
from twinning.accounts.services import user_create
from twinning.places.models import Municipality

PASSWORD = "correct horse battery staple"  # noqa: S105 (a test persona's)

# What a test costs, roughly, in seconds of one core: a `slow` test runs a program
# of its own or renders the whole site, a browser test drives Chromium.
_COST = {"slow": 30.0, "browser": 5.0}
_COST_OF_OTHERS = 0.3


def _cost(item: pytest.Item) -> float:
    if item.get_closest_marker("slow"):
        return _COST["slow"]
    if "tests/browser/" in item.path.as_posix():
        return _COST["browser"]
    return _COST_OF_OTHERS


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the test files the costliest first, so that the workers end together.

    The workers take a file at a time (`--dist loadfile`) in this order
    (`--no-loadscope-reorder`). By default they would take the files with the most
    tests first and leave a file of one long test, the migrations', to the end,
    when the other worker has nothing left to do.
    """
    files: dict[Any, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.path, []).append(item)
    ordered = sorted(files.values(), key=lambda tests: -sum(map(_cost, tests)))
    items[:] = [item for tests in ordered for item in tests]


@pytest.fixture(scope="session", autouse=True)
def static_files_as_they_are() -> Any:
    """Serve static files from the apps and build/static without `collectstatic`."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=storages, WHITENOISE_USE_FINDERS=True):
        yield


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing() -> Any:
    """Hash the personas' passwords cheaply: Argon2 costs a tenth of a second each.

    The hashers of production are tested on their own (accounts' tests).
    """
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def cache_of_its_own(tmp_path_factory: Any) -> Any:
    """Give each test process a file cache of its own, and the page cache off.

    The tests of the page cache turn it on (`page_cache`); every other test sees
    pages rendered afresh, as they were before it.
    """
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path_factory.mktemp("cache")),
        }
    }
    with override_settings(CACHES=caches, TWINNING_PAGE_CACHE=False):
        yield


@pytest.fixture
def page_cache(settings: Any) -> Any:
    """Turn the public page cache on, on an empty cache."""
    from django.core.cache import cache

    settings.TWINNING_PAGE_CACHE = True
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        call_command("load_aarhus", verbosity=0)


@pytest.fixture(scope="module")
def module_records(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Let a module's fixtures build their records once for all its tests.

    The records are written in a transaction of their own, around every test of
    the module; each test still runs in a savepoint that is rolled back, and the
    records are rolled back after the module's last test. A module that builds a
    portfolio per parametrised test spends its time building, not testing.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def english() -> Any:
    """Run each test in English unless it switches language itself.

    Requests through the test client choose their language as a browser's would.
    """
    with translation.override("en"):
        yield


@pytest.fixture
def aarhus(db: Any) -> Municipality:
    return Municipality.objects.get(slug="aarhus")


def persona(username: str, role: str, *, platform: bool = False) -> User:
    """Return a member of staff of Aarhus in a role (or of the whole platform)."""
    aarhus = Municipality.objects.get(slug="aarhus")
    return user_create(
        username=username,
        password=PASSWORD,
        role=role,
        municipalities=[] if platform else [aarhus],
        platform=platform,
    )


@pytest.fixture
def administrator(db: Any) -> User:
    """The platform administrator: every municipality, users and municipalities."""
    return persona("ada-administrator", ADMINISTRATOR, platform=True)


@pytest.fixture
def municipality_administrator(db: Any) -> User:
    """Aarhus's administrator: Aarhus's register, its users and its access log."""
    return persona("mia-administrator", ADMINISTRATOR)


@pytest.fixture
def editor(db: Any) -> User:
    return persona("eva-editor", EDITOR)


@pytest.fixture
def viewer(db: Any) -> User:
    return persona("vic-viewer", VIEWER)


def sign_in(client: Client, user: User) -> Client:
    """Sign a user in on a test client as after password and second factor.

    Administrators must prove a second factor before the back office opens to
    them (`accounts.middleware`). A persona has set up an authenticator app, as a
    real one must, and its session is marked as verified with it, just as the
    verification page marks it.
    """
    client.force_login(user)
    if is_administrator(user) or has_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="persona")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def signed_in_session(user: User) -> str:
    """Sign a user in as `sign_in` does; return the session's key.

    A module that opens many pages as one persona signs them in once, and gives each
    test a browser of its own on that session (`on_session`).
    """
    client = sign_in(Client(), user)
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def on_session(session_key: str) -> Client:
    """Return a new test browser carrying a session already signed in."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def _logged_in(user: User) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def administrator_client(administrator: User) -> Client:
    return _logged_in(administrator)


@pytest.fixture
def municipality_administrator_client(municipality_administrator: User) -> Client:
    return _logged_in(municipality_administrator)


@pytest.fixture
def editor_client(editor: User) -> Client:
    return _logged_in(editor)


@pytest.fixture
def viewer_client(viewer: User) -> Client:
    return _logged_in(viewer)

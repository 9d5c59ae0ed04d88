"""Every public page is valid HTML to the Nu Html Checker (vnu), the W3C's validator."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from . import LANGUAGES, PUBLIC_PAGES, page_cases

# The pages are fetched once for the session, but the tests declare that they use
# the database: pytest-django sets up the test database only for a session that has
# such tests, and would otherwise leave the fixture reading the development one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"

# Defects found by these tests, for the application to fix: case → reason.
DEFECTS: dict[str, str] = {}


def file_name(path: str) -> str:
    """Name the file a page is saved in after its path: /da/map/ → da-map.html."""
    return path.strip("/").replace("/", "-").replace("?q=", "-") + ".html"


@pytest.fixture(scope="session")
def vnu_messages(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: Any,
    django_db_blocker: Any,
) -> dict[str, list[dict[str, Any]]]:
    """Fetch every public page, check them all in one run of vnu; map file → messages.

    One run because the checker is a Java program, slow to start and quick to check.
    """
    if shutil.which("java") is None:
        pytest.skip("Java is not installed, and the Nu Html Checker runs on Java")
    assert VNU.is_file(), f"{VNU} is missing; `make frontend` installs it"
    directory = tmp_path_factory.mktemp("pages")
    client = Client()
    files = []
    with django_db_blocker.unblock():
        for template in PUBLIC_PAGES.values():
            for language in LANGUAGES:
                path = template.format(language=language)
                response = client.get(path)
                assert response.status_code == 200, f"{path}: {response.status_code}"
                files.append(directory / file_name(path))
                files[-1].write_bytes(response.content)
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        check=False,  # vnu exits 1 when it finds an error; the tests report those
        text=True,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr
    messages: dict[str, list[dict[str, Any]]] = {}
    for message in json.loads(run.stdout)["messages"]:
        # A "non-document-error" means vnu could not read a page, which must not
        # pass as a page without errors.
        assert message["type"] != "non-document-error", message
        messages.setdefault(Path(message["url"]).name, []).append(message)
    return messages


def described(errors: list[dict[str, Any]]) -> str:
    lines = [f"{len(errors)} HTML error(s):"]
    for error in errors:
        lines.append(
            f"- line {error.get('lastLine')}, column {error.get('firstColumn')}: "
            f"{error['message']} in {error.get('extract', '').strip()!r}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("path", page_cases(defects=DEFECTS))
def test_page_is_valid_html(
    vnu_messages: dict[str, list[dict[str, Any]]], path: str
) -> None:
    errors = [
        message
        for message in vnu_messages.get(file_name(path), [])
        if message["type"] == "error"
    ]

    assert not errors, described(errors)

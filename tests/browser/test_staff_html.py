"""The staff workspace's pages are valid HTML to the Nu Html Checker (vnu)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from twinning.accounts.models import User
from twinning.accounts.roles import EDITOR
from twinning.accounts.services import user_create
from twinning.places.models import Municipality

from .test_html_validity import VNU, described

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGES = (
    "/{language}/staff/",
    "/{language}/staff/partners/tshwane/",
    "/{language}/staff/partners/kiel/",
    "/{language}/staff/search/?q=tshwane",
    "/{language}/staff/search/",
    "/{language}/staff/eu/",
    "/{language}/staff/matchmaking/",
)
CASES = [
    pytest.param(page.format(language=language), id=f"{page}-{language}")
    for page in PAGES
    for language in ("da", "en")
]


def file_name(path: str) -> str:
    return path.strip("/").replace("/", "-").replace("?q=", "-") + ".html"


@pytest.fixture(scope="module")
def vnu_messages(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: Any,
    django_db_blocker: Any,
) -> dict[str, list[dict[str, Any]]]:
    """Fetch every workspace page as an editor, check them in one run of vnu."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed, and the Nu Html Checker runs on Java")
    assert VNU.is_file(), f"{VNU} is missing; `make frontend` installs it"
    directory = tmp_path_factory.mktemp("staff-pages")
    files = []
    with django_db_blocker.unblock():
        editor = user_create(
            username="hanne-html",
            password="correct horse battery staple",  # a test persona's
            role=EDITOR,
            municipalities=[Municipality.objects.get(slug="aarhus")],
        )
        try:
            client = Client()
            client.force_login(editor)
            for case in CASES:
                path = case.values[0]
                response = client.get(path)
                assert response.status_code == 200, f"{path}: {response.status_code}"
                files.append(directory / file_name(path))
                files[-1].write_bytes(response.content)
        finally:
            User.objects.filter(pk=editor.pk).delete()
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
        assert message["type"] != "non-document-error", message
        messages.setdefault(Path(message["url"]).name, []).append(message)
    return messages


@pytest.mark.parametrize("path", CASES)
def test_workspace_page_is_valid_html(
    vnu_messages: dict[str, list[dict[str, Any]]], path: str
) -> None:
    errors = [
        message
        for message in vnu_messages.get(file_name(path), [])
        if message["type"] == "error"
    ]

    assert not errors, described(errors)

"""A deploy never answers the previous release's cached pages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings

from twinning.config.release import fingerprint

PROJECT_DIR = Path(__file__).resolve().parents[3]


def a_release(folder: Path) -> Path:
    """Copy this release's templates and locks into a folder of its own."""
    shutil.copytree(
        PROJECT_DIR / "twinning" / "public" / "templates",
        folder / "twinning" / "public" / "templates",
    )
    shutil.copy(PROJECT_DIR / "uv.lock", folder / "uv.lock")
    return folder


def test_a_changed_template_is_another_release(tmp_path: Path) -> None:
    release = a_release(tmp_path)
    before = fingerprint(release)
    base = release / "twinning/public/templates/public/base.html"

    base.write_text(base.read_text().replace("</footer>", "<p>New</p></footer>"))

    assert fingerprint(release) != before


def test_the_same_files_at_other_times_on_another_server_are_the_same_release(
    tmp_path: Path,
) -> None:
    here = a_release(tmp_path / "here")
    there = a_release(tmp_path / "there")
    for path in there.rglob("*"):
        os.utime(path, (0, 0))

    assert fingerprint(here) == fingerprint(there)


def test_tests_are_not_part_of_the_release(tmp_path: Path) -> None:
    release = a_release(tmp_path)
    before = fingerprint(release)
    (release / "twinning/public/tests").mkdir(parents=True)
    (release / "twinning/public/tests/test_new.py").write_text("x = 1\n")

    assert fingerprint(release) == before


def test_every_cache_key_begins_with_the_release() -> None:
    # The suite gives each process a cache of its own; the settings module says
    # what a server's cache is.
    from twinning.config import settings as configured

    assert settings.TWINNING_RELEASE == fingerprint(PROJECT_DIR)
    assert configured.CACHES["default"]["KEY_PREFIX"] == settings.TWINNING_RELEASE

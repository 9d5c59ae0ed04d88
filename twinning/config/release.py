"""What release of Twinning runs: a fingerprint of its code, templates and locks.

The cache keys begin with it, so a page cached by one release is never answered by
the next: a deploy that changes a template or a translation shows at once, without
clearing the cache by hand. It is made from the files' contents, not their times,
so every app server of one release computes the same fingerprint and they keep
sharing one cache (and its generations).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# What decides how a page looks: the code and its templates, style sheets and
# catalogues, and the locked versions of what the project installs.
SUFFIXES = frozenset({".py", ".html", ".txt", ".css", ".js", ".svg", ".po", ".yaml"})
LOCKS = ("uv.lock", "package-lock.json", "scripts/build_fonts.py")


def fingerprint(project_dir: Path) -> str:
    """Return a short digest of the release's files under `project_dir`."""
    digest = hashlib.sha256()
    package = project_dir / "twinning"
    files = sorted(
        path
        for path in package.rglob("*")
        if path.suffix in SUFFIXES
        and "tests" not in path.relative_to(package).parts
        and "__pycache__" not in path.parts
    )
    files += [project_dir / name for name in LOCKS if (project_dir / name).is_file()]
    for path in files:
        digest.update(path.relative_to(project_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]

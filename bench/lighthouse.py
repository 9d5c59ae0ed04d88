"""Run Lighthouse on the public pages, mobile and desktop, and print every score.

Run it against the production server, started as `make serve` starts it:

    TWINNING_ENV=production DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=127.0.0.1 \\
        TWINNING_SSL_REDIRECT=0 TWINNING_HSTS_SECONDS=0 make serve PORT=8411
    .venv/bin/python bench/lighthouse.py http://127.0.0.1:8411

Lighthouse is the npm package pinned in package.json; Chromium is Debian's
(CHROME_PATH, /usr/bin/chromium unless set). The goal of issue 11: performance at
least 95, accessibility, best practices and SEO 100, cumulative layout shift under
0.1. The reports are kept as JSON in var/lighthouse/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["/da/", "/en/", "/en/partners/bergen/", "/en/map/"]
PRESETS = ["mobile", "desktop"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def run(base: str, path: str, preset: str, reports: Path) -> dict[str, float]:
    """Return the scores of one page under one preset (0-100, CLS as measured)."""
    name = path.strip("/").replace("/", "-") or "root"
    output = reports / f"{name}-{preset}.json"
    command = [
        str(LIGHTHOUSE),
        base + path,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    environment = {**os.environ}
    environment.setdefault("CHROME_PATH", "/usr/bin/chromium")
    # Headless Chromium now and then loses the trace of a load (NO_NAVSTART);
    # a second run of the same page is then taken.
    for attempt in (1, 2):
        done = subprocess.run(command, check=attempt == 2, env=environment)  # noqa: S603
        if done.returncode == 0:
            break
    report = json.loads(output.read_text(encoding="utf-8"))
    scores = {
        category: round(report["categories"][category]["score"] * 100)
        for category in CATEGORIES
    }
    scores["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    failed = [
        audit_id
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"]) in report["audits"]
        and (report["audits"][audit_id]["score"] or 0) < 1
        and report["audits"][audit_id]["scoreDisplayMode"] == "binary"
    ]
    scores["failed"] = failed  # type: ignore[assignment]
    return scores


def main() -> None:
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    reports = ROOT / "var" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    print("page                     preset   perf  a11y  best  seo   CLS    failing")
    for path in PAGES:
        for preset in PRESETS:
            s = run(base, path, preset, reports)
            print(
                f"{path:<24} {preset:<8} {s['performance']:>4}  "
                f"{s['accessibility']:>4}  {s['best-practices']:>4}  {s['seo']:>4}  "
                f"{s['cls']:.3f}  {' '.join(s['failed']) or '-'}",  # type: ignore[arg-type]
                flush=True,
            )


if __name__ == "__main__":
    main()

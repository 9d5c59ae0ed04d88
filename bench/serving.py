"""Twinning's public pages and API against nginx serving the same bytes, in one run.

    .venv/bin/python bench/serving.py [--seconds 10]

Sets up a throwaway SQLite database in a temporary folder (migrated, the Aarhus
dataset loaded; or the database in DATABASE_URL, which must be empty or hold the
dataset already), publishes the site (`manage.py publish_site`), then starts

- the application exactly as `make serve` starts it (`make serve`, with
  TWINNING_ENV=production and its variables), on 127.0.0.1, twice: with the page
  cache, and with TWINNING_PAGE_CACHE=false for the uncached figures;
- nginx on 127.0.0.1 serving the bytes of the cached /en/ as a file, and the
  published folder.

Each target is measured with wrk (2 threads, 50 connections; the API at 10) for
`--seconds`, nginx re-measured right before it; the server's CPU time per request
is read from /proc (user + system time of the server's processes, before and
after). Prints a Markdown table. Loopback only; on a shared machine the figures
move with the neighbours' load.

The scale benchmark is bench/scale.py.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
TICKS = os.sysconf("SC_CLK_TCK")
PERCENTILES = str(ROOT / "bench" / "percentiles.lua")


def run(*command: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2):
                return
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    total = 0
    for process in descendants(pid):
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1]
            values = fields.split()
            total += int(values[11]) + int(values[12])
    return total / TICKS


@contextlib.contextmanager
def server(command: list[str], env: dict[str, str], url: str) -> Iterator[int]:
    log = Path(env["TWINNING_VAR_DIR"]).parent / f"server-{env['PORT']}.log"
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        try:
            wait_for(url)
        except RuntimeError:
            print(log.read_text()[-3000:], file=sys.stderr)
            raise
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wrk(url: str, *, seconds: int, connections: int, headers: list[str]) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", PERCENTILES]
    command.append(url)
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def latency(percent: int) -> str:
        found = re.search(rf"^p{percent} (\d+)$", out, re.MULTILINE)
        return f"{int(found.group(1)) / 1000:.2f} ms" if found else "?"

    return {
        "rate": rate,
        "requests": total,
        "p90": latency(90),
        "p95": latency(95),
        "p99": latency(99),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure(
    name: str,
    url: str,
    *,
    pid: int | None,
    nginx: str | None,
    seconds: int,
    connections: int = 50,
    headers: list[str] | None = None,
) -> list[str]:
    reference = (
        wrk(nginx, seconds=seconds, connections=connections, headers=[])
        if nginx
        else None
    )
    before = cpu_seconds(pid) if pid else 0.0
    result = wrk(url, seconds=seconds, connections=connections, headers=headers or [])
    after = cpu_seconds(pid) if pid else 0.0
    per_request = (after - before) / max(result["requests"], 1) * 1000
    ratio = f"{result['rate'] / reference['rate']:.3f}" if reference else "—"
    return [
        name,
        f"{result['rate']:,.0f}",
        ratio,
        f"{reference['rate']:,.0f}" if reference else "—",
        result["p90"],
        result["p95"],
        result["p99"],
        f"{per_request:.2f} ms" if pid else "—",
        str(result["errors"]),
    ]


def nginx_config(folder: Path, port: int, same_bytes: Path, published: Path) -> Path:
    config = folder / "nginx.conf"
    config.write_text(
        f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        location /same/ {{ alias {same_bytes}/; index index.html; }}
        location / {{ root {published}; index index.html;
                      try_files $uri $uri/index.html =404; }}
    }}
}}
"""
    )
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    arguments = parser.parse_args()
    seconds = arguments.seconds
    folder = Path(tempfile.mkdtemp(prefix="twinning-bench-"))
    folder.chmod(0o755)  # nginx's workers read the files as another user
    env = {
        **os.environ,
        "TWINNING_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_hex(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TWINNING_SSL_REDIRECT": "false",
        "TWINNING_VAR_DIR": str(folder / "var"),
        "TWINNING_MEDIA_ROOT": str(folder / "media"),
        "TWINNING_LOG_LEVEL": "WARNING",
    }
    print(f"Setting up in {folder} ...", file=sys.stderr)
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "load_aarhus", "-v", "0", env=env)
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0", env=env)
    started = time.monotonic()
    run(PYTHON, "manage.py", "publish_site", "--output", str(folder / "site"), env=env)
    publish_seconds = time.monotonic() - started
    rows: list[list[str]] = []
    app_port, uncached_port, nginx_port = free_port(), free_port(), free_port()
    app = f"http://127.0.0.1:{app_port}"
    uncached = f"http://127.0.0.1:{uncached_port}"
    nginx = f"http://127.0.0.1:{nginx_port}"
    make = ["make", "--no-print-directory", "serve"]
    with server(make, {**env, "PORT": str(app_port)}, f"{app}/healthz") as pid:
        same = folder / "same"
        same.mkdir()
        with urllib.request.urlopen(f"{app}/en/") as answer:
            (same / "index.html").write_bytes(answer.read())
        with urllib.request.urlopen(f"{app}/en/partners/bergen/") as answer:
            (same / "partner.html").write_bytes(answer.read())
        config = nginx_config(folder, nginx_port, same, folder / "site")
        subprocess.run(["nginx", "-c", str(config), "-p", str(folder)], check=True)
        try:
            wait_for(f"{nginx}/same/")
            rows.append(
                measure(
                    "nginx, the bytes of /en/",
                    f"{nginx}/same/",
                    pid=None,
                    nginx=None,
                    seconds=seconds,
                )
            )
            rows.append(
                measure(
                    "/en/, cached",
                    f"{app}/en/",
                    pid=pid,
                    nginx=f"{nginx}/same/",
                    seconds=seconds,
                )
            )
            rows.append(
                measure(
                    "partner page, cached",
                    f"{app}/en/partners/bergen/",
                    pid=pid,
                    nginx=f"{nginx}/same/partner.html",
                    seconds=seconds,
                )
            )
            rows.append(
                measure(
                    "the published site's /en/ (nginx)",
                    f"{nginx}/en/",
                    pid=None,
                    nginx=f"{nginx}/same/",
                    seconds=seconds,
                )
            )
            rows.append(
                measure(
                    "API list ?limit=50, 10 connections",
                    f"{app}/api/v1/partnerships?limit=50",
                    pid=pid,
                    nginx=None,
                    seconds=seconds,
                    connections=10,
                )
            )
            rows.append(
                measure(
                    "API detail, 10 connections",
                    f"{app}/api/v1/partnerships/bergen",
                    pid=pid,
                    nginx=None,
                    seconds=seconds,
                    connections=10,
                )
            )
            off = {**env, "PORT": str(uncached_port), "TWINNING_PAGE_CACHE": "false"}
            with server(make, off, f"{uncached}/healthz") as uncached_pid:
                rows.append(
                    measure(
                        "/en/, uncached",
                        f"{uncached}/en/",
                        pid=uncached_pid,
                        nginx=f"{nginx}/same/",
                        seconds=seconds,
                    )
                )
                rows.append(
                    measure(
                        "partner page, uncached",
                        f"{uncached}/en/partners/bergen/",
                        pid=uncached_pid,
                        nginx=f"{nginx}/same/partner.html",
                        seconds=seconds,
                    )
                )
        finally:
            subprocess.run(
                ["nginx", "-c", str(config), "-p", str(folder), "-s", "stop"],
                check=False,
            )
    header = [
        "target",
        "req/s",
        "× nginx",
        "nginx req/s (just before)",
        "p90",
        "p95",
        "p99",
        "server CPU per request",
        "non-2xx",
    ]
    print(f"\npublish_site, full run of the shipped dataset: {publish_seconds:.1f} s\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

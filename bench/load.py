"""A sustained load: gunicorn on PostgreSQL, 50 connections for five minutes, from wrk.

    .venv/bin/python bench/load.py                      # 300 s, 50 connections, 4 workers
    .venv/bin/python bench/load.py --duration 60        # shorter

Every request goes to the next of the public pages and a logged-in delegate's portal, in turn
(bench/load.lua). Prints and writes into docs/load.md the requests per second, the latencies,
the number of answers by status class and the socket errors. The run is good when there are no
errors and no 5xx answers.
"""

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    DEFAULT_URL,
    ensure_database,
    machine,
    pages,
    prepare,
    server_env,
    session_cookie,
    start_server,
    stop_server,
)

DOC = ROOT / "docs" / "load.md"


def _edit_statements(args, stop: threading.Event, writes: list) -> None:
    """Edit a published statement's title every ``args.write_every`` seconds until ``stop``, as
    the Secretariat correcting a title during a plenary: each edit moves the public page cache's
    generation on. Restores the title at the end."""
    from django.db import connection

    from consultations.models import Statement

    if not args.write_every:
        return
    statement = Statement.objects.filter(state="published").order_by("pk").first()
    title = statement.title
    try:
        while not stop.wait(args.write_every):
            writes.append(
                Statement.objects.filter(pk=statement.pk).update(title=f"{title} ({len(writes)})")
            )
    finally:
        Statement.objects.filter(pk=statement.pk).update(title=title)
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds (default 300)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--write-every",
        type=float,
        default=1.0,
        help="seconds between two edits of a published statement during the run (0: none)",
    )
    args = parser.parse_args()
    args.scale = False
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL.format(name="hlderp_bench")
    ensure_database(url)
    env = server_env(url)
    os.environ.update(env)
    import django

    django.setup()
    facts = prepare(args)
    cookie = session_cookie(facts["user"])
    paths = [("!" if logged_in else "") + path for _, path, logged_in in pages(facts, args)[1:]]
    server = start_server(args, env)
    stop_writing = threading.Event()
    writes = []
    writer = threading.Thread(target=_edit_statements, args=(args, stop_writing, writes))
    try:
        writer.start()
        result = subprocess.run(
            [
                "wrk",
                "-t",
                str(args.threads),
                "-c",
                str(args.connections),
                "-d",
                f"{args.duration}s",
                "--timeout",
                "10s",
                "-s",
                str(ROOT / "bench/load.lua"),
                f"http://127.0.0.1:{args.port}",
            ],
            env={**os.environ, "PATHS": " ".join(paths), "COOKIE": cookie},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        stop_writing.set()
        writer.join()
        stop_server(server)
    output = result.stdout
    print(output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)
    total = re.search(r"(\d+) requests in", output).group(1)
    statuses = re.search(r"STATUS(.*)", output).group(1).strip()
    latency = re.search(r"LATENCY (.*)", output).group(1)
    errors = re.search(r"ERRORS (.*)", output).group(1)
    env_facts = machine()
    lines = [
        "# Load run",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, `bench/load.py "
        f"--duration {args.duration}`: gunicorn with {args.workers} workers on PostgreSQL, "
        f"wrk from a second process with {args.connections} connections for {args.duration} s, "
        "each request to the next of these pages in turn (the demo data):",
        "",
        *[
            f"- `{p.lstrip('!')}`" + (" (logged-in delegate)" if p.startswith("!") else "")
            for p in paths
        ],
        "",
        "Public page cache: "
        + (
            "on (Redis). Meanwhile the bench process edited the title of a published statement "
            f"every {args.write_every:g} s ({len(writes)} edits), each of which invalidates "
            "every cached public page."
            if env["REDIS_URL"]
            else "off (no Redis)."
        ),
        "",
        "| requests | req/s | latency ms (p50, p95, p99, max) | answers by status | errors |",
        "|---:|---:|---|---|---|",
        f"| {total} | {rps} | {latency} | {statuses} | {errors} |",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in env_facts.items()),
        "",
    ]
    DOC.write_text("\n".join(lines))
    print(f"written to {DOC}")


if __name__ == "__main__":
    main()

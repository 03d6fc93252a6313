"""A sustained load: gunicorn on PostgreSQL, 50 connections for five minutes, from wrk.

    .venv/bin/python bench/load.py                      # 300 s, 50 connections, 4 workers
    .venv/bin/python bench/load.py --duration 60        # shorter
    .venv/bin/python bench/load.py --busy               # a busy plenary day at the scale data
    .venv/bin/python bench/load.py --busy --short       # the same for 60 s, to try it

``--busy`` (issue 17): the scale data (hlderp_scale, seed_scale if missing) with a process of
60 meetings (bench/busy.py), 50 connections over the public pages and the portals of ten
delegates (``--portal-share`` of the requests, 0.1 by default), while one write a second lands
(speakers-list moves, draft saves, publications, through the services). Reports the latencies,
the errors, the share of answers from the page cache and each gunicorn worker's memory after the
run, into docs/performance.md (between the ``bench:busy`` markers).

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
    write_section,
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


def run_wrk(args, **env) -> subprocess.CompletedProcess:
    """wrk over bench/load.lua, its environment (PATHS, COOKIE or COOKIES) given."""
    return subprocess.run(
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
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )


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
    parser.add_argument("--busy", action="store_true", help="a busy day at the scale data")
    parser.add_argument("--short", action="store_true", help="--busy for 60 s")
    parser.add_argument("--portal-share", type=float, default=0.1)
    args = parser.parse_args()
    if args.busy:
        busy_main(args)
        return
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
        result = run_wrk(args, PATHS=" ".join(paths), COOKIE=cookie)
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


def worker_memory(server) -> list[float]:
    """The resident memory of each gunicorn worker (the master's children), in MB."""
    output = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "rss="], capture_output=True, text=True
    ).stdout
    return [int(line) / 1024 for line in output.split()]


def busy_paths(facts, busy, share: float) -> list[str]:
    """The public pages of a plenary day, and the portal ("!") at ``share`` of the requests."""
    meetings = busy["meetings"]
    public = [
        "/p/busy-day/programme/",
        "/p/busy-day/programme.ics",
        "/p/busy-day/programme.json",
        *(f"/meetings/{slug}/" for slug in meetings[:8]),
        "/p/busy-day/statements/",
        "/statements/",
        "/statements/?language=fr",
        "/statements/?q=remittances",
        "/positions/",
        "/registry/",
        "/programme/",
        f"/meetings/{facts['plenary']}/",
    ]
    if facts.get("scale_plenary"):
        public += [f"/meetings/{facts['scale_plenary']}/", "/p/scale-0001/programme/"]
    portals = max(1, round(len(public) * share / (1 - share)))
    paths = list(public)
    step = len(public) // portals
    for n in range(portals):  # spread among the public pages
        paths.insert((n + 1) * step + n, "!/delegate/")
    return paths


def busy_main(args) -> None:
    from bench.busy import Writer, busy_prepare

    if args.short:
        args.duration = 60
    args.scale = True
    args.scale_statements = 100_000
    args.scale_positions = 250_000
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL.format(name="hlderp_scale")
    ensure_database(url)
    env = server_env(url)
    os.environ.update(env)
    import django

    django.setup()
    facts = prepare(args)
    busy = busy_prepare()
    cookies = [session_cookie(user) for user, _state in busy["delegates"]]
    paths = busy_paths(facts, busy, args.portal_share)
    env_facts = machine()
    server = start_server(args, env)
    writer = Writer(busy, every=args.write_every or 1.0)
    memory = []
    try:
        writer.start()
        result = run_wrk(args, PATHS=" ".join(paths), COOKIES=" ".join(cookies))
        memory = worker_memory(server)
    finally:
        writer.stop.set()
        writer.join()
        stop_server(server)
    output = result.stdout
    print(output)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    statuses = re.search(r"STATUS(.*)", output).group(1).strip()
    latency = dict(part.split("=") for part in re.search(r"LATENCY (.*)", output).group(1).split())
    errors = re.search(r"ERRORS (.*)", output).group(1)
    hits = int(re.search(r"CACHE hits=(\d+)", output).group(1))
    portal = paths.count("!/delegate/")
    writes = ", ".join(f"{n} {kind}" for kind, n in writer.counts.items())
    ok = (
        float(latency["p95"]) < 150
        and "5xx" not in statuses
        and set(errors.replace("=", " ").split()[1::2]) == {"0"}
    )
    lines = [
        f"### Busy day, measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"`bench/load.py --busy{' --short' if args.short else ''}`: the scale data "
        f"({facts['statements']:,} statements) and the busy process (60 meetings, 4 rooms, "
        f"2 days); gunicorn with {args.workers} workers on PostgreSQL, page cache on (Redis); "
        f"wrk with {args.connections} connections for {args.duration} s over {len(paths)} "
        f"addresses in turn: {len(paths) - portal} public pages and the portal of ten delegates "
        f"({portal} in {len(paths)} requests, each time the next delegate's session). "
        f"Meanwhile one write every {args.write_every or 1:g} s through the services: {writes} "
        "(a publication creates, submits and publishes a statement)"
        + (f"; {len(writer.errors)} writes failed: {writer.errors[:3]}" if writer.errors else "")
        + ".",
        "",
        "| requests | req/s | p50 ms | p95 ms | p99 ms | max ms | answers by status | errors "
        "| from the page cache | p95 < 150 ms, no error |",
        "|---:|---:|---:|---:|---:|---:|---|---|---:|---|",
        f"| {total:,} | {rps:.0f} | {latency['p50']} | {latency['p95']} | {latency['p99']} | "
        f"{latency['max']} | {statuses} | {errors} | {hits / total:.1%} | "
        f"{'yes' if ok else '**no**'} |",
        "",
        "Memory of each gunicorn worker after the run (resident): "
        + ", ".join(f"{mb:.0f} MB" for mb in memory)
        + ".",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in env_facts.items()),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("busy", text)
    print("written to docs/performance.md")


if __name__ == "__main__":
    main()

"""`make bench`: serve hlderp with gunicorn on PostgreSQL and load it from a second process.

    .venv/bin/python bench/run.py                       # the demo data, hlderp_bench
    .venv/bin/python bench/run.py --scale               # + seed_scale data, hlderp_scale
    .venv/bin/python bench/run.py --scale --scale-statements 20000 --duration 15

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/hlderp_bench (hlderp_scale with
--scale); the database is created if missing, migrated, and the demo loaded (and seed_scale run
if the scale data is absent). gunicorn runs ``hlderp.wsgi`` with ``bench.settings`` (the app's
settings plus a bare view at /bench/bare/), DEBUG=0, a throwaway SECRET_KEY. Each page is loaded
by wrk (or bench/loadgen.py without wrk) with 20 connections; its throughput is reported as a
ratio of the bare view's in the same run. The statement search (full text vs ``icontains``) is
timed in this process on the same database. Results are printed as Markdown and written into
docs/performance.md, between the markers of the demo or scale section.
"""

import argparse
import datetime
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOC = ROOT / "docs" / "performance.md"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/{name}"
BENCH_USER = "bench.delegate@hlderp.example"
TARGETS = {
    "demo": {"ratio": 0.5, "p95_ms": None},
    "scale": {"ratio": 0.25, "p95_ms": 100},
}
SEARCH_TARGET_P95_MS = 50
SEARCH_TARGET_SPEEDUP = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", action="store_true", help="measure on the seed_scale data")
    parser.add_argument("--scale-statements", type=int, default=100_000)
    parser.add_argument("--scale-positions", type=int, default=250_000)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 10)))
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--search-runs", type=int, default=30)
    parser.add_argument("--no-write", action="store_true", help="do not update the document")
    parser.add_argument(
        "--no-uncached",
        action="store_true",
        help="skip the second pass with the public page cache turned off",
    )
    parser.add_argument("--python-client", action="store_true", help="use loadgen.py, not wrk")
    return parser.parse_args()


def ensure_database(url: str) -> None:
    """CREATE DATABASE if it is missing (PostgreSQL only)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit(f"bench needs PostgreSQL; DATABASE_URL is {url}")
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"MemTotal:\s*(\d+)", meminfo)
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "CPU": f"{model.group(1) if model else platform.processor()}, {os.cpu_count()} cores",
        "Memory": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "?",
        "Load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": pg,
        "Client": "wrk" if shutil.which("wrk") else "bench/loadgen.py (Python threads)",
    }


def prepare(args) -> dict:
    """Migrate, load the demo (and the scale data), create the bench delegate; return facts."""
    from django.core.management import call_command

    from consultations.models import Meeting, Statement
    from registry.models import Stakeholder
    from registry.roles import DELEGATE
    from registry.services import demo_account_ensure, focal_point_add

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo", keep_passwords=True, verbosity=0)
    if args.scale:
        from consultations.demo.scale import scale_exists

        if not scale_exists():
            print(f"seed_scale --statements {args.scale_statements} (a few minutes)...")
            call_command(
                "seed_scale",
                statements=args.scale_statements,
                positions=args.scale_positions,
            )
    user, _ = demo_account_ensure(
        email=BENCH_USER,
        first_name="Bench",
        last_name="Focal point of Belgium",
        role=DELEGATE,
        reset_password=False,
    )
    focal_point_add(user=user, stakeholder=Stakeholder.objects.get(slug="belgium"))
    plenary = Meeting.objects.filter(process__is_current=True, kind="plenary").order_by("start")[0]
    facts = {
        "user": user,
        "plenary": plenary.slug,
        "statements": Statement.objects.count(),
        "scale_plenary": None,
    }
    if args.scale:
        from bench.busy import busy_prepare

        busy_prepare()
        facts["scale_plenary"] = (
            Meeting.objects.filter(process__slug="scale-0001", kind="plenary")
            .order_by("number")
            .values_list("slug", flat=True)
            .first()
        )
    return facts


def session_cookie(user) -> str:
    """Log in once (Django's test client writes the session to the database the server reads)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def pages(facts, args) -> list[tuple[str, str, bool]]:
    """(label, path, needs the delegate's cookie)."""
    rows = [
        ("bare Django view", "/bench/bare/", False),
        ("/programme/", "/programme/", False),
        (f"/meetings/{facts['plenary']}/ (plenary)", f"/meetings/{facts['plenary']}/", False),
        ("/statements/", "/statements/", False),
        ("/statements/?language=fr", "/statements/?language=fr", False),
        ("/statements/?q=remittances", "/statements/?q=remittances", False),
        ("/positions/", "/positions/", False),
        ("/registry/", "/registry/", False),
        ("/delegate/ (logged-in focal point)", "/delegate/", True),
    ]
    if args.scale:  # the busy process of bench/busy.py: 60 meetings, 4 rooms, 2 days
        rows += [
            ("/p/busy-day/programme/ (60 meetings)", "/p/busy-day/programme/", False),
            ("/p/busy-day/programme.ics (60 meetings)", "/p/busy-day/programme.ics", False),
            ("/meetings/busy-day-1/ (busy plenary)", "/meetings/busy-day-1/", False),
        ]
    if args.scale and facts["scale_plenary"]:
        slug = facts["scale_plenary"]
        rows += [
            (f"/meetings/{slug}/ (scale plenary)", f"/meetings/{slug}/", False),
            ("/positions/?process=scale-0001", "/positions/?process=scale-0001", False),
            ("/statements/?q=xenophobia", "/statements/?q=xenophobia", False),
        ]
    return rows


def start_server(args, env) -> subprocess.Popen:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [
        str(gunicorn if gunicorn.exists() else "gunicorn"),
        "hlderp.wsgi",
        "-w",
        str(args.workers),
        "-b",
        f"127.0.0.1:{args.port}",
        "--log-level",
        "warning",
    ]
    log = (ROOT / "var" / "bench-gunicorn.log").open("w")
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/bench/bare/", timeout=1)
            return server
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.5)
    stop_server(server)
    sys.exit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def check_page(url: str, cookie: str | None) -> tuple[int, int]:
    """One request before the load: the status (200 expected, no redirect) and the size."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def load(url: str, cookie: str | None, args) -> dict:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    if shutil.which("wrk") and not args.python_client:
        command = [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "30s",
            "-s",
            str(ROOT / "bench" / "wrk_report.lua"),
            *headers,
            url,
        ]
    else:
        command = [
            sys.executable,
            str(ROOT / "bench" / "loadgen.py"),
            url,
            "-c",
            str(args.connections),
            "-d",
            str(args.duration),
            *headers,
        ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    values = dict(part.split("=") for part in line.split()[1:])
    requests = int(values["requests"])
    return {
        "rps": requests / (int(values["duration_us"]) / 1e6),
        "p50": int(values["p50"]) / 1000,
        "p95": int(values["p95"]) / 1000,
        "p99": int(values["p99"]) / 1000,
        "errors": int(values["errors"]),
        "requests": requests,
    }


def query_profile(path: str, user=None) -> dict:
    """Queries one request makes (Django's test client in this process, same database)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # what a render costs, not a cache hit
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(path, secure=True)  # warm the caches as the server's are
    with CaptureQueriesContext(connection) as queries:
        client.get(path, secure=True)
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
    return {
        "count": len(queries),
        "db_ms": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
        "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0,
        "slowest_sql": slowest["sql"] if slowest else "",
    }


def explain(sql: str) -> str:
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


SEARCH_TERMS = ("remittances", "xenophobia", "migration", '"brain drain"', "remittances xenophobia")


def _icontains(public, term: str):
    from django.db.models import Q

    condition = Q()
    for word in term.strip('"').split() if not term.startswith('"') else [term.strip('"')]:
        condition &= Q(title__icontains=word) | Q(text__icontains=word)
    return public.filter(condition)


def search_timing(runs: int) -> list[dict]:
    """p50/p95 of a first results page plus its count: full text as /statements/?q= does it,
    against ``icontains`` for the same page and the same capped count, and against
    ``icontains`` with an exact count (how a plain implementation does it)."""
    from django.utils import timezone

    from consultations.models import Statement
    from consultations.search import SEARCH_COUNT_LIMIT, search_results, statements_matching

    now = timezone.now()
    results = []
    for term in SEARCH_TERMS:
        public = Statement.objects.public(now=now).order_by("-published_at", "-pk")

        def full_text(term=term, public=public):
            # Counted up to 1,000 and ranked below that, newest first above (consultations.search).
            results = search_results(statements_matching(public, term), term)
            return results.count, list(results.statements.values_list("pk", flat=True)[:50])

        def contains(term=term, public=public):
            queryset = _icontains(public, term)
            count = queryset[: SEARCH_COUNT_LIMIT + 1].count()
            return count, list(queryset.values_list("pk", flat=True)[:50])

        def contains_exact(term=term, public=public):
            queryset = _icontains(public, term)
            return queryset.count(), list(queryset.values_list("pk", flat=True)[:50])

        row = {"term": term}
        for name, function, n in (
            ("fts", full_text, runs),
            ("icontains", contains, max(5, runs // 3)),
            ("exact", contains_exact, max(3, runs // 6)),
        ):
            function()  # warm the cache
            times = []
            for _ in range(n):
                started = time.perf_counter()
                matches, _ids = function()
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            row[name] = {
                "p50": statistics.median(times),
                "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
                "matches": matches,
            }
        row["speedup"] = row["icontains"]["p95"] / row["fts"]["p95"]
        row["speedup_exact"] = row["exact"]["p95"] / row["fts"]["p95"]
        results.append(row)
    return results


def markdown(kind, args, facts, env_facts, rows, uncached, searches, profiles, command) -> str:
    target = TARGETS[kind]
    bare = rows[0][1]["rps"]
    lines = [
        f"### Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC "
        f"({kind} data, {facts['statements']:,} statements)",
        "",
        *(f"- {k}: {v}" for k, v in env_facts.items()),
        f"- Command: `{command}`",
        f"- gunicorn `hlderp.wsgi -w {args.workers}` (DEBUG=0, bench.settings); "
        f"{args.connections} connections, {args.duration} s a page",
        "- Public page cache: "
        + (
            "on (Redis, `PUBLIC_PAGE_CACHE_SECONDS` 60), as deployed; the *rendered* columns "
            "are a second pass with it off (`PUBLIC_PAGE_CACHE_SECONDS=0`)"
            if env_facts.get("Shared cache", "none") != "none"
            else "off (no Redis)"
        ),
        "",
        "| page | req/s | x bare | p50 ms | p95 ms | p99 ms | errors | rendered req/s | "
        "rendered x bare | rendered p95 ms | queries | DB ms | target met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, result in rows:
        ratio = result["rps"] / bare if bare else 0
        profile = profiles.get(label, {})
        if label.startswith("bare"):
            met = "(reference)"
        else:
            ok = ratio >= target["ratio"]
            if target["p95_ms"] is not None:
                ok = ok and result["p95"] < target["p95_ms"]
            met = "yes" if ok else "**no**"
        off = uncached.get(label)
        rendered = (
            f"{off['rps']:.0f} | {off['rps'] / bare:.2f} | {off['p95']:.0f}"
            if off and bare and not label.startswith("bare")
            else " | | "
        )
        queries = f"{profile['count']} | {profile['db_ms']:.0f}" if profile else " | "
        lines.append(
            f"| {label} | {result['rps']:.0f} | {ratio:.2f} | {result['p50']:.0f} | "
            f"{result['p95']:.0f} | {result['p99']:.0f} | {result['errors']} | {rendered} | "
            f"{queries} | {met} |"
        )
    rule = f"≥ {target['ratio']}x bare" + (
        f" and p95 < {target['p95_ms']} ms" if target["p95_ms"] else ""
    )
    lines += ["", f"Target for {kind} data: each page {rule}.", ""]
    if searches:
        lines += [
            "Statement search, first page of 50 plus the count, public statements, timed in "
            f"Python, one client ({args.search_runs} runs of the full text, "
            f"{max(5, args.search_runs // 3)} of icontains, {max(3, args.search_runs // 6)} of "
            "the exact count). *Full text* is what "
            "`/statements/?q=` runs (count up to 1,000, ranked below that, newest first "
            "above); *icontains* makes the same page and the same capped count with "
            "`icontains`; *icontains, exact count* counts every match, as a plain "
            "implementation does:",
            "",
            "| query | matches | full text p50 ms | full text p95 ms | icontains p95 ms | "
            "speed-up | icontains, exact count, p95 ms | speed-up | target met |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for s in searches:
            ok = s["fts"]["p95"] < SEARCH_TARGET_P95_MS and s["speedup"] >= SEARCH_TARGET_SPEEDUP
            met = ("yes" if ok else "**no**") if kind == "scale" else "(a scale target)"
            matches = s["fts"]["matches"]
            shown = f"> {matches - 1:,}" if matches > 1000 else f"{matches:,}"
            lines.append(
                f"| `{s['term']}` | {shown} | {s['fts']['p50']:.1f} | "
                f"{s['fts']['p95']:.1f} | {s['icontains']['p95']:.1f} | "
                f"{s['speedup']:.1f}x | {s['exact']['p95']:.1f} | {s['speedup_exact']:.1f}x | "
                f"{met} |"
            )
        lines += [
            "",
            f"Target (on the scale data): full-text p95 < {SEARCH_TARGET_P95_MS} ms and ≥ "
            f"{SEARCH_TARGET_SPEEDUP}x faster than icontains making the same page (the capped "
            "count).",
            "",
        ]
    return "\n".join(lines) + "\n"


def write_section(kind: str, text: str) -> None:
    start, end = f"<!-- bench:{kind}:start -->", f"<!-- bench:{kind}:end -->"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    doc = DOC.read_text() if DOC.exists() else "# Performance\n\n"
    block = f"{start}\n{text}{end}"
    if start in doc and end in doc:
        doc = doc[: doc.index(start)] + block + doc[doc.index(end) + len(end) :]
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(doc)


def run_pages(args, env, facts, cookie, base, heading) -> list[tuple[str, dict]]:
    """Load every page in turn from one gunicorn started with ``env``."""
    if heading:
        print(f"-- {heading}")
    server = start_server(args, env)
    rows = []
    try:
        for label, path, logged_in in pages(facts, args):
            status, size = check_page(base + path, cookie if logged_in else None)
            if status != 200:
                print(f"{label}: HTTP {status}, skipped")
                continue
            result = load(base + path, cookie if logged_in else None, args)
            rows.append((label, result))
            print(
                f"{label:<48} {result['rps']:8.0f} req/s  p50 {result['p50']:6.1f} ms  "
                f"p95 {result['p95']:6.1f} ms  ({size:,} bytes, {result['errors']} errors)",
                flush=True,
            )
    finally:
        stop_server(server)
    return rows


def server_env(url: str) -> dict[str, str]:
    """The environment of the bench's gunicorn (and of this process): production settings on
    the database ``url``, with the shared Redis of a deployment, so the page cache is on."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": bench_redis(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")),
    }


def bench_redis(url: str) -> str:
    """``url`` emptied, if a Redis answers there; "" otherwise."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
        return url
    except Exception as error:  # any failure means: no Redis for the bench
        print(f"No Redis at {url} ({error}): the public page cache stays off with several workers.")
        return ""


def main() -> None:
    args = parse_args()
    kind = "scale" if args.scale else "demo"
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL.format(
        name="hlderp_scale" if args.scale else "hlderp_bench"
    )
    ensure_database(url)
    env = server_env(url)
    os.environ.update(env)
    import django

    django.setup()
    if not shutil.which("wrk") and not args.python_client:
        print(
            "wrk is not installed (Debian: apt-get install -y wrk); using bench/loadgen.py, "
            "which saturates sooner."
        )
    facts = prepare(args)
    env_facts = machine()
    env_facts["Shared cache"] = f"Redis ({env['REDIS_URL']})" if env["REDIS_URL"] else "none"
    cookie = session_cookie(facts["user"])
    base = f"http://127.0.0.1:{args.port}"
    command = "make bench" + (" BENCH_ARGS=--scale" if args.scale else "")
    rows = run_pages(
        args, env, facts, cookie, base, "page cache on" if env.get("REDIS_URL") else ""
    )
    uncached = {}
    if not args.no_uncached:
        off = {**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}
        uncached = dict(run_pages(args, off, facts, cookie, base, "page cache off"))
    profiles = {}
    for label, path, logged_in in pages(facts, args)[1:]:
        profiles[label] = query_profile(path, facts["user"] if logged_in else None)
    searches = search_timing(args.search_runs) if args.search_runs else []  # 0: none
    text = markdown(kind, args, facts, env_facts, rows, uncached, searches, profiles, command)
    slow = sorted(profiles.items(), key=lambda item: -item[1]["slowest_ms"])[:3]
    details = ["Slowest query of the three slowest pages (EXPLAIN ANALYZE):", ""]
    for label, profile in slow:
        details += [
            f"<details><summary>{label}: {profile['count']} queries, slowest "
            f"{profile['slowest_ms']:.1f} ms</summary>",
            "",
            "```sql",
            profile["slowest_sql"][:3000],
            "```",
            "",
            "```",
            explain(profile["slowest_sql"]),
            "```",
            "",
            "</details>",
            "",
        ]
    text += "\n" + "\n".join(details)
    print()
    print(text)
    if not args.no_write:
        write_section(kind, text)
        print(f"Written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Where one page's render goes: its queries and the top of a cProfile, rendered with the page
cache off, through Django's test client, on the bench's database (production settings).

    .venv/bin/python bench/profile_page.py /p/busy-day/programme/ [--user EMAIL] [--runs 20]
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--user", help="the e-mail of the signed-in user")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--queries", action="store_true", help="print each query")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hlderp_scale")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "profile")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench-static"))
    os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    if args.user:
        client.force_login(get_user_model().objects.get(email=args.user))
    for path in args.paths:
        response = client.get(path, secure=True)
        assert response.status_code == 200, (path, response.status_code)
        queries = []

        def note(execute, sql, params, many, context, queries=queries):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append({"sql": sql, "time": time.perf_counter() - started})

        with connection.execute_wrapper(note):
            client.get(path, secure=True)
        started = time.perf_counter()
        for _ in range(args.runs):
            client.get(path, secure=True)
        each = (time.perf_counter() - started) / args.runs * 1000
        print(
            f"{path}: {len(queries)} queries, {each:.1f} ms a request, "
            f"{len(response.content):,} bytes"
        )
        if args.queries:
            for query in sorted(queries, key=lambda q: -q["time"]):
                print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:300]}")
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            client.get(path, secure=True)
        profile.disable()
        order = os.environ.get("PROFILE_SORT", "cumulative")
        pstats.Stats(profile).sort_stats(order).print_stats(args.top)


if __name__ == "__main__":
    main()

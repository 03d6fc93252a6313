"""`/statements.csv` at the scale data: time to first byte and the worker's peak memory.

    .venv/bin/python bench/csv_export.py                      # 100,000 statements (minutes)
    .venv/bin/python bench/csv_export.py --statements 3000    # a quick look

The export streams (consultations/exports/), so neither figure should grow with the number
of statements; only the total time does. DATABASE_URL defaults to
postgres://postgres@127.0.0.1:5432/hlderp_csv_<statements>; it is created, migrated and filled
with ``seed_scale`` if empty. The request runs in a fresh child process through Django's whole
handler and middleware (as a gunicorn worker runs it, with production settings and no page
cache), and its peak memory is the growth of that process's maximum resident set from just
before the request to the end of the body.
"""

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hlderp.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }


def prepare(statements: int) -> None:
    """Migrate and seed (in this process, with the environment of ``_env``)."""
    import django

    django.setup()
    from django.core.management import call_command

    from consultations.demo.scale import scale_exists

    call_command("migrate", verbosity=0, interactive=False)
    if not scale_exists():
        print(f"seed_scale --statements {statements} ...", flush=True)
        call_command("seed_scale", statements=statements, positions=statements, verbosity=0)


def measure() -> dict:
    """One GET /statements.csv in this (fresh) process: the figures as a dict."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    # Imports and the connection warmed, as in a worker that has served before (JSON: no
    # static files manifest needed).
    client.get("/programme.json")
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    response = client.get("/statements.csv")
    chunks = iter(response.streaming_content)
    size = len(next(chunks))
    first_byte = time.perf_counter() - start
    lines = 1
    for chunk in chunks:
        size += len(chunk)
        lines += 1
    total = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": lines - 1,
        "bytes": size,
        "first_byte_ms": round(first_byte * 1000, 1),
        "total_s": round(total, 2),
        "peak_growth_mb": round((peak_kb - before_kb) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return
    from bench.run import DEFAULT_URL, ensure_database

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL.format(name=f"hlderp_csv_{args.statements}")
    ensure_database(url)
    os.environ.update(_env(url))
    prepare(args.statements)
    child = subprocess.run(
        [sys.executable, __file__, "--measure"],
        env=_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"| /statements.csv | {figures['rows']:,} rows | {figures['bytes'] / 1e6:.1f} MB | "
        f"first byte {figures['first_byte_ms']} ms | all {figures['total_s']} s | "
        f"worker peak +{figures['peak_growth_mb']} MB |"
    )


if __name__ == "__main__":
    main()

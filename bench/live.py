"""The live floor under load: VIEWERS event streams open on one meeting, CHANGES floor changes,
the delay from each change to each viewer, and the server's memory. Not a test: it prints
figures (docs/performance.md, "The floor, live").

    DATABASE_URL=postgres://root@127.0.0.1:5432/hlderp_live_bench \\
        REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python bench/live.py [--viewers 500]

The app runs as deployed (docs/deployment.md): ``gunicorn -k uvicorn_worker.UvicornWorker
hlderp.asgi:application`` with the production settings, ``--workers`` processes (1 by
default), over a throwaway test database (``test_`` + the configured name, created and
destroyed here) and Redis. The changes are made here through the floor's services, as the
Secretariat's desk makes them: each commits, then publishes to Redis, and every server process
hands it to its viewers. The viewers are asyncio connections in a separate process (so that
their reading does not share this process's interpreter lock with the changes); each notes the
wall-clock time it read each event. A change's delay is that time less the moment just before
the service was called.
"""

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


# --- the viewers (a process of their own) -------------------------------------------------------
async def _viewer(port: int, path: str, received: dict, ready: asyncio.Event, count: list):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**20)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    first = True
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                at = time.time()
                version = json.loads(line[6:])["version"]
                received.setdefault(version, []).append(at)
                if first:
                    first = False
                    count[0] += 1
                    if count[0] == count[1]:
                        ready.set()
    finally:
        writer.close()


async def _viewers(port: int, path: str, n: int, seconds: float) -> dict:
    received: dict = {}
    ready = asyncio.Event()
    count = [0, n]
    tasks = []
    for i in range(n):
        tasks.append(asyncio.create_task(_viewer(port, path, received, ready, count)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)  # connect in waves, as a room's screens and browsers do
    await asyncio.wait_for(ready.wait(), 120)
    print("READY", flush=True)
    await asyncio.sleep(seconds)
    for task in tasks:
        task.cancel()
    return {"connected": count[0], "received": received}


def viewers_main(port: int, path: str, n: int, seconds: float) -> None:
    result = asyncio.run(_viewers(port, path, n, seconds))
    print("RESULT " + json.dumps(result), flush=True)


# --- the server and the changes -----------------------------------------------------------------
def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its children (gunicorn and its workers), in KiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def build(n_speakers: int):
    from bench.fixtures import bench_speakers_list, bench_states
    from consultations.services.speakers import inscription_create
    from registry.models import User

    user = User.objects.create_superuser("bench@example.org", None)
    speakers_list = bench_speakers_list(process_slug="bench-live", meeting_slug="bench-live")
    for state in bench_states(n_speakers):
        inscription_create(actor=user, speakers_list=speakers_list, stakeholder=state)
    return user, speakers_list


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--viewers", type=int, default=500)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--interval", type=float, default=0.4, help="seconds between changes")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--viewers-of", nargs=2, help=argparse.SUPPRESS)  # the viewers' process
    args = parser.parse_args()
    if args.viewers_of:
        port, seconds = args.viewers_of
        path = "/meetings/bench-live/floor/events/?lang=en"
        viewers_main(int(port), path, args.viewers, float(seconds))
        return

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    channel = f"hlderp-bench-{secrets.token_hex(4)}:floor"
    os.environ.update(REDIS_URL=redis_url, LIVE_REDIS_URL=redis_url, LIVE_CHANNEL=channel)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hlderp.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    from django.db import connection

    from consultations.models import Floor
    from consultations.services import floor as services
    from tests.servers import (
        ASGI,
        database_url,
        gunicorn_start,
        production_env,
        settings_module,
        wait_until_answering,
    )

    if connection.vendor != "postgresql":
        sys.exit("bench/live.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    tmp = Path(tempfile.mkdtemp(prefix="hlderp-live-bench-"))
    server = None
    try:
        user, speakers_list = build(args.changes // 2 + 2)
        kw = {"actor": user, "speakers_list": speakers_list}
        services.floor_call_next(**kw)
        settings_dir = settings_module(
            tmp / "settings",
            "bench_live_settings",
            "STORAGES['staticfiles'] = {'BACKEND': "
            "'django.contrib.staticfiles.storage.StaticFilesStorage'}",
        )
        env = production_env(
            tmp,
            settings_dir=settings_dir,
            settings="bench_live_settings",
            DATABASE_URL=database_url(connection.settings_dict),
            REDIS_URL=redis_url,
            LIVE_CHANNEL=channel,
            LOG_LEVEL="WARNING",
        )
        server = gunicorn_start(env, tmp / "server.log", workers=args.workers, app=ASGI)
        wait_until_answering([server])
        idle_kib = rss_kib(server.process.pid)
        duration = args.changes * args.interval + 10
        viewers = subprocess.Popen(
            [
                *(sys.executable, __file__, "--viewers", str(args.viewers)),
                *("--viewers-of", str(server.port), str(duration)),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert viewers.stdout.readline().strip() == "READY", "the viewers did not connect"
        connected_kib = rss_kib(server.process.pid)
        sent: dict[int, float] = {}
        changes = [services.floor_start, services.floor_call_next]
        for i in range(args.changes):
            started = time.time()
            changes[i % 2](**kw)
            version = Floor.objects.get(speakers_list=speakers_list).version
            sent[version] = started
            time.sleep(args.interval)
        peak_kib = rss_kib(server.process.pid)
        out, _ = viewers.communicate(timeout=duration + 60)
        line = next(line for line in out.splitlines() if line.startswith("RESULT "))
        result = json.loads(line.removeprefix("RESULT "))
        delays, missed = [], 0
        for version, at in sent.items():
            times = result["received"].get(str(version), [])
            missed += args.viewers - len(times)
            delays += [(t - at) * 1000 for t in times]
        print(f"database: {connection.vendor}; server: gunicorn + uvicorn worker x{args.workers}")
        print(f"viewers connected: {result['connected']} of {args.viewers}")
        print(f"floor changes: {len(sent)}, one every {args.interval * 1000:.0f} ms")
        print(f"events delivered: {len(delays)} of {len(sent) * args.viewers} (missed {missed})")
        print(
            f"delay from change to viewer: median {statistics.median(delays):.0f} ms, "
            f"p95 {percentile(delays, 0.95):.0f} ms, p99 {percentile(delays, 0.99):.0f} ms, "
            f"max {max(delays):.0f} ms"
        )
        print(
            f"server memory (RSS, master and workers): idle {idle_kib / 1024:.0f} MiB, "
            f"{args.viewers} viewers connected {connected_kib / 1024:.0f} MiB, "
            f"after the changes {peak_kib / 1024:.0f} MiB"
        )
    finally:
        if server is not None:
            server.stop(timeout=5)
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

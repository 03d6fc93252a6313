"""A small HTTP load generator, for machines without wrk: N keep-alive connections in threads for
D seconds; prints the same ``BENCH ...`` line as bench/wrk_report.lua.

    python bench/loadgen.py http://127.0.0.1:8765/programme/ -c 20 -d 10 -H "Cookie: a=b"

Python threads share one interpreter lock, so on a small machine this client tops out well
below wrk: prefer wrk (``apt-get install -y wrk``).
"""

import argparse
import http.client
import threading
import time
import urllib.parse


def worker(url, headers, deadline, latencies, errors, lock):
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    mine, failed = [], 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                failed += 1
        except (OSError, http.client.HTTPException):
            failed += 1
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
            continue
        mine.append(time.perf_counter() - started)
    with lock:
        latencies.extend(mine)
        errors.append(failed)


def percentile(values, p):
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("-c", "--connections", type=int, default=20)
    parser.add_argument("-d", "--duration", type=float, default=10)
    parser.add_argument("-H", "--header", action="append", default=[])
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    latencies, errors, lock = [], [], threading.Lock()
    started = time.perf_counter()
    deadline = started + args.duration
    threads = [
        threading.Thread(target=worker, args=(args.url, headers, deadline, latencies, errors, lock))
        for _ in range(args.connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    us = [v * 1e6 for v in latencies]
    print(
        f"BENCH requests={len(us)} duration_us={int(duration * 1e6)} p50={int(percentile(us, 50))} "
        f"p95={int(percentile(us, 95))} p99={int(percentile(us, 99))} errors={sum(errors)} "
        f"status_errors={sum(errors)}"
    )


if __name__ == "__main__":
    main()

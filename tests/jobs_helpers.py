"""Jobs for the tests of the queue (tests/test_jobs*.py), and a way to run them: a worker of
hlderp/jobs/worker.py in the test's own thread, until the queue has nothing ready."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django_tasks import task

from hlderp.jobs.worker import new_worker


@task()
def flaky(path: str, failures: int) -> int:
    """Fail the first ``failures`` times (counted in the file at ``path``), then succeed."""
    log = Path(path)
    runs = len(log.read_text().splitlines()) + 1 if log.exists() else 1
    with log.open("a") as out:
        out.write(f"run {runs}\n")
    if runs <= failures:
        raise RuntimeError(f"failure {runs} of {failures}")
    return runs


@task()
def long_job(path: str, seconds: float) -> str:
    """Write "started", sleep ``seconds`` the first time only, write "done"."""
    log = Path(path)
    first = not log.exists()
    with log.open("a") as out:
        out.write("started\n")
    if first:
        time.sleep(seconds)
    with log.open("a") as out:
        out.write("done\n")
    return "done"


def run_jobs(*, rounds: int = 20, pause: float = 0.05) -> None:
    """Run every job that is ready, again until none is (a retry becomes ready after its
    backoff: keep the backoff short in the test), at most ``rounds`` times."""
    from django_tasks_db.models import DBTaskResult

    for _ in range(rounds):
        new_worker(batch=True, queue_names=["*"], interval=0).run()
        if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            return
        time.sleep(pause)


class Receiver:
    """A webhook receiver on 127.0.0.1: records each request (headers, body, when), answers
    the next status of ``statuses`` (200 once they run out), after ``delay`` seconds."""

    def __init__(self, *, statuses=(), delay: float = 0.0):
        self.statuses = list(statuses)
        self.delay = delay
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {"headers": dict(self.headers), "body": body, "at": time.monotonic()}
                )
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def json(self, index: int) -> dict:
        return json.loads(self.requests[index]["body"])

    def events(self) -> list[str]:
        return [json.loads(request["body"])["event"] for request in self.requests]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

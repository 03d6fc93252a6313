"""Nothing is lost when a job worker dies mid-job: a worker (``manage.py jobs_worker``, a real
process) is killed with SIGKILL while it runs a job; another worker, once the first one's
heartbeat is older than JOBS_WORKER_LOST_SECONDS, puts the job back and runs it to the end.

On PostgreSQL both workers use the test database; on SQLite the test's in-memory database, job
enqueued, is copied to a file that both use.
"""

import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.jobs_helpers import long_job
from tests.servers import REPO, database_url, production_env, settings_module

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 60  # seconds for a worker to start and reach the job


def _share_database(tmp_path) -> tuple[str, callable]:
    """The DATABASE_URL the workers use, and a reader of a job's (status, worker_ids)."""
    if connection.vendor == "postgresql":
        def read(job_id):
            job = DBTaskResult.objects.get(pk=job_id)
            return job.status, job.worker_ids

        return database_url(connection.settings_dict), read
    path = tmp_path / "jobs.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()

    def read(job_id):
        with sqlite3.connect(path) as db:
            status, worker_ids = db.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = ?",
                (uuid.UUID(job_id).hex,),
            ).fetchone()
        import json

        return status, json.loads(worker_ids)

    return f"sqlite:///{path}", read


def _worker(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "jobs_worker", "--queue-name=*", "--interval=0.2",
         "--no-startup-delay", "--no-reload", "--max-tasks=1"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait_for(condition, what: str, logs) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {WAIT} s for {what}:\n" + "".join(
                p.read_text() for p in logs if p.exists()))  # fmt: skip
        time.sleep(0.1)


def test_a_job_whose_worker_is_killed_runs_again_on_another(database_jobs, tmp_path):
    marks = tmp_path / "job.txt"
    result = long_job.enqueue(path=str(marks), seconds=90)
    url, read = _share_database(tmp_path)
    env = production_env(
        tmp_path,
        settings_dir=settings_module(tmp_path / "settings", "worker_settings"),
        settings="worker_settings",
        DATABASE_URL=url,
        JOBS_BACKEND="database",
        JOBS_HEARTBEAT_SECONDS="0.5",
        JOBS_WORKER_LOST_SECONDS="3",
        JOBS_RETRY_BACKOFF_SECONDS="0",
    )
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]

    with logs[0].open("w") as log:
        first = _worker(env, log)
    try:
        _wait_for(lambda: marks.exists() and "started" in marks.read_text(), "the job", logs)
        assert read(result.id)[0] == "RUNNING"
        first.send_signal(signal.SIGKILL)  # mid-job: no chance to say anything
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    status, worker_ids = read(result.id)
    assert (status, len(worker_ids)) == ("RUNNING", 1)  # left as the killed worker left it

    with logs[1].open("w") as log:
        second = _worker(env, log)
    try:
        second.wait(timeout=WAIT)
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()

    status, worker_ids = read(result.id)
    assert status == "SUCCESSFUL", logs[1].read_text()
    assert len(worker_ids) == 2 and worker_ids[0] != worker_ids[1]
    assert marks.read_text().splitlines() == ["started", "started", "done"]
    assert "was left running by lost worker" in logs[1].read_text()

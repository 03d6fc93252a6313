"""The job worker: django-tasks-db's worker, with what a queue must do that it does not.

- **Retries with backoff.** A job that raises is run again after ``JOBS_RETRY_BACKOFF_SECONDS``
  x 2^(attempt-1) (at most ``JOBS_RETRY_BACKOFF_MAX_SECONDS``), up to ``JOBS_MAX_ATTEMPTS``
  attempts (``JOBS_MAX_ATTEMPTS_BY_TASK`` per task path); then it stays FAILED, with its last
  traceback, in the admin's list of background jobs, whose action runs it again.
- **Nothing lost when a worker dies.** Each worker writes a heartbeat every
  ``JOBS_HEARTBEAT_SECONDS``. A job left RUNNING by a worker unseen for
  ``JOBS_WORKER_LOST_SECONDS`` (killed mid-job, its machine gone) is put back READY by any other
  worker, and counts as an attempt. A job is claimed in a transaction of its own
  (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two workers never take the same one.

A job is enqueued in the same transaction as the change that asks for it
(consultations/jobs.py): a rolled-back change leaves no job, a committed one always has its job.
A job may thus run more than once (a worker killed after the work, before it wrote "done"): jobs
are written so that running one twice does no harm.
"""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from hlderp.jobs.models import WorkerHeartbeat

logger = logging.getLogger("hlderp.jobs")


def max_attempts(task_path: str) -> int:
    by_task = getattr(settings, "JOBS_MAX_ATTEMPTS_BY_TASK", {}) or {}
    return int(by_task.get(task_path, settings.JOBS_MAX_ATTEMPTS))


def backoff(attempt: int) -> datetime.timedelta:
    """The wait before attempt ``attempt + 1``: base x 2^(attempt-1), capped."""
    seconds = settings.JOBS_RETRY_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.JOBS_RETRY_BACKOFF_MAX_SECONDS))


def job_retry(job: DBTaskResult, *, at: datetime.datetime | None = None) -> None:
    """Put ``job`` back in the queue to run at ``at`` (now by default): the admin's retry."""
    job.status = TaskResultStatus.READY
    job.run_after = at or timezone.now()
    job.finished_at = None
    job.save(update_fields=["status", "run_after", "finished_at"])


def _reschedule_or_fail(job: DBTaskResult, *, error: str | None = None) -> None:
    """After a failed attempt: again later, or FAILED for good past the last attempt."""
    attempts = len(job.worker_ids)
    limit = max_attempts(job.task_path)
    if error is not None:
        job.exception_class_path = "hlderp.jobs.worker.WorkerLost"
        job.traceback = error
    if attempts < limit:
        wait = backoff(attempts)
        job_retry(job, at=timezone.now() + wait)
        if error is not None:
            job.save(update_fields=["exception_class_path", "traceback"])
        logger.warning(
            "Job %s (%s) failed attempt %d of %d; next in %s s",
            job.pk, job.task_path, attempts, limit, int(wait.total_seconds()),
        )  # fmt: skip
        return
    job.status = TaskResultStatus.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    logger.error("Job %s (%s) failed all %d attempts", job.pk, job.task_path, limit)


def recover_lost_jobs(*, now: datetime.datetime | None = None) -> list[str]:
    """Put back every RUNNING job whose worker has not beaten for JOBS_WORKER_LOST_SECONDS
    (or FAILED, past its last attempt); return their ids."""
    now = now or timezone.now()
    lost_before = now - datetime.timedelta(seconds=settings.JOBS_WORKER_LOST_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=lost_before).values_list("worker_id", flat=True)
    )
    recovered = []
    candidates = DBTaskResult.objects.running().filter(started_at__lt=lost_before)
    for job_id, worker_ids in candidates.values_list("pk", "worker_ids"):
        if worker_ids and worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            job = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=job_id, status=TaskResultStatus.RUNNING)
                .first()
            )
            if job is None:
                continue
            worker = job.worker_ids[-1] if job.worker_ids else "?"
            _reschedule_or_fail(
                job, error=f"The worker {worker} stopped (killed, or its machine gone) mid-job."
            )
        recovered.append(str(job_id))
        logger.warning("Job %s (%s) was left running by lost worker %s", job_id, job.task_path,
                       worker)  # fmt: skip
    return recovered


class Worker(DatabaseWorker):
    """django-tasks-db's worker, with heartbeats, recovery of lost jobs and retries."""

    def run(self) -> None:
        self._stop_beating = threading.Event()
        self._beat()
        beater = threading.Thread(target=self._beat_loop, name="jobs-heartbeat", daemon=True)
        beater.start()
        try:
            super().run()
        finally:
            self._stop_beating.set()

    def _beat(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
            create_defaults={
                "seen_at": now,
                "started_at": now,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )

    def _beat_loop(self) -> None:
        try:
            while not self._stop_beating.wait(settings.JOBS_HEARTBEAT_SECONDS):
                try:
                    close_old_connections()
                    self._beat()
                    recover_lost_jobs()
                except Exception:
                    logger.exception("Job worker %s: heartbeat failed", self.worker_id)
        finally:
            connection.close()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            _reschedule_or_fail(db_task_result)


def new_worker(*, queue_names=("default",), interval: float = 1.0, batch: bool = False,
               max_tasks: int | None = None, worker_id: str | None = None) -> Worker:  # fmt: skip
    return Worker(
        queue_names=list(queue_names),
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id or get_random_string(32),
        excluded_queue_names=[],
    )


def start_in_process_worker() -> threading.Thread:
    """A worker in a thread of this process (``make run``: no other process to start)."""

    def work() -> None:
        try:
            new_worker(queue_names=["*"]).run()
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="jobs-worker", daemon=True)
    thread.start()
    logger.info("Background jobs run in this process (JOBS_WORKER_IN_PROCESS)")
    return thread

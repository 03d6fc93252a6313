import os
import sys

from django.apps import AppConfig
from django.conf import settings


class JobsConfig(AppConfig):
    """Background jobs: django-tasks' database backend, run by ``manage.py jobs_worker``
    (hlderp/jobs/worker.py: retries with backoff, a job whose worker died runs again), and the
    admin's list of jobs with their retry."""

    name = "hlderp.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # The Secretariat's permissions on the jobs (view, and change for the retry) are given
        # by consultations/apps.py: the project package does not import the apps.
        if _serving_for_development() and settings.JOBS_WORKER_IN_PROCESS:
            from hlderp.jobs.worker import start_in_process_worker

            start_in_process_worker()


def _serving_for_development() -> bool:
    """The process of the development server that serves: ``make run``'s uvicorn (which sets
    HLDERP_DEV_SERVER=1; its reloader's parent never loads Django), or ``manage.py runserver``
    (the reloader's child, or the only process with --noreload), not the one that watches
    files."""
    if os.environ.get("HLDERP_DEV_SERVER") == "1":
        return True
    if len(sys.argv) < 2 or sys.argv[1] != "runserver":
        return False
    return os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv

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
        if _serving_with_runserver() and settings.JOBS_WORKER_IN_PROCESS:
            from hlderp.jobs.worker import start_in_process_worker

            start_in_process_worker()


def _serving_with_runserver() -> bool:
    """The process of ``manage.py runserver`` that serves (the reloader's child, or the only
    process with --noreload), not the one that watches files."""
    if len(sys.argv) < 2 or sys.argv[1] != "runserver":
        return False
    return os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv

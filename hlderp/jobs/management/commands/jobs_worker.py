"""``manage.py jobs_worker``: run the background jobs (hlderp/jobs/worker.py).

The options are django-tasks-db's ``db_worker``'s (``--queue-name``, ``--interval``, ``--batch``,
``--max-tasks``, ``--worker-id``...); the worker adds heartbeats, the recovery of jobs whose
worker died, and retries with backoff.
"""

from django_tasks_db.management.commands import db_worker

from hlderp.jobs import worker


class Command(db_worker.Command):
    help = "Run the background jobs: e-mails, webhook deliveries, large exports."

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = worker.Worker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original

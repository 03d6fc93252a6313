"""Enqueue a background job as part of the change that asks for it.

With the database backend (production, ``make run``) the job's row is written in the current
transaction: it exists if and only if the change commits, and no worker sees it before. With a
backend that runs jobs elsewhere or at once (the "immediate" backend of the test suite), the job
is handed over once the transaction commits, never if it rolls back. Either way nothing runs
before the change it belongs to is committed, and a committed change never loses its job.
"""

from django.db import transaction
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend


def enqueue(task, *args, **kwargs) -> None:
    backend = task_backends[task.backend]
    if isinstance(backend, DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))

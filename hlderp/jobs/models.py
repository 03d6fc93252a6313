"""What the job workers say of themselves: each beats here while it runs, so that a job whose
worker stopped beating (killed, its machine gone) is run again by another (worker.py)."""

from django.db import models
from django_tasks_db.models import DBTaskResult


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField("worker", max_length=64, primary_key=True)
    hostname = models.CharField("host", max_length=255, blank=True)
    pid = models.PositiveIntegerField("process id", null=True)
    started_at = models.DateTimeField("started")
    seen_at = models.DateTimeField("last seen", db_index=True)

    class Meta:
        verbose_name = "job worker"
        verbose_name_plural = "job workers"
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"


class Job(DBTaskResult):
    """django-tasks' own row, under the admin's name for it."""

    class Meta:
        proxy = True
        verbose_name = "background job"
        verbose_name_plural = "background jobs"

"""The admin's list of background jobs: what failed and why, and a button to run it again."""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.html import format_html
from django_tasks.base import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from hlderp.jobs.models import Job, WorkerHeartbeat
from hlderp.jobs.worker import job_retry, max_attempts

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class WaitingRetryFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("failed", "Failed (all attempts)"),
            ("retrying", "Failed once, waiting for its next attempt"),
            ("running", "Running"),
            ("done", "Done"),
        ]

    def queryset(self, request, queryset):
        retrying = Q(status=TaskResultStatus.READY) & ~Q(exception_class_path="")
        return {
            "failed": queryset.filter(status=TaskResultStatus.FAILED),
            "retrying": queryset.filter(retrying),
            "running": queryset.filter(status=TaskResultStatus.RUNNING),
            "done": queryset.filter(status=TaskResultStatus.SUCCESSFUL),
        }.get(self.value(), queryset)


@admin.register(Job)
class JobAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name",
        "status",
        "attempts",
        "enqueued_at",
        "run_after_shown",
        "finished_at",
        "last_error",
    )
    list_filter = (WaitingRetryFilter, "status", "queue_name")
    actions = ["retry"]
    search_fields = ["task_path", "exception_class_path"]

    def has_change_permission(self, request, obj=None):
        # The admin's own change form stays read-only (DBTaskResultAdmin's fields); the
        # permission lets the retry action run.
        return request.user.has_perm("jobs.change_job")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("jobs.view_job") or self.has_change_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("jobs.change_job"):
            actions.pop("retry", None)
        return actions

    @admin.display(description="attempts")
    def attempts(self, obj: DBTaskResult) -> str:
        return f"{len(obj.worker_ids)} of {max_attempts(obj.task_path)}"

    @admin.display(description="next run")
    def run_after_shown(self, obj: DBTaskResult):
        return self.display_run_after(obj) if obj.status == TaskResultStatus.READY else "-"

    @admin.display(description="last error")
    def last_error(self, obj: DBTaskResult) -> str:
        lines = [line for line in (obj.traceback or "").strip().splitlines() if line.strip()]
        return format_html("<code>{}</code>", lines[-1][:200]) if lines else "-"

    @admin.action(description="Run the selected jobs again now")
    def retry(self, request, queryset):
        count = 0
        for job in queryset.exclude(status=TaskResultStatus.RUNNING):
            job_retry(job)
            count += 1
        self.message_user(request, f"{count} job(s) queued to run again.", messages.SUCCESS)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("worker_id", "hostname", "pid", "started_at", "seen_at")
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

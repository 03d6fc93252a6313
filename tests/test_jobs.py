"""The background jobs' queue (hlderp/jobs): a job that fails is retried with backoff, then
listed as failed in the admin, whose action runs it again; e-mails go from a job.

These tests run the database backend (the production one) and a worker in the test's thread;
the rest of the suite runs jobs at once ("immediate").
"""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hlderp.jobs.worker import backoff
from tests.jobs_helpers import flaky, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_job_that_fails_twice_then_succeeds(database_jobs, tmp_path):
    log = tmp_path / "runs.txt"
    result = flaky.enqueue(path=str(log), failures=2)

    run_jobs()

    job = DBTaskResult.objects.get(pk=result.id)
    assert log.read_text().splitlines() == ["run 1", "run 2", "run 3"]
    assert (job.status, len(job.worker_ids), job.return_value) == ("SUCCESSFUL", 3, 3)


def test_a_job_that_keeps_failing_is_listed_as_failed_and_the_admin_runs_it_again(
    database_jobs, tmp_path, secretariat_client
):
    log = tmp_path / "runs.txt"
    result = flaky.enqueue(path=str(log), failures=3)

    run_jobs()

    job = DBTaskResult.objects.get(pk=result.id)
    assert (job.status, len(job.worker_ids)) == ("FAILED", 3)
    assert "RuntimeError: failure 3 of 3" in job.traceback
    page = secretariat_client.get("/admin/jobs/job/?state=failed")
    assert page.status_code == 200
    assert "flaky" in page.content.decode()
    assert "3 of 3" in page.content.decode()

    response = secretariat_client.post(
        "/admin/jobs/job/", {"action": "retry", "_selected_action": [str(job.pk)]}
    )
    assert response.status_code == 302
    run_jobs()

    job.refresh_from_db()
    assert (job.status, job.return_value) == ("SUCCESSFUL", 4)


def test_the_backoff_doubles_up_to_its_ceiling(settings):
    settings.JOBS_RETRY_BACKOFF_SECONDS = 30
    settings.JOBS_RETRY_BACKOFF_MAX_SECONDS = 3600

    assert [backoff(n).total_seconds() for n in range(1, 9)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600,
    ]  # fmt: skip


@pytest.mark.clock
def test_a_failed_attempt_waits_its_backoff(database_jobs, tmp_path):
    database_jobs.JOBS_RETRY_BACKOFF_SECONDS = 60
    result = flaky.enqueue(path=str(tmp_path / "runs.txt"), failures=1)
    before = timezone.now()

    run_jobs(rounds=1)

    job = DBTaskResult.objects.get(pk=result.id)
    assert job.status == "READY"
    assert before + datetime.timedelta(seconds=59) < job.run_after
    assert job.run_after < timezone.now() + datetime.timedelta(seconds=61)

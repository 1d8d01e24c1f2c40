"""The background worker killed mid-task (SIGKILL): the task is queued again by
``vanort recover-tasks`` and finished by the next worker, or after too many attempts marked
failed — the report job then says "failed, try again". Reminders are sent at most once.
Real worker subprocesses (``vanort db_worker``) on the (file or PostgreSQL) test database."""

from __future__ import annotations

import datetime
import signal
import time

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.faults.subprocesses import vanort
from vanort.accounts.models import User
from vanort.core.roles import Role
from vanort.reports.models import ReportJob, SentReminder
from vanort.reports.tasks import produce_report

pytestmark = pytest.mark.engine

# --no-reload: with DEBUG on, db_worker would run the worker in a child process that a kill of the
# parent leaves running.
WORKER = ("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def finish(*args, data_dir, **env):
    process = vanort(*args, data_dir=data_dir, VANORT_TASKS="database", **env)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    return output


def kill_when(process, condition, *, timeout=180):
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, (
            f"the worker ended before it could be killed:\n{process.stdout.read()}"
        )
        assert time.monotonic() < deadline, "the worker never started the task"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL


def request_report(world, settings) -> ReportJob:
    settings.TASKS = DATABASE_TASKS
    job = ReportJob.objects.create(
        municipality=world.home,
        requested_by=world.users[Role.BOARD],
        kind="annual",
        fmt="pdf",
        title="Årsrapport 2026 (PDF)",
        params={"year": 2026, "language": "sv"},
    )
    produce_report.enqueue(job.pk)
    return job


@pytest.mark.django_db(transaction=True)
def test_report_task_of_a_killed_worker_is_queued_again_and_finished(world, settings, tmp_path):
    job = request_report(world, settings)
    worker = vanort(*WORKER, data_dir=tmp_path, VANORT_TASKS="database")
    kill_when(worker, lambda: DBTaskResult.objects.running().exists())
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.RUNNING  # stuck: no worker will ever finish it
    job.refresh_from_db()
    assert job.status in {ReportJob.Status.QUEUED, ReportJob.Status.RUNNING}

    # Not yet stale: left alone (it might still be running).
    assert "Queued again: 0" in finish("recover-tasks", data_dir=tmp_path)
    assert "Queued again: 1; failed: 0" in finish(
        "recover-tasks", "--stale-minutes", "0", data_dir=tmp_path
    )
    finish(*WORKER, "--batch", data_dir=tmp_path)

    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2
    assert job.status == ReportJob.Status.DONE and job.file and job.progress == 100


def test_task_stopped_too_often_is_failed_and_the_job_says_try_again(world, settings, client_for):
    job = request_report(world, settings)
    task = DBTaskResult.objects.get()
    task.claim("worker-that-was-killed")  # what db_worker does before running it
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1)
    )

    call_command("recover_tasks", max_attempts=1)
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and "WorkerLost" in task.exception_class_path
    assert job.status == ReportJob.Status.FAILED and job.finished_at
    page = client_for(world.users[Role.BOARD]).get(job.get_absolute_url())
    assert "Försök igen" in page.content.decode()


def test_job_without_a_task_behind_it_is_failed(world, settings):
    job = request_report(world, settings)
    DBTaskResult.objects.all().delete()  # e.g. pruned, or the worker's database row lost
    ReportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    call_command("recover_tasks")
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED


def mails(folder) -> list[tuple[str, str]]:
    sent = []
    for path in folder.glob("*.log"):
        to = subject = None
        for line in path.read_text().splitlines():
            if line.startswith("To: "):
                to = line[4:]
            elif line.startswith("Subject: "):
                subject = line[9:]
            elif line.startswith("-" * 79) and to:
                sent.append((to, subject))
                to = None
        if to:
            sent.append((to, subject))
    return sent


@pytest.mark.django_db(transaction=True)
def test_reminders_of_a_killed_worker_are_each_sent_at_most_once(world, settings, tmp_path):
    world.agreement.renewal_on = timezone.localdate() + datetime.timedelta(days=30)
    world.agreement.save()
    User.objects.bulk_create(
        User(
            username=f"samordnare{i}",
            email=f"samordnare{i}@example.se",
            organisation=world.office,
            municipality=world.home,
            role=Role.COORDINATOR,
            password="!",
        )
        for i in range(150)
    )
    expected = (
        User.objects.filter(municipality=world.home, role__in=[Role.COORDINATOR, Role.ADMIN])
        .exclude(email="")
        .count()
    )
    maildir = tmp_path / "mail"
    maildir.mkdir()
    env = {"VANORT_EMAIL_URL": f"file://{maildir}"}

    finish("send-reminders", data_dir=tmp_path, **env)  # only enqueues: the worker sends
    worker = vanort(*WORKER, data_dir=tmp_path, VANORT_TASKS="database", **env)
    kill_when(worker, lambda: len(list(maildir.glob("*.log"))) >= 10)
    first_run = mails(maildir)
    assert 0 < len(first_run) < expected  # killed in the middle of the run (a 10th file may be empty)

    finish("recover-tasks", "--stale-minutes", "0", data_dir=tmp_path)
    finish(*WORKER, "--batch", data_dir=tmp_path, **env)

    sent = mails(maildir)
    assert len(sent) == len(set(sent))  # nobody got the same reminder twice
    claimed = SentReminder.objects.filter(key__startswith="renewal:").count()
    assert claimed == expected
    # At most the one being sent at the moment of the kill is missing: never one too many.
    assert expected - 1 <= len([m for m in sent if "@example.se" in m[0]]) <= expected

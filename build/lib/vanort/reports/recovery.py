"""Tasks whose worker died: retried, or reported failed — never lost silently.

A worker killed in the middle of a task (``kill -9``, the machine restarted, out of memory) leaves
its ``django_tasks_db`` row in RUNNING for ever: nothing else would run it again, and a report job
would spin on its page. :func:`recover_tasks` (``vanort recover-tasks``, run every few minutes)
puts every task that has been RUNNING longer than ``stale_after`` back in the queue, until it has
been started ``max_attempts`` times (each start adds a worker id to the row); then it marks the
task failed, and the report job it was producing shows "failed, try again" to its requester.

``stale_after`` must be longer than the longest task really runs, or a live task would be started
a second time beside itself. The tasks themselves are safe to run again: a report job starts
over, and each reminder is sent at most once (``vanort.reports.reminders``).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vanort.reports.models import ReportJob

log = logging.getLogger("vanort.reports")

REPORT_TASK = "vanort.reports.tasks.produce_report"


class WorkerLost(Exception):
    """The worker stopped while running the task, too many times."""


@dataclass
class Recovery:
    requeued: int = 0
    failed: int = 0
    jobs_failed: int = 0


def recover_tasks(
    *, stale_after: datetime.timedelta, max_attempts: int, now: datetime.datetime | None = None
) -> Recovery:
    now = now or timezone.now()
    result = Recovery()
    stuck = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - stale_after)
        .values_list("pk", flat=True)
    )
    for pk in list(stuck):
        with transaction.atomic():
            row = (
                DBTaskResult.objects.select_for_update()
                .filter(pk=pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if row is None:  # finished meanwhile
                continue
            attempts = len(row.worker_ids)
            if attempts < max_attempts:
                DBTaskResult.objects.filter(pk=pk).update(
                    status=TaskResultStatus.READY, started_at=None
                )
                result.requeued += 1
                log.warning(
                    "Task %s (%s) stopped with its worker; queued again (attempt %s of %s).",
                    pk,
                    row.task_path,
                    attempts + 1,
                    max_attempts,
                )
            else:
                row.set_failed(WorkerLost(f"the worker stopped during each of {attempts} attempts"))
                result.failed += 1
                if row.task_path == REPORT_TASK:
                    result.jobs_failed += _fail_jobs(
                        ReportJob.objects.filter(pk__in=row.args_kwargs.get("args", [])[:1]), now
                    )
                log.error(
                    "Task %s (%s) stopped with its worker %s times; marked failed.",
                    pk,
                    row.task_path,
                    attempts,
                )
    result.jobs_failed += fail_orphaned_jobs(stale_after=stale_after, now=now)
    return result


def fail_orphaned_jobs(*, stale_after: datetime.timedelta, now: datetime.datetime) -> int:
    """Report jobs still queued or running with no live task behind them are failed (try again)."""
    live = DBTaskResult.objects.filter(
        task_path=REPORT_TASK, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True)
    live_jobs = {args["args"][0] for args in live if args.get("args")}
    return _fail_jobs(
        ReportJob.objects.filter(created_at__lt=now - stale_after).exclude(pk__in=live_jobs), now
    )


def _fail_jobs(jobs, now: datetime.datetime) -> int:
    """Unfinished jobs among ``jobs`` fail: their page says so and asks to try again."""
    return jobs.filter(status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]).update(
        status=ReportJob.Status.FAILED,
        error="The background worker stopped while producing the file.",
        finished_at=now,
    )

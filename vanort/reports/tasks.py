"""Background tasks (``django.tasks``): report files for large periods, and the reminders.

In development and tests ``TASKS`` uses the ImmediateBackend (the task runs inside
``enqueue()``); in production ``VANORT_TASKS=database`` stores tasks for ``vanort db_worker``.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone, translation

from vanort.reports.models import ReportJob

log = logging.getLogger("vanort.reports")


def _set(job: ReportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ReportJob.objects.filter(pk=job.pk).update(**fields)


@task()
def produce_report(job_id: int) -> str:
    """Build one report file for its requester, with what the requester may see now."""
    from vanort.reports import render as outputs
    from vanort.reports import selectors
    from vanort.reports.specs import report_spec

    job = ReportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return "gone"
    _set(job, status=ReportJob.Status.RUNNING, progress=5)
    user = job.requested_by
    try:
        with translation.override(job.params.get("language") or "sv"):
            spec = report_spec(user, job.kind, job.params)
            report = selectors.build_report(user, spec)
            report.summary = job.params.get("summary") or report.summary  # as the officer edited it
            _set(job, progress=30)
            data = outputs.render_file(report, job.fmt, progress=lambda p: _set(job, progress=p))
            name = outputs.file_name(report, job.fmt)
        job.file.save(name, ContentFile(data), save=False)
        _set(job, file=job.file.name, file_name=name, status=ReportJob.Status.DONE, progress=100, finished_at=timezone.now())
    except Exception as error:  # the page must show the failure rather than spin forever
        log.exception("report job %s failed", job_id)
        _set(job, status=ReportJob.Status.FAILED, error=str(error)[:2000] or type(error).__name__, finished_at=timezone.now())
        return "failed"
    return "done"


@task()
def send_reminders_task(today_iso: str | None = None, base_url: str = "") -> dict:
    from vanort.reports.reminders import send_reminders

    return send_reminders(today_iso=today_iso, base_url=base_url)

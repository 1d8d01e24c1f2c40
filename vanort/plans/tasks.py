"""Background task (``django.tasks``): an activity import of more than a few hundred rows.

Like the report jobs (``vanort.reports.tasks``): the ImmediateBackend runs it inside ``enqueue()``
in development and tests; with ``VANORT_TASKS=database`` ``vanort db_worker`` runs it. A task whose
worker died is started again by ``vanort recover-tasks``; the import is safe to run again (the
keys make it update what a killed run had written, see docs/decisions/0005-batched-imports.md).
"""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils import timezone, translation

from vanort.plans.models import ImportJob

log = logging.getLogger("vanort.plans")

#: Reading and validating is the first half of the bar, writing the second.
VALIDATED = 50


def _set(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def result_data(result) -> dict:
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged,
            "cost_lines": result.cost_lines, "milestones": result.milestones, "errors": [[e.row, e.column, e.message] for e in result.errors],
            "warnings": [[e.row, e.column, e.message] for e in result.warnings]}


@task()
def run_import(job_id: int) -> str:
    """Import the job's file as its uploader, all or nothing; the result goes to the job page."""
    from vanort.plans.services.imports import import_activities

    job = ImportJob.objects.select_related("requested_by", "municipality").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return "gone"
    _set(job, status=ImportJob.Status.RUNNING, progress=5)
    try:
        with translation.override(job.language), job.file.open("rb") as upload:
            result = import_activities(
                upload, user=job.requested_by, municipality=job.municipality,
                progress=lambda done, total: _set(job, progress=VALIDATED + (100 - VALIDATED) * done // max(total, 1)),
            )
    except Exception:  # the page must show the failure rather than spin forever
        log.exception("import job %s failed", job_id)
        _set(job, status=ImportJob.Status.FAILED, finished_at=timezone.now())
        return "failed"
    status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    _set(job, status=status, progress=100, result=result_data(result), finished_at=timezone.now())
    job.file.delete(save=False)  # the rows are in the database now, or the file was refused
    ImportJob.objects.filter(pk=job.pk).update(file="")
    return status

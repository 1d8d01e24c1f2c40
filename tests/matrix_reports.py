"""Permission-matrix rows for every reports URL, and the records they need.

Wired into :mod:`tests.test_matrix` (``MATRIX += ROWS``; ``add_reports(w)`` in its world).
Every report page needs a signed-in user (the public is sent to the login page); the data in it
is what the gate lets that user see. A report about a subject the user may not see (another
municipality's document or partnership) is a 404. A background job and its file belong to the
one who asked for them.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.test_matrix import ALL_405, row
from vanort.core.roles import Role
from vanort.governance.models import GoverningDocument
from vanort.reports.models import ReportJob, WordTemplate
from vanort.reports.render import starter_template

SIGNED_IN = {"get": "302 200 200 200 200 200 200", "post": ALL_405}
#: A public record of Linköping: every Linköping user; not the other municipality's coordinator.
LINKOPING_PAGE = {"get": "302 200 200 200 200 200 404", "post": ALL_405}
#: Its files: GET gives the file (small report), POST starts a background job (→ the job page).
LINKOPING_FILE = {"get": "302 200 200 200 200 200 404", "post": "302 302 302 302 302 302 404"}
INTERNAL_PAGE = {"get": "302 200 200 200 200 404 404", "post": ALL_405}
#: The municipality's Word template: its administrator only (the other municipality's coordinator is no administrator).
ADMIN_ONLY = "302 200 403 403 403 403 403"
#: The board member's own job.
OWN_JOB = {"get": "302 404 404 200 404 404 404", "post": ALL_405}


def stored_job(job: ReportJob) -> list[int]:
    if not default_storage.exists(job.file.name):
        default_storage.save(job.file.name, ContentFile(b"PK\x03\x04 matrix"))
    return [job.pk]


def stored_template(template: WordTemplate) -> list:
    """The Word template's file in this test's storage (the world is built once per module)."""
    if not default_storage.exists(template.file.name):
        default_storage.save(template.file.name, ContentFile(starter_template()))
    return []


ROWS = [
    row("reports:index", **SIGNED_IN),
    row("reports:annual", lambda w: [2026], **SIGNED_IN),
    row("reports:annual_file", lambda w: [2026, "docx"], get="302 200 200 200 200 200 200", post="302 302 302 302 302 302 302"),
    row("reports:review", lambda w: [w.partnership.pk], **LINKOPING_PAGE),
    row("reports:review", lambda w: [w.internal_partnership.pk], label="internal", **INTERNAL_PAGE),
    row("reports:review_file", lambda w: [w.partnership.pk, "xlsx"], **LINKOPING_FILE),
    row("reports:followup", lambda w: [w.report_document.pk, 2022], **LINKOPING_PAGE),
    row("reports:followup_file", lambda w: [w.report_document.pk, 2022, "pdf"], **LINKOPING_FILE),
    row("reports:word_template", get=ADMIN_ONLY, post="302 302 403 403 403 403 403"),
    row("reports:word_template_download", lambda w: stored_template(w.word_template), get=ADMIN_ONLY, post=ALL_405),
    row("reports:word_template_starter", get=ADMIN_ONLY, post=ALL_405),
    row("reports:job", lambda w: [w.report_job.pk], **OWN_JOB),
    row("reports:job_download", lambda w: stored_job(w.report_job), **OWN_JOB),
]


def add_reports(w) -> None:
    """The records the rows above need, added to the matrix world ``w``."""
    w.report_document = GoverningDocument.objects.create(
        municipality=w.home, title="Internationell strategi", kind="strategy", adopted_on=datetime.date(2010, 6, 1),
    )
    w.report_job = ReportJob.objects.create(
        municipality=w.home, requested_by=w.users[Role.BOARD], kind="annual", params={"year": 2026}, fmt="docx",
        title="Annual report 2026 (DOCX)", status=ReportJob.Status.DONE, progress=100,
        file="reports/matrix-job.docx", file_name="annual-report-2026.docx",
    )
    w.word_template = WordTemplate(municipality=w.home, file_name="kommunmall.dotx", uploaded_by=w.users[Role.ADMIN])
    w.word_template.file.save("template.docx", ContentFile(starter_template()))

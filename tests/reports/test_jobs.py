"""Large reports are produced in the background: a job with progress, then a download."""

import io

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from vanort.core.roles import Role
from vanort.reports.models import ReportJob

pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]


@override_settings(VANORT_REPORT_SYNC_LIMIT=2)
def test_large_report_goes_through_a_job(client, world, report_data, frozen_today):
    from docx import Document

    board = world.users[Role.BOARD]
    client.force_login(board)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the job produces the file in the requester's language
    url = reverse("reports:annual_file", args=[2026, "docx"])
    # Four activities > the limit of two: the page offers to produce the file in the background.
    page = client.get(url)
    assert page.status_code == 200 and b"<form method=\"post\">" in page.content
    response = client.post(url)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
    # The immediate backend ran the task inside enqueue().
    assert (job.status, job.progress, job.requested_by) == (ReportJob.Status.DONE, 100, board)
    status = client.get(response["Location"])
    assert status.status_code == 200 and reverse("reports:job_download", args=[job.pk]).encode() in status.content
    assert not status.has_header("Refresh")
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert document.paragraphs[0].text == "Annual report 2026"

    # Only the requester opens the job and its file.
    client.force_login(world.users[Role.COORDINATOR])
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_unfinished_job_page_refreshes_itself(client, world):
    board = world.users[Role.BOARD]
    job = ReportJob.objects.create(municipality=world.home, requested_by=board, kind="annual", params={"year": 2026}, fmt="pdf",
                                   title="Annual report 2026 (PDF)", status=ReportJob.Status.RUNNING, progress=40)
    client.force_login(board)
    response = client.get(reverse("reports:job", args=[job.pk]))
    assert response["Refresh"] == "3"
    assert b'<progress class="job-progress" id="job-progress" max="100" value="40">' in response.content
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_failed_job_says_so(world, report_data):
    from vanort.reports.tasks import produce_report

    board = world.users[Role.BOARD]
    job = ReportJob.objects.create(municipality=world.home, requested_by=board, kind="review", params={"partnership": 999999},
                                   fmt="pdf", title="x")
    produce_report.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and job.finished_at is not None
    # The reason, not a web page's 404 (a background task imports no view).
    assert job.error == (
        "Rapporten kan inte tas fram: posten finns inte eller är inte synlig för dig, "
        "eller året ligger utanför det tillåtna."
    )

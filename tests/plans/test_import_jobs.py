"""A file of more than a few hundred rows is imported by a background task: the upload answers at
once with the job's page (progress, refreshing itself without JavaScript), then the result or the
bad rows. Only the uploader sees the job."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.faults.test_import_crash import write_csv
from vanort.core.roles import Role
from vanort.plans.models import Activity, CostLine, ImportJob
from vanort.plans.services.imports import BACKGROUND_ROWS

pytestmark = pytest.mark.engine

ACTIVITIES = BACKGROUND_ROWS // 2 + 10  # two rows each: just over the limit


def large_upload(tmp_path, *, break_row=None):
    path = tmp_path / "large.csv"
    write_csv(path, ACTIVITIES)
    rows = list(csv.reader(path.open(encoding="utf-8"), delimiter=";"))
    if break_row is not None:
        rows[break_row - 1][rows[0].index("kind")] = "picnic"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return SimpleUploadedFile("large.csv", buffer.getvalue().encode(), content_type="text/csv")


def signed_in(client, world, role=Role.COORDINATOR):
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_large_file_is_imported_in_the_background_and_its_page_shows_the_result(world, client, tmp_path):
    signed_in(client, world)
    response = client.post(reverse("plans:activity_import"), {"file": large_upload(tmp_path)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:import_job", args=[job.pk])
    page = client.get(response["Location"])
    assert "Status: Imported" in text(page) and f"{ACTIVITIES} activities created" in text(page)
    assert "Refresh" not in page
    assert Activity.objects.filter(import_key__startswith="K").count() == ACTIVITIES
    assert CostLine.objects.filter(activity__import_key__startswith="K").count() == 2 * ACTIVITIES
    assert job.file_name == "large.csv" and not ImportJob.objects.get().file  # the upload is not kept
    assert not default_storage.listdir("imports")[1]
    listed = client.get(reverse("plans:activity_import"))
    assert job.get_absolute_url() in listed.content.decode() and "large.csv – Imported" in text(listed)


def test_a_large_file_with_a_bad_row_shows_the_row_and_imports_nothing(world, client, tmp_path):
    signed_in(client, world)
    before = Activity.objects.count()
    response = client.post(reverse("plans:activity_import"), {"file": large_upload(tmp_path, break_row=BACKGROUND_ROWS)}, follow=True)
    assert "Status: Not imported" in text(response) and "Nothing has been imported" in text(response)
    assert f"{BACKGROUND_ROWS} kind “picnic” is not one of" in text(response)
    assert Activity.objects.count() == before


def test_a_running_job_refreshes_itself_and_only_its_uploader_sees_it(world, client):
    job = ImportJob.objects.create(municipality=world.home, requested_by=world.users[Role.COORDINATOR], file_name="big.xlsx",
                                   status=ImportJob.Status.RUNNING, progress=60,
                                   file=default_storage.save("imports/running", ContentFile(b"x")))
    signed_in(client, world)
    page = client.get(job.get_absolute_url())
    assert page["Refresh"] == "3" and '<meta http-equiv="refresh" content="3">' in page.content.decode()
    assert "Status: Being imported" in text(page) and "60 % done" in text(page)
    assert f'href="{job.get_absolute_url()}"' in page.content.decode()  # a link to refresh by hand
    signed_in(client, world, Role.ADMIN)
    assert client.get(job.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302

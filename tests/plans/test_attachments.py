"""Activity attachments: checked by content, stored under generated names, downloaded only by
those who may see them, never inline; and each organisation records its own cost lines."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from vanort.core.backup import backup_create
from vanort.core.roles import Role
from vanort.plans.models import ActivityAttachment, CostLine

pytestmark = pytest.mark.engine_independent

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(client, activity, name, content, **fields):
    return client.post(
        reverse("plans:attachment_create", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, content), "title": "", **fields},
    )


@pytest.mark.smoke
@pytest.mark.django_db
def test_a_unit_editor_attaches_a_document_and_the_public_downloads_it(world, plan_data, client_for):
    editor = client_for(world.users[Role.UNIT_EDITOR])
    response = upload(editor, plan_data.school, "Program för besöket.pdf", PDF, title="Programme", is_public="on")
    assert response.status_code == 302 and response["Location"].endswith("#attachments")
    attachment = ActivityAttachment.objects.get(activity=plan_data.school)
    assert attachment.original_name == "Program för besöket.pdf"
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert attachment.uploaded_by == world.users[Role.UNIT_EDITOR]
    # Stored under a generated name, never the uploader's.
    assert attachment.file.name.startswith("activities/") and "Program" not in attachment.file.name

    page = editor.get(plan_data.school.get_absolute_url())
    assert "Programme" in page.content.decode()

    public = client_for(None).get(reverse("plans:attachment_download", args=[attachment.pk]))
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == PDF
    assert public["Content-Disposition"].startswith("attachment;")
    assert public["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_attachment_not_marked_public_stays_internal(world, plan_data, client_for):
    upload(client_for(world.users[Role.UNIT_EDITOR]), plan_data.school, "deltagarlista.pdf", PDF)
    attachment = ActivityAttachment.objects.get()
    url = reverse("plans:attachment_download", args=[attachment.pk])
    assert client_for(None).get(url).status_code == 404
    assert client_for(world.users[Role.PARTNER]).get(url).status_code == 404
    assert client_for(world.users[Role.BOARD]).get(url).status_code == 200
    assert "deltagarlista.pdf" not in client_for(None).get(plan_data.school.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_images_are_accepted_and_markup_is_refused_by_content_not_name(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    assert upload(client, plan_data.school, "foto.png", PNG).status_code == 302
    assert ActivityAttachment.objects.get().content_type == "image/png"
    response = upload(client, plan_data.school, "program.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    assert "Filen är inte en sådan som Vänort tar emot" in response.content.decode()
    assert ActivityAttachment.objects.count() == 1


@pytest.mark.django_db
def test_english_error_for_a_wrong_file(world, plan_data, client_for, settings):
    settings.LANGUAGE_CODE = "en"
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(
        reverse("plans:attachment_create", args=[plan_data.school.pk]),
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary\x00")},
    )
    assert response.status_code == 400
    assert "The file is not one Vänort accepts" in response.content.decode()


@pytest.mark.engine
@pytest.mark.django_db
def test_the_count_limit_is_a_clear_error_and_writes_nothing(world, plan_data, client_for, settings):
    settings.UPLOAD_MAX_FILES = 1
    client = client_for(world.users[Role.COORDINATOR])
    assert upload(client, plan_data.school, "a.pdf", PDF).status_code == 302
    response = upload(client, plan_data.school, "b.pdf", PDF)
    assert response.status_code == 400 and "så många filer som tillåts (1)" in response.content.decode()
    assert list(ActivityAttachment.objects.values_list("original_name", flat=True)) == ["a.pdf"]


@pytest.mark.django_db(transaction=True)
def test_removing_an_attachment_keeps_its_file_until_the_sweep(world, plan_data, client_for, tmp_path):
    """A backup made meanwhile may hold the row: the file goes only with `vanort sweep-files`."""
    client = client_for(world.users[Role.UNIT_EDITOR])
    upload(client, plan_data.school, "a.pdf", PDF)
    attachment = ActivityAttachment.objects.get()
    path = Path(attachment.file.path)
    response = client.post(reverse("plans:attachment_delete", args=[plan_data.school.pk, attachment.pk]))
    assert response.status_code == 302
    assert not ActivityAttachment.objects.exists()
    assert path.read_bytes() == PDF

    os.utime(path, (time.time() - 7200, time.time() - 7200))  # older than the sweep's grace hour
    backup_create(db=settings.DATABASES["default"], media_root=settings.MEDIA_ROOT, destination=tmp_path)
    call_command("sweep_files", stdout=io.StringIO())
    assert not path.exists()


@pytest.mark.django_db
def test_a_unit_editor_records_only_costs_its_own_organisation_pays(world, plan_data, client_for):
    editor = client_for(world.users[Role.UNIT_EDITOR])
    school = plan_data.school
    own = CostLine.objects.get(activity=school, paying_organisation=world.unit)
    others = CostLine.objects.get(activity=school, paying_organisation=world.other_unit)

    # The page offers editing only for the own organisation's line.
    page = editor.get(school.get_absolute_url()).content.decode()
    assert reverse("plans:costline_edit", args=[school.pk, own.pk]) in page
    assert reverse("plans:costline_edit", args=[school.pk, others.pk]) not in page
    assert editor.get(reverse("plans:costline_edit", args=[school.pk, others.pk])).status_code == 403

    # A new line paid by another organisation is refused beside the field; nothing is written.
    before = CostLine.objects.count()
    response = editor.post(reverse("plans:costline_create", args=[school.pk]), {
        "paying_organisation": world.other_unit.pk, "cost_type": "travel", "currency": "SEK", "estimated": "100",
    })
    assert response.status_code == 400
    assert CostLine.objects.count() == before
    # Moving the own line to another payer is refused too.
    response = editor.post(reverse("plans:costline_edit", args=[school.pk, own.pk]), {
        "paying_organisation": world.other_unit.pk, "cost_type": "travel", "currency": "SEK", "estimated": "100",
    })
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.paying_organisation == world.unit

    # The coordinator records any organisation's costs.
    coordinator = client_for(world.users[Role.COORDINATOR])
    response = coordinator.post(reverse("plans:costline_create", args=[school.pk]), {
        "paying_organisation": world.other_unit.pk, "cost_type": "travel", "currency": "SEK", "estimated": "100",
    })
    assert response.status_code == 302
    assert CostLine.objects.count() == before + 1


@pytest.mark.django_db
def test_the_public_activity_page_lists_only_public_attachments(world, plan_data, client_for):
    editor = client_for(world.users[Role.UNIT_EDITOR])
    upload(editor, plan_data.school, "program.pdf", PDF, title="Programme", is_public="on")
    upload(editor, plan_data.school, "deltagarlista.pdf", PDF)
    page = client_for(None).get(reverse("publishing:activity", args=[world.home.slug, plan_data.school.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Programme" in html and "deltagarlista" not in html

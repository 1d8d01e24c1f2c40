"""Uploads when things go wrong, for every upload path: a full disk, a row that cannot be saved,
too many files, too large a request — and every download served as an attachment, safely named."""

from __future__ import annotations

import datetime
import errno
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.urls import reverse

from tests.governance.test_pages import decision_data
from tests.plans.conftest import make_activity
from tests.test_download_names import names
from vanort.core.roles import Role
from vanort.core.uploads import safe_filename
from vanort.governance.models import Decision, DecisionAttachment
from vanort.plans.models import ActivityAttachment
from vanort.plans.services.attachments import attachment_add
from vanort.registry.models import Agreement, AgreementDocument
from vanort.registry.uploads import attach_document
from vanort.reports.models import ReportJob

pytestmark = pytest.mark.engine

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DISK_FULL_SV = "serverns disk är full"


class FullDiskStorage(FileSystemStorage):
    """A real file-system storage on a disk with no space left."""

    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def full_disk(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDiskStorage"}}


def media_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def pdf(name="Avtal.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def agreement_data(world, **extra):
    return {
        "partnership": world.partnership.pk,
        "title_sv": "Nytt avtal",
        "parties": "Linköping\nPalo Alto",
        **extra,
    }


# --- a full disk ---------------------------------------------------------------------------------


def test_full_disk_on_a_new_agreement_saves_nothing_and_says_why(world, client_for, full_disk):
    client = client_for(world.users[Role.COORDINATOR])
    before = Agreement.objects.count()
    response = client.post(
        reverse("registry:agreement_create"), agreement_data(world, document=pdf())
    )
    assert response.status_code == 400
    assert DISK_FULL_SV in response.content.decode()
    assert Agreement.objects.count() == before
    assert not AgreementDocument.objects.exists() and media_files() == []


def test_full_disk_on_a_decision_saves_nothing_and_draws_no_number(world, client_for, full_disk):
    client = client_for(world.users[Role.BOARD])
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("governance:decision_create"), decision_data(attachment=pdf("protokoll.pdf"))
    )
    assert response.status_code == 400
    assert "the server&#x27;s disk is full" in response.content.decode()
    assert (
        not Decision.objects.exists()
        and not DecisionAttachment.objects.exists()
        and media_files() == []
    )


def test_full_disk_on_an_existing_decision_keeps_it_unchanged(world, client_for, settings):
    client = client_for(world.users[Role.BOARD])
    assert client.post(reverse("governance:decision_create"), decision_data()).status_code == 302
    decision = Decision.objects.get()
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDiskStorage"}}
    from tests.test_registry import form_values

    url = reverse("governance:decision_edit", args=[decision.pk])
    data = form_values(client.get(url))
    data.update(title_sv="Ändrad titel", attachment=pdf())
    response = client.post(url, data)
    assert response.status_code == 400 and DISK_FULL_SV in response.content.decode()
    decision.refresh_from_db()
    assert decision.title_sv == "Beslut om X" and not decision.attachments.exists()


def test_full_disk_on_an_activity_attachment_saves_nothing_and_says_why(
    world, client_for, full_disk
):
    activity = make_activity(world, title="Skolutbyte", organisation=world.unit, areas=[world.area])
    client = client_for(world.users[Role.UNIT_EDITOR])
    response = client.post(
        reverse("plans:attachment_create", args=[activity.pk]), {"file": pdf(), "title": "Program"}
    )
    assert response.status_code == 400
    assert DISK_FULL_SV in response.content.decode()
    assert not ActivityAttachment.objects.exists() and media_files() == []


def test_a_row_that_cannot_be_saved_removes_its_file(world):
    """The file is written first; when the row then fails, the file goes too."""
    table = AgreementDocument._meta.db_table

    def refuse_document_rows(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and table in sql:
            raise IntegrityError("refused")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_document_rows), pytest.raises(IntegrityError):
        attach_document(
            world.agreement, pdf(), content_type="application/pdf", by=world.users[Role.COORDINATOR]
        )
    assert not AgreementDocument.objects.exists()
    assert media_files() == []


# --- limits --------------------------------------------------------------------------------------


def test_a_record_takes_at_most_the_configured_number_of_files(world, client_for, settings):
    settings.UPLOAD_MAX_FILES = 2
    by = world.users[Role.COORDINATOR]
    for _ in range(2):
        attach_document(world.agreement, pdf(), content_type="application/pdf", by=by)
    with pytest.raises(ValidationError) as refused:
        attach_document(world.agreement, pdf(), content_type="application/pdf", by=by)
    assert refused.value.code == "too_many_files"
    assert world.agreement.documents.count() == 2 and len(media_files()) == 2

    from tests.test_registry import form_values

    client = client_for(by)
    url = reverse("registry:agreement_edit", args=[world.agreement.pk])
    data = form_values(client.get(url))
    data.update(title_sv="Ändrad", document=pdf())
    response = client.post(url, data)
    assert response.status_code == 400
    assert "så många filer som tillåts (2)" in response.content.decode()
    world.agreement.refresh_from_db()
    assert world.agreement.title_sv != "Ändrad" and world.agreement.documents.count() == 2


def test_a_request_body_larger_than_an_upload_may_be_gets_413(world, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    client = client_for(world.users[Role.COORDINATOR])
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (1024 * 1024 + 128 * 1024))
    before = Agreement.objects.count()
    response = client.post(
        reverse("registry:agreement_create"), agreement_data(world, document=big)
    )
    assert response.status_code == 413
    assert "För mycket data" in response.content.decode() and "1 MB" in response.content.decode()
    assert Agreement.objects.count() == before and media_files() == []


@pytest.mark.parametrize("what", ["field", "fields"])
def test_too_large_or_too_many_form_fields_get_a_clear_page_not_a_500(
    world, client_for, settings, what
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    client = client_for(world.users[Role.COORDINATOR])
    client.cookies["django_language"] = "en"
    data = (
        agreement_data(world, notes="x" * 2048)
        if what == "field"
        else {f"f{i}": "1" for i in range(60)}
    )
    response = client.post(reverse("registry:agreement_create"), data)
    assert response.status_code == 413
    assert "Too much data" in response.content.decode()


# --- downloads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Avtal 1987.pdf", "Avtal 1987.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\avtal.pdf", "avtal.pdf"),
        ('a"b\r\nSet-Cookie: x=1.pdf', "a_b_Set-Cookie_ x=1.pdf"),
        ("...", "document"),
        ("å" * 400 + ".pdf", "å" * 146 + ".pdf"),
        ("Protokoll från mötet " * 10 + ".pdf", ("Protokoll från mötet " * 7).strip() + ".pdf"),
    ],
)
def test_safe_filename(given, expected):
    assert safe_filename(given) == expected


def assert_safe_download(response, body: bytes, name: str):
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert name in names(response)[1]  # an attachment, named with both RFC 6266 parts
    assert "\n" not in disposition and "\r" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == body


def test_every_stored_file_download_is_a_safe_attachment(world, client_for):
    coordinator = world.users[Role.COORDINATOR]
    nasty = 'x"\r\n<script>.pdf'
    document = attach_document(
        world.agreement, pdf(), content_type="application/pdf", by=coordinator
    )
    AgreementDocument.objects.filter(pk=document.pk).update(original_name=nasty)
    client = client_for(coordinator)
    assert_safe_download(
        client.get(reverse("registry:document_download", args=[document.pk])),
        PDF,
        safe_filename(nasty),
    )

    from tests.governance.conftest import make_decision
    from vanort.governance.services import decision_attach

    decision = make_decision(world, title="Beslut", meeting_date=datetime.date(2026, 1, 5))
    attachment = decision_attach(
        decision=decision, upload=pdf(), content_type="application/pdf", by=coordinator
    )
    DecisionAttachment.objects.filter(pk=attachment.pk).update(original_name=nasty)
    assert_safe_download(
        client.get(reverse("governance:attachment_download", args=[attachment.pk])),
        PDF,
        safe_filename(nasty),
    )

    activity = make_activity(
        world, title="Skolutbyte", organisation=world.unit, areas=[world.area], is_public=True
    )
    attachment = attachment_add(
        activity=activity,
        upload=pdf(),
        content_type="application/pdf",
        is_public=True,
        by=coordinator,
    )
    ActivityAttachment.objects.filter(pk=attachment.pk).update(original_name=nasty)
    response = client.get(reverse("plans:attachment_download", args=[attachment.pk]))
    assert_safe_download(response, PDF, safe_filename(nasty))

    board = world.users[Role.BOARD]
    job = ReportJob.objects.create(
        municipality=world.home,
        requested_by=board,
        kind="annual",
        params={"year": 2026},
        fmt="pdf",
        title="Årsrapport",
        status=ReportJob.Status.DONE,
        progress=100,
        file_name='Årsrapport "2026".pdf',
    )
    job.file.save("x.pdf", ContentFile(PDF))
    response = client_for(board).get(reverse("reports:job_download", args=[job.pk]))
    assert_safe_download(response, PDF, "rsrapport")

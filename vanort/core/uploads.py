"""Uploaded agreement documents: checked by content, stored under generated names."""

from __future__ import annotations

import codecs
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vanort.registry.models import AgreementDocument

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_BYTES = 4096


def sniff(head: bytes, upload) -> str | None:
    """The document's real type from its bytes, or ``None`` if it is not an accepted document."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(OLE_MAGIC):
        return "application/msword"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                    return "application/vnd.oasis.opendocument.text"
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        return None
    try:
        # Only the head is read: a letter such as "å" may be cut in two at its end.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < HEAD_BYTES)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or text.lstrip().lower().startswith(("<!doctype", "<html", "<svg", "<?xml", "<script")):
        return None
    return "text/plain"


def check_document(upload) -> str:
    """Raise a clear ValidationError unless ``upload`` is an accepted document within the size limit."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the largest allowed is %(max)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    content_type = sniff(head, upload)
    if content_type is None:
        raise ValidationError(
            _("The file is not a document Vänort accepts (PDF, Word, OpenDocument text or plain text)."),
            code="file_type",
        )
    return content_type


def attach_document(agreement, upload, *, content_type: str, by) -> AgreementDocument:
    """Store the file and its row together: if the row cannot be saved, the file is removed."""
    document = AgreementDocument(
        agreement=agreement,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    document.file.save(upload.name, upload, save=False)
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document

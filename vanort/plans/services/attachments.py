"""Activity attachments: checked by content, stored under generated names, file and row together."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vanort.core.uploads import HEAD_BYTES, check_count, check_document, store_upload
from vanort.plans.models import Activity, ActivityAttachment

#: Images an activity may carry besides documents (photos of a visit, a poster), by their magic bytes.
IMAGE_MAGIC = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def check_attachment(upload) -> str:
    """The real type of ``upload`` (a document, or a JPEG or PNG image); a clear ValidationError otherwise."""
    try:
        return check_document(upload)
    except ValidationError as error:
        if error.code != "file_type":
            raise
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
        for magic, content_type in IMAGE_MAGIC.items():
            if head.startswith(magic):
                return content_type
        raise ValidationError(
            _("The file is not one Vänort accepts (PDF, Word, OpenDocument text, plain text, JPEG or PNG)."),
            code="file_type",
        ) from None


def attachment_add(*, activity: Activity, upload, content_type: str, title: str = "", is_public: bool = False, by=None) -> ActivityAttachment:
    """Store the file and its row together: if the row cannot be saved, the file is removed; if
    the file cannot be written (a full disk), no row is saved."""
    attachment = ActivityAttachment(
        activity=activity,
        title=title,
        is_public=is_public,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    with transaction.atomic():
        check_count(activity, activity.attachments.all())
        return store_upload(attachment, upload)


def attachment_delete(attachment: ActivityAttachment) -> None:
    """Remove the row; its file stays until ``vanort sweep-files`` removes files no row refers to.

    A backup running meanwhile may hold the row in its database copy: it must find the file too.
    """
    attachment.delete()

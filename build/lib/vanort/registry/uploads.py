"""Agreement documents: stored with the shared upload rules of ``vanort.core.uploads``."""

from __future__ import annotations

from django.db import transaction

from vanort.core.uploads import check_count, store_upload
from vanort.registry.models import AgreementDocument


def attach_document(agreement, upload, *, content_type: str, by) -> AgreementDocument:
    """Store the file and its row together (see ``store_upload``), within the per-record limit."""
    document = AgreementDocument(
        agreement=agreement,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    with transaction.atomic():
        check_count(agreement, agreement.documents.all())
        return store_upload(document, upload)

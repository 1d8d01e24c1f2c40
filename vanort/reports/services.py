"""Changes the reports app makes: a municipality's Word template for its reports.

A replaced or removed template's file stays until ``vanort sweep-files`` removes files no row
refers to once a backup holds them (``vanort.core.backup``), as for every upload."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from vanort.core.permissions import edits_municipality
from vanort.core.uploads import safe_filename, store_upload
from vanort.reports.models import WordTemplate
from vanort.reports.word_template import read_template


def _check(by) -> None:
    if not edits_municipality(by, WordTemplate):
        raise PermissionDenied


def word_template_set(*, upload, by) -> WordTemplate:
    """Make ``upload`` (a .docx or .dotx) the Word template of ``by``'s municipality's reports,
    replacing the one before (whose file the sweep removes later); a file Vänort cannot read raises a ValidationError and changes nothing."""
    _check(by)
    data = read_template(upload)
    with transaction.atomic():
        template = WordTemplate.objects.select_for_update().filter(municipality_id=by.municipality_id).first()
        template = template or WordTemplate(municipality_id=by.municipality_id)
        template.file_name, template.uploaded_by = safe_filename(upload.name, default="template.docx"), by
        return store_upload(template, ContentFile(data, name="template.docx"))


def word_template_remove(*, by) -> bool:
    """Go back to the built-in layout; whether there was a template to remove."""
    _check(by)
    with transaction.atomic():
        template = WordTemplate.objects.select_for_update().filter(municipality_id=by.municipality_id).first()
        if template is None:
            return False
        template.delete()
    return True


def word_template_data(municipality_id) -> bytes | None:
    """The stored template of a municipality's reports, or ``None`` for the built-in layout."""
    template = WordTemplate.objects.filter(municipality_id=municipality_id).first() if municipality_id else None
    if template is None:
        return None
    try:
        with template.file.open("rb") as handle:
            return handle.read()
    except OSError:  # a missing file: the built-in layout rather than no report
        return None

"""The text of an uploaded document: PDF (pypdf), Word .docx (python-docx), plain text."""

from __future__ import annotations

import logging

log = logging.getLogger("vanort.search")
MAX_CHARS = 500_000
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def extract_text(file, content_type: str) -> str:
    """The document's text, or "" when it has none or cannot be read (logged, never raised)."""
    try:
        with file.open("rb") as handle:
            if content_type == PDF:
                from pypdf import PdfReader

                text = "\n".join(page.extract_text() or "" for page in PdfReader(handle).pages)
            elif content_type == DOCX:
                import docx

                document = docx.Document(handle)
                cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
                text = "\n".join([p.text for p in document.paragraphs] + cells)
            elif content_type.startswith("text/"):
                text = handle.read(MAX_CHARS * 4).decode("utf-8", "replace")
            else:
                return ""
    except Exception as error:  # a broken file must not break the upload
        log.warning("text of a %s file not extracted: %s", content_type, type(error).__name__)
        return ""
    return text.replace("\x00", "")[:MAX_CHARS]

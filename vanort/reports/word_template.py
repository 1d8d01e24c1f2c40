"""A municipality's own Word template for its reports: reading an upload, and building a report's
document on it.

An administrator uploads a .docx or .dotx made in Word or LibreOffice. The reports then start from
it: its styles (Title, Heading 1–2, Normal, Caption, the table style), its page set-up and its
header and footer; the template's own body (sample text) is dropped. In the header and footer,
``{municipality}``, ``{title}``, ``{case_number}`` and ``{date}`` are replaced by the report's. A style
the reports need that the template lacks is taken from the built-in layout, so any Word file works.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Word's content types of a document's main part and of a template's (a .dotx differs only here)
DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
#: macro-enabled documents and templates (.docm, .dotm) are refused: reports never run macros
MACRO_MAIN = (b"application/vnd.ms-word.document.macroEnabled.main+xml", b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
#: the largest template accepted (a letterhead with a logo is well under this)
MAX_BYTES = 5 * 1024 * 1024
#: the styles a report uses, by their (English, built-in) names
REPORT_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Caption", "TOC Heading")
#: the fields of the header and footer the report fills in
PLACEHOLDER = re.compile(r"\{(municipality|title|case_number|date)\}")
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _invalid():
    return ValidationError(_("The file is not a Word document or template (.docx or .dotx) that Vänort can read."), code="file_type")


def read_template(upload) -> bytes:
    """The upload as a .docx Vänort can build reports on (a template's content type rewritten to a
    document's), or a ValidationError in the user's language saying what is wrong."""
    from docx import Document

    if upload.size > MAX_BYTES:
        raise ValidationError(_("The template is %(size)s MB; the largest allowed is %(max)s MB.")
                              % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_BYTES // (1024 * 1024)}, code="too_large")
    data = upload.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
            if any(kind in types for kind in MACRO_MAIN):
                raise ValidationError(_("The file contains macros (.docm or .dotm). Save it as a Word template without macros (.dotx) or a Word document (.docx)."),
                                      code="macros")
            if TEMPLATE_MAIN in types:
                data = _with_content_types(archive, types.replace(TEMPLATE_MAIN, DOCUMENT_MAIN))
    except (zipfile.BadZipFile, KeyError):
        raise _invalid() from None
    try:
        Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a file that is not a Word document
        raise _invalid() from None
    return data


def _with_content_types(archive: zipfile.ZipFile, types: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy_:
        for item in archive.infolist():
            copy_.writestr(item, types if item.filename == "[Content_Types].xml" else archive.read(item.filename))
    return out.getvalue()


def document_from(data: bytes):
    """A new report document on the template ``data``: its body emptied (the last section's page
    set-up, header and footer kept), every style a report needs present."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(data))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _add_missing_styles(document)
    return document


def _add_missing_styles(document) -> None:
    """Copy the report styles the template lacks from python-docx's built-in template (which is
    also the reports' layout without a template of their own)."""
    from docx import Document

    present = {style.name for style in document.styles}
    missing = [name for name in REPORT_STYLES if name not in present]
    if not missing:
        return
    builtin = Document().styles
    for name in missing:
        document.styles.element.append(copy.deepcopy(builtin[name].element))


def table_style(document, preferred: str) -> str | None:
    """The reports' table style if the template has it, else Word's plain grid, else none."""
    names = {style.name for style in document.styles}
    return next((name for name in (preferred, "Table Grid") if name in names), None)


def fill_placeholders(section, values: dict[str, str]) -> None:
    """Replace ``{municipality}`` and the other fields in ``section``'s header and footer (their
    paragraphs and tables), keeping the runs' formatting where a field lies within one run."""
    parts = [section.header, section.footer, section.first_page_header, section.first_page_footer,
             section.even_page_header, section.even_page_footer]
    for part in parts:
        if part.is_linked_to_previous:
            continue
        for paragraph in part._element.iter(f"{W_NS}p"):
            _fill_paragraph(paragraph, values)


def _fill_paragraph(paragraph, values: dict[str, str]) -> None:
    texts = list(paragraph.iter(f"{W_NS}t"))
    whole = "".join(t.text or "" for t in texts)
    if not PLACEHOLDER.search(whole):
        return
    def replace(text):
        return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), text)

    if sum(len(PLACEHOLDER.findall(t.text or "")) for t in texts) == len(PLACEHOLDER.findall(whole)):
        for t in texts:  # every field within one run: replaced there, its formatting kept
            t.text = replace(t.text or "")
        return
    texts[0].text = replace(whole)  # a field split across runs (Word's spell-checker does that): one run takes the text
    for t in texts[1:]:
        t.text = ""


def has_text(part) -> bool:
    """Whether a header or footer holds anything (text, a field or a picture)."""
    element = part._element
    return any((t.text or "").strip() for t in element.iter(f"{W_NS}t")) or any(
        True for tag in ("fldSimple", "fldChar", "drawing", "pict") for _ in element.iter(f"{W_NS}{tag}"))

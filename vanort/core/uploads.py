"""Uploaded files, for every app: checked by content, counted, stored under generated names, and
served back only as downloads.

One place decides what an upload may be (``check_document``), how many a record may have
(``check_count``), how a file and its row are stored together (``store_upload``: the file first,
then the row; a row that fails removes the file, a file that fails leaves no row) and how a stored
file is sent (``download``: an attachment, ``nosniff``, a safe name).
"""

from __future__ import annotations

import codecs
import errno
import logging
import re
import unicodedata
import zipfile
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

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
                if (
                    "mimetype" in names
                    and archive.read("mimetype").strip()
                    == b"application/vnd.oasis.opendocument.text"
                ):
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
    if "\x00" in text or text.lstrip().lower().startswith(
        ("<!doctype", "<html", "<svg", "<?xml", "<script")
    ):
        return None
    return "text/plain"


def max_mb() -> int:
    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


def document_help() -> str:
    """The help text of a document upload, in the active language (call it when the form is made)."""
    return _("PDF, Word (.docx, .doc), OpenDocument text or plain text, at most %(mb)s MB.") % {"mb": max_mb()}


def check_document(upload) -> str:
    """Raise a clear ValidationError unless ``upload`` is an accepted document within the size limit."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the largest allowed is %(max)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": max_mb()},
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
            _(
                "The file is not a document Vänort accepts (PDF, Word, OpenDocument text or plain text)."
            ),
            code="file_type",
        )
    return content_type


def check_count(parent, files) -> None:
    """Refuse one more file for ``parent`` when its ``files`` (a queryset) already hold the most
    allowed (``UPLOAD_MAX_FILES``). Call inside the transaction that stores the file: the parent
    row is locked first, so two uploads at once cannot both pass the count."""
    type(parent)._default_manager.select_for_update().filter(pk=parent.pk).exists()
    if files.count() >= settings.UPLOAD_MAX_FILES:
        raise ValidationError(
            _("This record already has the most files allowed (%(max)s). Remove one before adding another.")
            % {"max": settings.UPLOAD_MAX_FILES},
            code="too_many_files",
        )


def store_upload(row, upload, *, field: str = "file"):
    """Save ``upload`` into ``row``'s file field, then the row; never one without the other.

    The file is written first. If writing fails (a full disk, a read-only folder) no row is saved
    and the user gets a clear error; if the row then fails, the file is removed again.
    """
    fieldfile = getattr(row, field)
    try:
        fieldfile.save(upload.name, upload, save=False)
    except OSError as error:
        logger.error(
            "An uploaded file could not be stored (%s).",
            errno.errorcode.get(error.errno, error.errno),
        )
        if error.errno == errno.ENOSPC:
            message = _(
                "The file could not be stored: the server's disk is full. Nothing was saved; try again later or tell the administrator."
            )
        else:
            message = _(
                "The file could not be stored on the server. Nothing was saved; try again later or tell the administrator."
            )
        raise ValidationError(message, code="storage") from None
    try:
        with transaction.atomic():
            row.save()
    except BaseException:
        fieldfile.delete(save=False)
        raise
    return row


def cut_words(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut between words (a single long word is cut)."""
    if len(text) <= limit:
        return text
    words = re.match(r"^(.*\w)[\W_]+\w*$", text[:limit + 1], flags=re.S)  # drop the word the limit falls in
    kept = words.group(1) if words and len(words.group(1)) <= limit else text[:limit]
    return kept.rstrip(" -_.")


def shorten(name: str, limit: int) -> str:
    """A file name in at most ``limit`` characters, cut between words and keeping its extension."""
    if len(name) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not (dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,8}", suffix)):
        return cut_words(name, limit)
    return cut_words(stem, max(limit - len(suffix) - 1, 1)) + "." + suffix


def safe_filename(name: str, *, default: str = "document") -> str:
    """A download name without paths, control characters or quotes that could break the header."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"';:<>|?*]+", "_", name).strip(" ._")
    return shorten(name, 150) or default


def ascii_filename(name: str) -> str:
    """The fallback for programs that do not read ``filename*``: å → a, ö → o, other letters → ``_``."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    plain = re.sub(r"[^\x20-\x7e]|[\\\"%]", "_", plain)
    return re.sub(r"_{2,}", "_", plain)


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``Content-Disposition`` after RFC 6266: an ASCII ``filename`` and the exact ``filename*``.

    Every download (files, reports, exports, calendars) names itself through this: a header
    with raw UTF-8 in ``filename`` makes Chromium save it as ``download``."""
    name = safe_filename(filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def named(response, filename: str, *, inline: bool = False):
    """``response`` with its ``Content-Disposition`` set from ``filename``."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def download(fieldfile, *, filename: str, content_type: str) -> FileResponse:
    """Serve a stored file as a download, never inline; a missing file is a 404.

    Callers decide who may see the record (through the permission gate) before calling this.
    """
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = named(FileResponse(handle, as_attachment=True, content_type=content_type), filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

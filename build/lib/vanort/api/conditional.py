"""Conditional requests: an ETag from the record's primary key and version.

* ``GET`` of a record sends ``ETag: "<pk>.<version>"``; ``If-None-Match`` with it answers 304.
* ``PUT``/``PATCH`` with ``If-Match`` whose tag is not the current one answers 412 and writes
  nothing (the write itself is a conditional UPDATE on the version, so a change between the check
  and the write is refused too).
* Without ``If-Match`` the body's ``version`` is the version the client read: a stale one
  answers 409 (as a stale form does on the pages); neither given answers 428.
"""

from __future__ import annotations

from django.utils.http import parse_etags, quote_etag


def etag_for(obj) -> str | None:
    version = getattr(obj, "version", None)
    return None if version is None else quote_etag(f"{obj.pk}.{version}")


def _tags(header: str) -> list[str]:
    return [tag.removeprefix("W/") for tag in parse_etags(header)] if header.strip() != "*" else ["*"]


def none_match(request, etag: str | None) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, as RFC 9110 asks)."""
    header = request.headers.get("If-None-Match")
    if not header or etag is None:
        return False
    tags = _tags(header)
    return "*" in tags or etag in tags


def if_match(request) -> list[str] | None:
    header = request.headers.get("If-Match")
    return _tags(header) if header is not None else None

"""Writing the index: in the same transaction as the record (signals), and rebuilt whole."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags

from vanort.search import engines
from vanort.search.kinds import KINDS, Kind
from vanort.search.models import SearchEntry

log = logging.getLogger("vanort.search")
BATCH = 500


def _label(obj, language: str) -> str:
    with translation.override(language):
        return str(obj)[:300]


def _text(obj, name: str, html: bool) -> str:
    text = str(getattr(obj, name) or "")
    return strip_tags(text) if html else text


def values(kind: Kind, obj) -> dict:
    texts = [_text(obj, name, name in kind.html) for name in kind.text_fields()]
    if kind.extra:
        texts.append(kind.extra(obj))
    url = kind.url(obj) if kind.url else obj.get_absolute_url()
    return {
        "group": kind.group,
        "label_sv": _label(obj, "sv"),
        "label_en": _label(obj, "en"),
        "body": "\n".join(t for t in texts if t),
        "url": url,
    }


def index_object(kind: Kind, obj) -> None:
    SearchEntry.objects.update_or_create(kind=kind.key, object_id=obj.pk, defaults=values(kind, obj))
    engines.refresh_vectors(SearchEntry.objects.filter(kind=kind.key, object_id=obj.pk))


def reindex(rows) -> None:
    """Index ``rows`` again after a write that reached no signal (``bulk_update``, e.g. an erasure)."""
    from vanort.search.kinds import kind_of

    for obj in rows:
        kind = kind_of(type(obj))
        if kind is not None:
            index_object(kind, obj)


def remove_object(kind: Kind, pk) -> None:
    SearchEntry.objects.filter(kind=kind.key, object_id=pk).delete()


def store_extracted(kind: Kind, pk, text: str) -> None:
    entries = SearchEntry.objects.filter(kind=kind.key, object_id=pk)
    entries.update(extracted=text)
    engines.refresh_vectors(entries)


def rebuild(*, extract: bool = True) -> dict[str, int]:
    """Index every record anew (``vanort rebuild-search``); files' text is extracted again."""
    from vanort.search.extract import extract_text

    counts = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for kind in KINDS:
            rows = kind.model._default_manager.order_by("pk")
            if kind.related:
                rows = rows.select_related(*kind.related)
            batch, n = [], 0
            for obj in rows.iterator(chunk_size=BATCH):
                entry = SearchEntry(kind=kind.key, object_id=obj.pk, **values(kind, obj))
                if kind.document and extract:
                    entry.extracted = extract_text(obj.file, obj.content_type)
                batch.append(entry)
                n += 1
                if len(batch) >= BATCH:
                    SearchEntry.objects.bulk_create(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            counts[kind.key] = n
        engines.refresh_vectors(SearchEntry.objects.all())
    return counts

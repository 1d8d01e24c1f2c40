"""The two full-text back ends behind one interface, chosen by ``connection.vendor``.

* **PostgreSQL:** ``SearchEntry.vector`` holds ``to_tsvector('swedish', …) || to_tsvector('english',
  …)`` (titles weight A, text B, file text C) under a GIN index. A query is each word as a prefix
  (``word:*``) in both configurations, all words required: Swedish and English stemming, so
  "utbyten" finds "utbyte", and "solcell" finds "solceller".
* **SQLite:** an FTS5 table (``search_entry_fts``, ``unicode61`` tokenizer, external content kept by
  triggers) over the same columns. A query is each word as a prefix (``"word"*``), all words
  required: no stemming, so "solcell" finds "solceller" but "utbyten" does not find "utbyte".

Both rank by relevance (``ts_rank`` / ``bm25``), titles counting most.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet

from vanort.search.models import SearchEntry

WORD = re.compile(r"\w+", re.UNICODE)
CONFIGS = ("swedish", "english")
FTS = "search_entry_fts"


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")][:12]


def postgres() -> bool:
    return connection.vendor == "postgresql"


def vector():
    parts = []
    for config in CONFIGS:
        parts += [
            SearchVector("label_sv", "label_en", weight="A", config=config),
            SearchVector("body", weight="B", config=config),
            SearchVector("extracted", weight="C", config=config),
        ]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def refresh_vectors(entries: QuerySet) -> None:
    """Recompute the tsvector of ``entries`` (PostgreSQL only; SQLite's triggers keep FTS5)."""
    if postgres():
        entries.update(vector=vector())


def matching(query: str) -> QuerySet:
    """The entries matching every word of ``query`` (as prefixes), annotated with ``rank``."""
    terms = words(query)
    entries = SearchEntry.objects.all()
    if not terms:
        return entries.none()
    if postgres():
        raw = " & ".join(f"{t}:*" for t in terms)
        tsquery = SearchQuery(raw, config=CONFIGS[0], search_type="raw")
        for config in CONFIGS[1:]:
            tsquery |= SearchQuery(raw, config=config, search_type="raw")
        return entries.filter(vector=tsquery).annotate(rank=SearchRank(F("vector"), tsquery))
    match = " ".join('"' + t.replace('"', "") + '"*' for t in terms)
    # A join with the FTS5 table: bm25() is computed once per match, in the MATCH query itself.
    return entries.extra(
        tables=[FTS],
        where=[f"{FTS}.rowid = search_searchentry.id", f"{FTS} MATCH %s"],
        params=[match],
        select={"rank": f"-bm25({FTS}, 10.0, 10.0, 2.0, 1.0)"},
    )

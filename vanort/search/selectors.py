"""Reading the index through the permission gate.

An entry is shown only when :func:`vanort.core.permissions.restrict` lets the user see the record
it points to, so a title never reaches someone who could not open the record. The gate's
querysets go into the one SQL statement as subqueries: a fixed number of queries, whatever the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vanort.core.permissions import VIEW, restrict
from vanort.search import engines
from vanort.search.kinds import GROUPS, KINDS

PER_PAGE = 20
SNIPPET = 240
CASE_NUMBER = re.compile(r"^\s*([A-ZÅÄÖa-zåäö]{1,10})\s+(\d{4})\s*-\s*(\d{1,7})\s*$")


@dataclass
class Result:
    title: SafeString
    snippet: SafeString
    url: str
    group: str

    @property
    def group_label(self) -> str:
        return GROUPS.get(self.group, "")


@dataclass
class Results:
    query: str
    groups: list[tuple[str, str, int]]  # key, label, count
    total: int
    page: Page | None
    results: list[Result]


def visible(user):
    """The index entries of records ``user`` may open."""
    allowed = Q(pk__in=[])
    for kind in KINDS:
        allowed |= Q(kind=kind.key, object_id__in=restrict(kind.model._default_manager.all(), user, VIEW).values("pk"))
    return allowed


def decision_for_case_number(user, query: str):
    """The decision whose case number is exactly ``query`` ("KS 2017-494"), if the user may see it."""
    from vanort.governance.models import Decision

    found = CASE_NUMBER.match(query or "")
    if not found:
        return None
    number = f"{found[1].upper()} {found[2]}-{found[3]}"
    decisions = restrict(Decision.objects.filter(case_number=number), user, VIEW)
    return decisions.first() if decisions.count() == 1 else None


def search(user, query: str, *, group: str = "", page: int | str = 1) -> Results:
    entries = engines.matching(query).filter(visible(user))
    counts = dict(entries.order_by().values_list("group").annotate(n=Count("pk")).values_list("group", "n"))
    groups = [(key, label, counts[key]) for key, label in GROUPS.items() if counts.get(key)]
    shown = entries.filter(group=group) if group in counts else entries
    paginator = Paginator(shown.order_by("-rank", "pk").only("group", "label_sv", "label_en", "body", "extracted", "url"),
                          PER_PAGE)
    paginator.count = counts.get(group) if group in counts else sum(counts.values())
    current = paginator.get_page(page) if paginator.count else None
    terms = engines.words(query)
    results = [
        Result(highlight(entry_label(e), terms), snippet(_without(f"{e.body}\n{e.extracted}", e), terms), e.url, e.group)
        for e in (current.object_list if current else [])
    ]
    return Results(query, groups, sum(counts.values()), current, results)


def _without(text: str, entry) -> str:
    """The entry's text without its title, which the result already shows."""
    for label in {entry.label_sv, entry.label_en}:
        text = text.replace(label, " ") if label else text
    return text


def entry_label(entry) -> str:
    from django.utils.translation import get_language

    return entry.label_en if (get_language() or "sv").startswith("en") and entry.label_en else entry.label_sv


def _matches(word: str, terms: list[str]) -> bool:
    word = word.lower()
    # A word is highlighted when it starts with a query word, or (stemming, on PostgreSQL) when
    # they share all but the query word's last two letters.
    return any(word.startswith(t) or (len(t) > 4 and word.startswith(t[:-2])) for t in terms)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with the words that match ``terms`` in ``<mark>``."""
    out, last = [], 0
    for match in engines.WORD.finditer(text):
        if _matches(match.group(), terms):
            out.append(escape(text[last:match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, terms: list[str]) -> SafeString:
    """About 240 characters of ``text`` around its first matching word, highlighted."""
    text = " ".join(text.split())
    first = next((m.start() for m in engines.WORD.finditer(text) if _matches(m.group(), terms)), 0)
    start = max(0, first - SNIPPET // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    part = text[start:start + SNIPPET]
    cut = len(text) > start + SNIPPET
    return highlight(("… " if start else "") + part + (" …" if cut else ""), terms)

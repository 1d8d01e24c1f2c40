"""Records linked both ways across apps: a page of a lower app (a partnership in ``registry``) shows
the records of higher apps that concern it (its decisions in ``governance``, its plans in
``plans``) without importing them.

A higher app registers a *provider* for a lower model in its ``AppConfig.ready``::

    related.register(Partnership, partnership_plans)

A provider is ``provider(obj, user) -> Section | None``: the records that concern ``obj`` and
that ``user`` may see (every query through the gate's ``restrict``), in a fixed number of
queries however many there are. The generic detail page (``core/detail.html``) shows every
section of its record after the page's own (see docs/decisions/0006-related-records.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

_PROVIDERS: dict[type, list[tuple[int, Callable]]] = {}


@dataclass
class Item:
    """One related record as a line: its link text and address, and what else to say of it (a
    date, a status) and further links (``(text, url)``, e.g. the decision an agreement rests on)."""

    text: str
    url: str
    note: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    """A heading and its items; ``more`` is ``(text, url)`` of the full list (e.g. the activity list
    filtered to the partnership) when only the recent few are shown."""

    key: str
    heading: str
    items: list[Item]
    empty: str = ""
    more: tuple[str, str] | None = None
    add: tuple[str, str] | None = None


def register(model: type, provider: Callable, *, order: int = 100) -> None:
    """Show ``provider(obj, user)``'s section on the pages of ``model``'s records (lower ``order``
    first). Registering the same provider twice (``ready`` run again) keeps one."""
    providers = _PROVIDERS.setdefault(model, [])
    if all(existing is not provider for _order, existing in providers):
        providers.append((order, provider))
        providers.sort(key=lambda pair: pair[0])


def sections(obj, user) -> list[Section]:
    """The sections of records that concern ``obj``, as ``user`` may see them; empty ones of
    records ``user`` may not list at all are left out by their providers (``None``)."""
    found = []
    for _order, provider in _PROVIDERS.get(type(obj), ()):
        section = provider(obj, user)
        if section is not None:
            found.append(section)
    return found

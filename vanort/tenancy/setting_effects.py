"""What a change of a municipality's settings moves elsewhere, told before it is saved.

The settings live here, low in the dependency order; the records they move (follow-ups of
governing documents, whose terms of office come from the settings) live in higher apps. Those
apps register an :class:`Effect` in their ``AppConfig.ready``: ``warn`` says, in numbers, what
saving would move (nothing: ``""``), and ``apply`` moves it once the change is saved. The
settings page shows the warnings and asks for a confirmation before it saves.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Effect:
    #: (stored municipality, changed unsaved copy, today) → a sentence, or "" when nothing moves.
    warn: Callable[..., str]
    #: (saved municipality) → None: bring the dependent records in line with the new settings.
    apply: Callable[..., None]


_EFFECTS: list[Effect] = []


def register(effect: Effect) -> None:
    if effect not in _EFFECTS:
        _EFFECTS.append(effect)


def warnings(stored, changed, today: datetime.date) -> list[str]:
    return [text for text in (effect.warn(stored, changed, today) for effect in _EFFECTS) if text]


def apply(municipality) -> None:
    for effect in _EFFECTS:
        effect.apply(municipality)

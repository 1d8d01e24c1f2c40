"""Is a page in the reader's language? Reusable checks of a page's visible text.

``wrong_language(html, "sv")`` lists the English phrases a Swedish page shows, and
``wrong_language(html, "en")`` the Swedish phrases an English page shows. The phrases come from
the message catalogues Django loads for Swedish (ours, Django's and the third-party apps'): a
source string whose Swedish translation differs is English, its translation Swedish. Only phrases
of at least :data:`MIN_WORDS` words count (single words such as "Status" or "Region" are the
same in both languages, or occur in names); :data:`KNOWN_ENGLISH` adds strings of Django and its
apps that have no Swedish translation at all and so are not in any Swedish catalogue.

What a person meets is checked: text outside ``<script>``, ``<style>`` and ``<template>``, the
``<title>``, and the ``alt``, ``title``, ``aria-label`` and ``placeholder`` attributes and the
labels of input buttons. Text inside an element whose ``lang`` names another language is that
language on purpose (the language switch's "In English" on a Swedish page) and is skipped.

The server-side scan (``tests/test_page_language.py``) and the Chromium crawl both call
:func:`wrong_language`; the crawl may pass ``page.content()``.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

#: A phrase must have this many words to count: fewer give false alarms on names and shared words.
MIN_WORDS = 2

#: English of Django and third-party apps that no Swedish catalogue translates (or that we
#: replace), so that it cannot be found from a msgid. Matched as whole words, case-sensitively.
KNOWN_ENGLISH = (
    "Select an option",
    "Historical",
    "IP Address",
    "IP address",
    "This field is required",
    "Enter a valid",
    "Ensure this value",
    "Save",
    "Submit",
    "User agent",
    "Attempt time",
    "Change reason",
)

SKIPPED_ELEMENTS = {"script", "style", "template"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")


class _VisibleText(HTMLParser):
    """Collects the visible text of a page in its language (see the module's docstring)."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, this element or an ancestor is skipped)
        self.parts: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = (attributes.get("lang") or "").split("-")[0].lower()
        skipped = self.skipping or tag in SKIPPED_ELEMENTS or (tag != "html" and lang not in ("", self.language))
        if not skipped:
            self.parts.extend(attributes[name] for name in TEXT_ATTRIBUTES if attributes.get(name))
            if tag == "input" and (attributes.get("type") or "").lower() in ("submit", "button", "reset") and attributes.get("value"):
                self.parts.append(attributes["value"])
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Close up to the matching element (browsers forgive a missing </p> or </li>).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str, language: str) -> str:
    """The page's text a person reads or hears in ``language``, whitespace collapsed, one space
    between the pieces."""
    parser = _VisibleText(language)
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def _phrases(text: str) -> list[str]:
    """The literal pieces of a message with at least :data:`MIN_WORDS` words; placeholders split it."""
    pieces = []
    for piece in PLACEHOLDER.split(text):
        piece = " ".join(piece.split()).strip(" .,:;–—-()“”\"'")
        if len(WORD.findall(piece)) >= MIN_WORDS:
            pieces.append(piece)
    return pieces


@functools.lru_cache(maxsize=1)
def catalogue_phrases() -> dict[str, frozenset[str]]:
    """``{"sv": English phrases that must not be on a Swedish page, "en": Swedish phrases that
    must not be on an English page}``, from every catalogue Django merges for Swedish."""
    from django.utils.translation import trans_real

    english, swedish = set(KNOWN_ENGLISH), set()
    for key, translated in trans_real.translation("sv")._catalog.items():
        source = key[0] if isinstance(key, tuple) else key
        if not source or not translated:
            continue
        source = source.split("\x04")[-1]  # msgctxt\x04msgid
        if " ".join(source.split()) == " ".join(translated.split()):
            continue
        source_pieces, translated_pieces = _phrases(source), _phrases(translated)
        english.update(source_pieces)
        swedish.update(translated_pieces)
    # A phrase that is both (the same words in a longer message of each language) proves nothing.
    both = english & swedish
    return {"sv": frozenset(english - both), "en": frozenset(swedish - both)}


def _as_word(phrase: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


def wrong_language(html: str, language: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """The phrases of the other language in the page's visible text (each with a little of what
    surrounds it), sorted; empty when the page is in ``language``. ``allowed`` lists texts that
    may be there anyway (names and other content typed in the other language)."""
    text = visible_text(html, language)
    for allowed_text in allowed:
        text = text.replace(allowed_text, " ")
    found = {}
    for phrase in catalogue_phrases()[language]:
        if phrase not in text:
            continue
        match = _as_word(phrase).search(text)
        if match is None:
            continue
        # Report the longest phrase only: "Log in" inside "Log in again" is the same finding.
        found[phrase] = text[max(0, match.start() - 40): match.end() + 40]
    longest = [p for p in found if not any(p != q and p in q for q in found)]
    return sorted(f"{phrase!r} in …{found[phrase]}…" for phrase in longest)

"""Is a page's visible text in the page's language? ``visible_text_language_problems(text, lang)``.

The phrases come from the message catalogue: on a Swedish page no English source string
(``msgid``) may show, on an English page no Swedish translation (``msgstr``). Only entries whose
source and translation differ and that have at least two words are used (one word such as "Status"
or "Start" is the same in both languages too often to tell), and a phrase that also occurs inside
a phrase of the other language is left out (so "Vänort" never counts as English). Django's own
English strings that the catalogue does not hold are listed in ``DJANGO_ENGLISH``.

Kept in one place so that it can be merged with the server-side checker of the catalogue.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

from tests.test_i18n import PO, parse_po

#: English strings of Django and its apps that reach our pages without passing our catalogue.
DJANGO_ENGLISH = (
    "Select an option",
    "Historical ",
    "IP Address",
    "This field is required",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")
WORD = re.compile(r"\w+")


def _fragments(message: str) -> list[tuple[str, ...]]:
    """The literal parts of a message between its placeholders and markup, as words (two or more)."""
    pieces = (WORD.findall(part) for part in PLACEHOLDER.split(message.replace("%%", "%")))
    return [tuple(words) for words in pieces if len(words) >= 2]


@functools.cache
def phrases() -> dict[str, frozenset[tuple[str, ...]]]:
    """Per language, its phrases (as words) that must not show on a page in the other language."""
    found = {"en": set(), "sv": set()}
    for entry in parse_po(PO):
        sources = [entry["id"]] + ([entry["plural"]] if entry["plural"] else [])
        translations = list(entry["strs"].values())
        if not entry["id"] or set(sources) == set(translations):
            continue
        found["en"].update(fragment for source in sources for fragment in _fragments(source))
        found["sv"].update(fragment for text in translations for fragment in _fragments(text))

    def inside(phrase, others: str) -> bool:
        return f" {' '.join(phrase)} " in others

    spelled = {lang: "\n".join(f" {' '.join(p)} " for p in found[lang]) for lang in found}
    return {
        "en": frozenset(p for p in found["en"] if not inside(p, spelled["sv"])),
        "sv": frozenset(p for p in found["sv"] if not inside(p, spelled["en"])),
    }


@functools.cache
def _by_first_words(language: str) -> dict[tuple[str, str], tuple[tuple[str, ...], ...]]:
    index = {}
    for phrase in phrases()[language]:
        index.setdefault(phrase[:2], []).append(phrase)
    return {key: tuple(value) for key, value in index.items()}


def visible_text_language_problems(text: str, lang: str) -> list[str]:
    """The phrases of the other language found in ``text`` (a page in language ``lang``), sorted.

    ``lang`` is "sv" or "en"; ``text`` has one line per text node (a label, a button, a paragraph).
    Words are compared case-sensitively, punctuation between them is ignored. A phrase of three
    words or more counts anywhere; a two-word phrase only as a line of its own, as labels and
    buttons are, since inside a sentence someone typed it is too often just those two words.
    Each problem is the phrase found; Django's strings are prefixed with "Django: ".
    """
    index = _by_first_words({"sv": "en", "en": "sv"}[lang])
    found = set()
    for line in text.splitlines():
        words = WORD.findall(line)
        for start in range(len(words) - 1):
            for phrase in index.get((words[start], words[start + 1]), ()):
                if len(phrase) == 2 and len(words) != 2:
                    continue
                if tuple(words[start : start + len(phrase)]) == phrase:
                    found.add(" ".join(phrase))
    if lang == "sv":
        found.update(f"Django: {phrase.strip()}" for phrase in DJANGO_ENGLISH if phrase in text)
    return sorted(found)


class _TextOfPage(HTMLParser):
    """The text of a page's body as read from its HTML (without layout: hidden text counts too),
    with the accessible names and hints, leaving out elements marked as another language."""

    SKIPPED = {"script", "style", "template", "noscript"}
    ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, whether its text is left out)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang") or ""
            return
        outer = self.stack[-1][1] if self.stack else False
        marked = attrs.get("lang")
        skipped = outer or tag in self.SKIPPED or bool(marked and not marked.startswith(self.lang))
        if not skipped:
            self.texts.extend(attrs[name] for name in self.ATTRIBUTES if attrs.get(name))
            if tag == "input" and attrs.get("type") == "submit" and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1][1]):
            self.texts.append(data)


def html_text(html: str) -> tuple[str, str]:
    """(``<html lang>``, the page's text) of an HTML document, for a check without a browser."""
    parser = _TextOfPage()
    parser.feed(html)
    parser.close()
    return parser.lang, "\n".join(parser.texts)

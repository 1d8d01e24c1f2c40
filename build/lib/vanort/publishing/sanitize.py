"""The one allow-list for rich text that the public reads (news bodies).

Only a handful of tags survive; links keep only ``href`` with an http, https or mailto address.
Everything else — scripts, styles, event handlers, ``javascript:`` links, images — is removed.
"""

from __future__ import annotations

import re

import nh3

TAGS = frozenset({"p", "a", "strong", "em", "ul", "ol", "li", "h2", "h3", "blockquote", "br"})
ATTRIBUTES = {"a": frozenset({"href"})}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Removed together with their content, not just unwrapped.
CLEAN_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_html(html: str | None) -> str:
    """``html`` reduced to the allow-list; safe to render unescaped."""
    if not html:
        return ""
    return nh3.clean(
        _CONTROL.sub("", html),
        tags=set(TAGS),
        clean_content_tags=set(CLEAN_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(value) -> str:
    """One line of plain text: line breaks and runs of spaces folded, control characters removed.

    For titles in feeds, calendars and exports. Markup in a title is text, not markup: it is kept
    as typed and escaped by each format's writer, so that it can never break the format.
    """
    if value is None:
        return ""
    return " ".join(_CONTROL.sub("", str(value)).split())

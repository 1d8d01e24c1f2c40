"""Cells of the CSV and Excel files that Vänort writes: text is text, never a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula — "CSV injection". Every export writes text through
:func:`formula_safe`, which puts an apostrophe in front of such text, as Excel itself does when
one types text that looks like a formula; the activity import takes the apostrophe off again.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Control characters that XML 1.0, and so an .xlsx file, cannot hold (openpyxl refuses them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def formula_safe(value):
    """``value`` unchanged, unless it is text a spreadsheet would read as a formula.

    Control characters that a workbook cannot store are dropped from text as well.
    """
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unquote_formula(text: str) -> str:
    """The text that :func:`formula_safe` guarded, as typed (for reading an export back in)."""
    if text[:1] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text

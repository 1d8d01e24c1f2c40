"""Numbers as people type them: in the page's language, or in the other common way.

Swedish writes "1 234,50", English "1,234.50". A form accepts both ways on either page, as long as
the text can be read one way only; the reader's own language decides what is left open:

* the language's own decimal separator is a decimal separator: "1234,50" in Swedish, "1234.50" in
  English; a space (also a no-break or thin space) only ever groups thousands;
* with both "," and "." the last one is the decimal separator: "5,000.00" and "5.000,00" are 5000;
* a separator that occurs more than once groups thousands: "1,234,567" and "1.234.567";
* the other language's separator alone is decimal when it cannot group thousands ("1234.5" and
  "0.095" in Swedish, "1234,50" in English). When it could ("1.234" on a Swedish page: 1.234 or
  1234?) English's "," groups thousands on an English page, and a Swedish page asks which was meant.

Anything else — letters, "1,2,3", "12 34", two decimal separators — is refused with a message
that shows the expected way in the reader's language (:func:`number_example`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
SHAPE = re.compile(r"(?:\d+|(?=[.,]\d))(?:[ .,]\d+)*")
MINUS = "-\u2212"


def _separators(language: str) -> tuple[str, str]:
    """(decimal separator, thousands separator other than a space, or "") of ``language``."""
    decimal = formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True)
    thousands = formats.get_format("THOUSAND_SEPARATOR", language, use_l10n=True)
    return decimal, "" if not thousands or thousands.isspace() else thousands


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "sv").split("-")[0]


EXAMPLE = Decimal("1234.5")


def number_example(language: str | None = None, *, value: Decimal = EXAMPLE, decimals: int = 2) -> str:
    """``value`` as the language writes it with ``decimals`` decimals: "1 234,50", "1,234.50"."""
    with translation.override(_language(language)):
        return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _example_help(value: Decimal = EXAMPLE, decimals: int = 2) -> str:
    return _("For example %(example)s") % {"example": number_example(value=value, decimals=decimals)}


#: The help text of a number input, in the reader's language when shown: "Till exempel 1 234,50".
example_help = lazy(_example_help, str)


def _refuse(text: str, language: str) -> ValidationError:
    return ValidationError(
        _("“%(value)s” is not a number. Write it as, for example, %(example)s.")
        % {"value": text, "example": number_example(language)},
        code="invalid",
    )


def _groups_thousands(runs: list[str]) -> bool:
    """Do these digit runs read as thousands groups ("1", "234", "567")?"""
    first, *rest = runs
    return 1 <= len(first) <= 3 and not (first.startswith("0") and rest) and all(len(run) == 3 for run in rest)


def parse_number(text: str, *, language: str | None = None) -> Decimal:
    """The number ``text`` means on a page in ``language`` (the active one by default).

    Raises :class:`ValidationError` (in the active language) for text that is no number or that
    could be read two ways.
    """
    language = _language(language)
    original = text
    body = SPACES.sub(" ", str(text).strip())
    sign = ""
    if body and body[0] in MINUS + "+":
        sign, body = ("-" if body[0] in MINUS else ""), body[1:].lstrip()
    if not SHAPE.fullmatch(body):
        raise _refuse(original, language)
    pieces = re.split(r"([ .,])", body)
    runs, separators = pieces[0::2], pieces[1::2]
    own_decimal, own_thousands = _separators(language)
    marks = [s for s in separators if s != " "]

    decimal = None  # the separator that starts the decimals, if any
    if len(set(marks)) == 2:
        decimal = marks[-1]
    elif len(marks) == 1:
        mark = marks[0]
        could_group = separators[-1] == mark and " " not in separators and _groups_thousands(runs)
        if mark == own_decimal or not could_group:
            decimal = mark
        elif mark != own_thousands:
            raise ValidationError(
                _("“%(value)s” can be read two ways. Write %(decimal)s for a decimal number or %(whole)s for a whole one.")
                % {
                    "value": original,
                    "decimal": formats.number_format(_plain(runs, decimal_at=1), use_l10n=True),
                    "whole": formats.number_format(_plain(runs), use_l10n=True, force_grouping=True),
                },
                code="ambiguous",
            )

    if decimal is not None:
        if separators[-1] != decimal or separators.count(decimal) != 1:
            raise _refuse(original, language)
        whole, fraction = runs[:-1], runs[-1]
        grouping = separators[:-1]
    else:
        whole, fraction = runs, ""
        grouping = separators
    if grouping and (len(set(grouping)) != 1 or not whole[0] or not _groups_thousands(whole)):
        raise _refuse(original, language)
    return Decimal(f"{sign}{''.join(whole) or '0'}" + (f".{fraction}" if fraction else ""))


def _plain(runs: list[str], decimal_at: int | None = None) -> Decimal:
    """The digit runs joined as a whole number, or with the decimals starting at run ``decimal_at``."""
    if decimal_at is None:
        return Decimal("".join(runs))
    return Decimal("".join(runs[:decimal_at]) + "." + "".join(runs[decimal_at:]))

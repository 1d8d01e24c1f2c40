"""Personal data stays out of the logs.

:class:`PersonalDataFilter` sits on every log handler (``settings.LOGGING``). It masks e-mail
addresses, telephone numbers and private calendar tokens in each message, and it withholds exception *messages* from
tracebacks — they may echo stored values (a database error quoting a row, a form value) — while
keeping the exception's type and the stack, which is what a developer needs. Vänort's own log
calls name records by primary key only; django-axes masks the username and address it would log.
"""

from __future__ import annotations

import copy
import logging
import re
import traceback

WITHHELD = "[message withheld: it may hold personal data]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A telephone number: + and the country code, or a leading 0, then six or more digits with spaces,
# dashes, dots or brackets between. Record numbers, years and case numbers do not start so.
PHONE = re.compile(r"(?<![\w.+-])(?:\+\d|\(?0)(?:[\s().-]{0,2}\d){6,}(?!\w)")
# A private calendar's address is its password: /calendar/<token>.ics is logged as /calendar/….ics.
CALENDAR_TOKEN = re.compile(r"(/calendar/)[^/?#\s\"]+(\.ics)")


def redact(text: str) -> str:
    return CALENDAR_TOKEN.sub(r"\1…\2", PHONE.sub("[phone]", EMAIL.sub("[e-mail]", text)))


def withheld_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` (and of the exceptions it was raised from), messages withheld."""
    chain, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    parts = []
    for position, item in enumerate(reversed(chain)):
        if position:
            parts.append("\nThe above exception led to the following exception:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(item.__traceback__))
        parts.append(f"{type(item).__module__}.{type(item).__qualname__}: {WITHHELD}\n")
    return "".join(parts).rstrip("\n")


class PersonalDataFilter(logging.Filter):
    """Returns a cleaned copy of the record (Python 3.12+), so other handlers are not affected."""

    def filter(self, record: logging.LogRecord) -> logging.LogRecord:
        record = copy.copy(record)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the template, drop the arguments
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = withheld_traceback(record.exc_info[1])
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

"""gunicorn's access log without secrets: ``--logger-class vanort.core.access_log.AccessLogger``.

A private calendar's address is its password (``/calendar/<token>.ics``); every server command
(``vanort serve`` and the documented production gunicorn, docs/operations.md) logs it masked,
in any log format: the request line, the path and any header or environment value that holds it.
Query strings are left out (a search may be a person's name or e-mail address).
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from vanort.core.logging import redact


def mask(value):
    return redact(value) if isinstance(value, str) else value


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')} {environ['SERVER_PROTOCOL']}"
        atoms["q"] = "-"
        atoms = {key: mask(value) for key, value in atoms.items()}
        for key in ("{raw_uri}e", "{query_string}e"):
            atoms.pop(key, None)
        return atoms

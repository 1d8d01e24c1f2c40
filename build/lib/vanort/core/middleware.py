"""Central request guards: malformed requests turned away before any view sees them, and faults
the site answers calmly (the database gone or locked, a request body too large).

``RejectNulBytesMiddleware`` answers 400 to a NUL byte anywhere PostgreSQL would choke on it.

``DatabaseUnavailableMiddleware`` turns a database that cannot be reached (or stays locked past the
timeout) into a plain "temporarily unavailable" page — HTTP 503 with ``Retry-After`` — in the
user's language, rendered without touching the database (no session, no user, no context
processors). The request's transaction has already been rolled back by ``transaction.atomic``
when the error reaches it, so nothing is half-written; the next request opens a new connection,
so the site recovers by itself when the database returns.

Django converts an exception raised inside any middleware into a response at that middleware's
boundary, so an outer middleware never sees it: errors in views reach ``process_exception`` here,
errors raised in other middleware (a session saved, a user looked up) reach ``handler500``, which
hands them to ``unavailable_response`` as well (``vanort.core.errors.server_error``).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger("vanort.faults")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def request_language(request) -> str:
    """The user's language from the URL, cookie or Accept-Language — never from the database."""
    code = getattr(request, "LANGUAGE_CODE", None)
    if code in dict(settings.LANGUAGES):
        return code
    return translation.get_language_from_request(request)


def plain_page(request, *, template: str, status: int, context: dict | None = None) -> HttpResponse:
    """A page rendered from ``template`` alone, without context processors or the database."""
    language = request_language(request)
    with translation.override(language):
        html = render_to_string(template, {"LANGUAGE_CODE": language, **(context or {})})
    response = HttpResponse(html, status=status)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def unavailable_response(request, error: BaseException) -> HttpResponse:
    # Only the kind of error and the path: no user, address, query string or SQL.
    logger.warning(
        "Database unavailable (%s) during %s %s; answered 503.",
        type(error).__name__,
        request.method,
        request.path,
    )
    response = plain_page(request, template="core/unavailable.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request, exception)
        return None


class RequestTooLargeMiddleware:
    """A request body larger than an upload may be is refused at once, with a clear 413 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return too_large_response(request)
        return self.get_response(request)


def too_large_response(request) -> HttpResponse:
    logger.info("Request body too large during %s %s; answered 413.", request.method, request.path)
    mb = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    return plain_page(request, template="core/too_large.html", status=413, context={"max_mb": mb})


NUL = "\x00"


class RejectNulBytesMiddleware:
    """A NUL byte in the path, the query string or a posted form answers 400.

    No text in Vänort may hold one, and PostgreSQL refuses it in a text column with an error
    (a 500) — so it is turned away here, once, for every page and the API. Multipart posts are
    left to the forms (Django's ``CharField`` rejects NUL with a field error), so that reading
    the body here never touches uploads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)


def _has_nul(request) -> bool:
    if NUL in request.path_info or _in_query(request.GET):
        return True
    return (
        request.method == "POST"
        and request.content_type == "application/x-www-form-urlencoded"
        and _in_query(request.POST)
    )


def _in_query(query) -> bool:
    return any(NUL in text for key, values in query.lists() for text in (key, *values))

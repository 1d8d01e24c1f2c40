"""Central guards against malformed requests, before any view sees them."""

from __future__ import annotations

from django.core.exceptions import BadRequest

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

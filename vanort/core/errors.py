"""Error pages in the user's language, without stack traces or details about the record.

They never echo what was asked for (the address may hold a name or an e-mail address): the
language switch and the login link return to the start page (``return_path``)."""

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from vanort.core.middleware import DATABASE_ERRORS, too_large_response, unavailable_response


def _page(request, status, title, text):
    context = {"status": status, "title": title, "text": text, "return_path": "/"}
    return render(request, "core/error.html", context, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        return too_large_response(request)
    return _page(request, 400, _("Bad request"), _("The request could not be understood. Check the address and try again."))


def forbidden(request, exception=None):
    return _page(request, 403, _("Not allowed"), _("You can see this, but your role does not allow this action."))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form posted without a valid token (expired session, another site)."""
    return _page(request, 403, _("The form could not be sent"),
                 _("The form had expired or came from elsewhere; go back, reload and try again."))


def not_found(request, exception=None):
    return _page(request, 404, _("Page not found"), _("There is nothing here, or nothing you may see."))


def server_error(request):
    # A database error raised in a middleware (session, user) rather than a view arrives here.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return unavailable_response(request, error)
    return _page(request, 500, _("Something went wrong"), _("The error has been logged. Try again in a moment."))

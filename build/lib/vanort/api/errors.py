"""Errors as structured JSON that names the field: ``{"field": ["message", …]}``.

DRF's validation errors already have that shape; a Django ``ValidationError`` raised by a service
or a model constraint is turned into the same (form-wide messages under ``non_field_errors``), and a
version conflict from :func:`vanort.core.versioning.save_versioned` into 409 under ``version``.
Messages are translated into the request's language (``Accept-Language``).
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from vanort.core.versioning import ConflictError


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record has changed since you read it (If-Match does not match its ETag); nothing was saved.")
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _("Send If-Match with the record's ETag, or the version you read in the body's “version” field.")
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def field_errors(error: DjangoValidationError) -> dict:
    detail = as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(detail.pop(NON_FIELD_ERRORS))
    return detail


def exception_handler(exc, context):
    if isinstance(exc, ConflictError):
        exc = Conflict({"version": list(exc.messages)})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_errors(exc))
    return drf_exception_handler(exc, context)

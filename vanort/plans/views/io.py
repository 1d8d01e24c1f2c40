"""Pages: importing activities from CSV/XLSX, the import templates, and exports of any filtered list.

URL names (namespace ``plans``):

- ``activity_import`` — GET: the form and the column reference; POST: import, then the result
  (created/updated/unchanged) or the table of bad rows with status 400 and nothing written.
  Signed-in users who may add activities (the gate's ``can_add``).
- ``activity_import_template`` — ``?format=csv|xlsx``: header and example rows. Same users.
- ``activity_export`` — ``?format=csv|xlsx`` plus the activity list's filter parameters. Signed-in
  users only (anonymous → login); the gate decides which rows and cost lines they get.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vanort.core.downloads import CSV_TYPE, XLSX_TYPE
from vanort.core.permissions import VIEW, can_add, restrict
from vanort.core.uploads import named
from vanort.plans.filters import ActivityFilterSet
from vanort.plans.models import Activity
from vanort.plans.services import exports
from vanort.plans.services.imports import (
    COLUMNS,
    REQUIRED_COLUMNS,
    RowError,
    import_activities,
    sniff_format,
)


def _may_import(user) -> bool:
    return user.is_authenticated and user.municipality_id is not None and can_add(user, Activity)


def _check_upload(upload) -> str | None:
    """A clear reason to refuse the upload before reading it, or ``None``."""
    if upload is None:
        return _("Choose a CSV or XLSX file to import.")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        return _("The file is %(size)s MB; the largest allowed is %(max)s MB.") % {
            "size": round(upload.size / 1024 / 1024, 1), "max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
    if upload.size == 0:
        return _("The file is empty.")
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if sniff_format(head, upload) is None:
        return _("The file is neither CSV (UTF-8 text) nor an Excel workbook (XLSX).")
    return None


def _column_help():
    return {
        "columns": COLUMNS,
        "required": REQUIRED_COLUMNS,
        "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
    }


@require_http_methods(["GET", "POST"])
def activity_import(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_import(request.user):
        raise PermissionDenied
    context = _column_help()
    if request.method == "GET":
        return render(request, "plans/io_import.html", context)
    upload = request.FILES.get("file")
    problem = _check_upload(upload)
    if problem:
        context["errors"] = [RowError(0, "", problem)]
        return render(request, "plans/io_import.html", context, status=400)
    result = import_activities(upload, user=request.user)
    if not result.ok:
        context["errors"] = result.errors
        return render(request, "plans/io_import.html", context, status=400)
    context["result"] = result
    return render(request, "plans/io_import.html", context)


@require_GET
def activity_import_template(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_import(request.user):
        raise PermissionDenied
    if request.GET.get("format") == "xlsx":
        return named(HttpResponse(exports.template_xlsx(), content_type=XLSX_TYPE), "vanort-activities-template.xlsx")
    return named(HttpResponse(exports.template_csv(), content_type=CSV_TYPE), "vanort-activities-template.csv")


@require_GET
def activity_export(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    activities = restrict(Activity.objects.all(), request.user, VIEW)
    params = request.GET.copy()
    fmt = params.pop("format", ["csv"])[-1]
    for ignored in ("page", "sort"):
        params.pop(ignored, None)
    filterset = ActivityFilterSet(params or None, queryset=activities, request=request)
    if filterset.is_bound and not filterset.is_valid():
        activities = activities.none()
    else:
        activities = filterset.qs
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        return named(FileResponse(exports.xlsx_file(activities, request.user), as_attachment=True, content_type=XLSX_TYPE),
                     f"vanort-activities-{stamp}.xlsx")
    return named(StreamingHttpResponse(exports.csv_chunks(activities, request.user), content_type=CSV_TYPE),
                 f"vanort-activities-{stamp}.csv")


urlpatterns = [
    path("activities/import/", activity_import, name="activity_import"),
    path("activities/import/template/", activity_import_template, name="activity_import_template"),
    path("activities/export/", activity_export, name="activity_export"),
]

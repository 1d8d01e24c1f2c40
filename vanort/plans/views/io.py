"""Pages: importing activities from CSV/XLSX, the import templates, and exports of any filtered list.

URL names (namespace ``plans``):

- ``activity_import`` — GET: the form and the column reference; POST: import, then the result
  (created/updated/unchanged) or the table of bad rows with status 400 and nothing written.
  Signed-in users who may add activities (the gate's ``can_add``).
  A file of more than ``BACKGROUND_ROWS`` rows is imported by a background task instead: the
  answer is a redirect to its job page.
- ``import_job`` — the uploader's own background import: progress (the page refreshes itself,
  no JavaScript needed), then what was imported or the table of bad rows.
- ``activity_import_template`` — ``?format=csv|xlsx``: header and example rows. Same users.
- ``activity_export`` — ``?format=csv|xlsx`` plus the activity list's filter parameters. Signed-in
  users only (anonymous → login); the gate decides which rows and cost lines they get.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from vanort.core.downloads import CSV_TYPE, XLSX_TYPE
from vanort.core.permissions import VIEW, can_add, restrict
from vanort.core.uploads import named
from vanort.plans.filters import ActivityFilterSet
from vanort.plans.models import Activity, ImportJob
from vanort.plans.services import exports
from vanort.plans.services.import_milestones import MILESTONE_COLUMNS
from vanort.plans.services.imports import (
    BACKGROUND_ROWS,
    COLUMNS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    ImportResult,
    RowError,
    import_activities,
    more_rows_than,
    sniff_format,
)
from vanort.plans.tasks import run_import


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


def _my_imports(user):
    return restrict(ImportJob.objects.all(), user, VIEW).filter(requested_by=user)


def _column_help(user):
    return {
        "jobs": list(_my_imports(user)[:5]),
        "columns": COLUMNS,
        "milestone_columns": MILESTONE_COLUMNS,
        "required": REQUIRED_COLUMNS,
        "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
        "background_rows": BACKGROUND_ROWS,
    }


@require_http_methods(["GET", "POST"])
def activity_import(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_import(request.user):
        raise PermissionDenied
    context = _column_help(request.user)
    if request.method == "GET":
        return render(request, "plans/io_import.html", context)
    upload, milestones = request.FILES.get("file"), request.FILES.get("milestones")
    problem = _check_upload(upload) or (_check_upload(milestones) if milestones is not None else None)
    if problem:
        context["errors"] = [RowError(0, "", problem)]
        return render(request, "plans/io_import.html", context, status=400)
    upload.seek(0)
    if more_rows_than(upload, sniff_format(upload.read(4096), upload), BACKGROUND_ROWS):
        if milestones is not None:
            # The background job keeps one file: a large import carries its milestones on the XLSX file's second sheet.
            context["errors"] = [RowError(0, "milestones", _(
                "A file of more than %(rows)s rows is imported in the background, from one file: put the milestones on "
                "a sheet named “milestones” of an XLSX file.") % {"rows": BACKGROUND_ROWS})]
            return render(request, "plans/io_import.html", context, status=400)
        return _start_import(request, upload)
    result = import_activities(upload, user=request.user, milestones=milestones)
    if not result.ok:
        context["errors"] = result.errors
        return render(request, "plans/io_import.html", context, status=400)
    context["result"] = result
    return render(request, "plans/io_import.html", context)


def _start_import(request, upload):
    job = ImportJob(municipality_id=request.user.municipality_id, requested_by=request.user,
                    file_name=(upload.name or "")[:200], language=translation.get_language() or "sv")
    job.file.save("upload", upload, save=False)
    job.save()
    run_import.enqueue(job.pk)
    return HttpResponseRedirect(job.get_absolute_url())


@require_safe
def import_job(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = get_object_or_404(_my_imports(request.user), pk=pk)
    errors = [RowError(row, column, message) for row, column, message in job.result.get("errors", [])]
    result = None
    if job.status == ImportJob.Status.DONE:
        result = ImportResult(**{name: int(job.result.get(name, 0)) for name in ("created", "updated", "unchanged", "cost_lines", "milestones")})
        result.warnings = [RowError(row, column, message) for row, column, message in job.result.get("warnings", [])]
    response = render(request, "plans/import_job.html", {"job": job, "result": result, "errors": errors, "refresh": not job.is_finished})
    if not job.is_finished:
        response["Refresh"] = "3"  # the page follows the job without JavaScript
    return response


@require_GET
def activity_import_template(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_import(request.user):
        raise PermissionDenied
    if request.GET.get("format") == "xlsx":
        return named(HttpResponse(exports.template_xlsx(), content_type=XLSX_TYPE), "vanort-activities-template.xlsx")
    if request.GET.get("part") == exports.MILESTONES:
        return named(HttpResponse(exports.template_csv(part=exports.MILESTONES), content_type=CSV_TYPE),
                     "vanort-milestones-template.csv")
    return named(HttpResponse(exports.template_csv(), content_type=CSV_TYPE), "vanort-activities-template.csv")


@require_GET
def activity_export(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    activities = restrict(Activity.objects.all(), request.user, VIEW)
    params = request.GET.copy()
    fmt = params.pop("format", ["csv"])[-1]
    part = params.pop("part", [exports.ACTIVITIES])[-1]
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
    if part == exports.MILESTONES:
        return named(StreamingHttpResponse(exports.csv_chunks(activities, request.user, part=exports.MILESTONES), content_type=CSV_TYPE),
                     f"vanort-milestones-{stamp}.csv")
    return named(StreamingHttpResponse(exports.csv_chunks(activities, request.user), content_type=CSV_TYPE),
                 f"vanort-activities-{stamp}.csv")


urlpatterns = [
    path("activities/import/", activity_import, name="activity_import"),
    path("activities/import/<int:pk>/", import_job, name="import_job"),
    path("activities/import/template/", activity_import_template, name="activity_import_template"),
    path("activities/export/", activity_export, name="activity_export"),
]

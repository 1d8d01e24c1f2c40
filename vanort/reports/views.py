"""Report pages, their files (PDF, Word, Excel), background jobs and the dashboards."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from vanort.core.permissions import VIEW, edits_municipality, restrict, signed_in
from vanort.core.uploads import download, named
from vanort.governance.models import GoverningDocument
from vanort.governance.selectors import follow_up_statuses_for
from vanort.registry.models import Partnership
from vanort.reports import governance_link, selectors
from vanort.reports import render as outputs
from vanort.reports.forms import WordTemplateForm
from vanort.reports.models import ReportJob, WordTemplate
from vanort.reports.services import word_template_remove, word_template_set
from vanort.reports.specs import ReportUnavailable, report_spec
from vanort.reports.tasks import produce_report

#: A file for more activities than this is produced in the background (see docs/operations.md).
DEFAULT_SYNC_LIMIT = 2000


def sync_limit() -> int:
    return getattr(settings, "VANORT_REPORT_SYNC_LIMIT", DEFAULT_SYNC_LIMIT)


def _login_required(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- which report: the spec from the URL, through the gate (404 when not visible) ----------------

def spec_for(user, kind: str, params: dict) -> selectors.ReportSpec:
    try:
        return report_spec(user, kind, params)
    except ReportUnavailable:
        raise Http404 from None


#: the longest summary an officer may write over the generated one
SUMMARY_MAX = 3000


def _params(kind, request=None, **kwargs) -> dict:
    """The report's parameters from the URL; a review report may name its review (``?review=``)."""
    if kind == selectors.ANNUAL:
        return {"year": kwargs["year"]}
    if kind == selectors.REVIEW:
        params = {"partnership": kwargs["pk"]}
        review = request.GET.get("review", "") if request is not None else ""
        if review:
            if not review.isdigit() or len(review) > 18:
                raise Http404
            params["review"] = int(review)
        return params
    return {"document": kwargs["pk"], "year": kwargs["year"]}


def _edited_summary(data) -> str | None:
    """The summary an officer edited on the report page (posted with the download), or None."""
    summary = (data.get("summary") or "").strip()
    return summary[:SUMMARY_MAX] or None


def _file_url(kind, fmt, **kwargs) -> str:
    args = {"annual": [kwargs.get("year")], "review": [kwargs.get("pk")], "followup": [kwargs.get("pk"), kwargs.get("year")]}[kind]
    return reverse(f"reports:{kind}_file", args=[*args, fmt])


# --- the web page --------------------------------------------------------------------------------

def report_page(kind):
    @require_safe
    @_login_required
    def view(request, **kwargs):
        params = _params(kind, request, **kwargs)
        spec = spec_for(request.user, kind, params)
        report = selectors.build_report(request.user, spec)
        generated = report.summary
        report.summary = _edited_summary(request.GET) or generated
        downloads = [(fmt, label, _file_url(kind, fmt, **kwargs)) for fmt, label in
                     (("pdf", _("PDF")), ("docx", _("Word")), ("xlsx", _("Excel appendix")))]
        return render(request, "reports/report.html", {
            "report": report, "sections": outputs.formatted(report), "downloads": downloads,
            "review": params.get("review"), "generated_summary": generated,
        })

    view.__name__ = f"{kind}_report"
    return view


# --- the files: small ones at once, large ones (or on request) in the background -----------------

def report_file(kind):
    @require_http_methods(["GET", "HEAD", "POST"])
    @_login_required
    def view(request, fmt, **kwargs):
        params = _params(kind, request, **kwargs)
        spec = spec_for(request.user, kind, params)
        summary = _edited_summary(request.POST if request.method == "POST" else request.GET)
        if request.method == "POST":
            return _start_job(request, spec, kind, {**params, **({"summary": summary} if summary else {})}, fmt)
        count = selectors.count_activities(request.user, spec)
        if count > sync_limit():
            return render(request, "reports/confirm_job.html", {"title": spec.title, "subtitle": spec.subtitle, "count": count,
                                                                 "fmt": fmt, "limit": sync_limit(), "summary": summary or ""})
        report = selectors.build_report(request.user, spec)
        report.summary = summary or report.summary
        data = outputs.render_file(report, fmt)
        return named(HttpResponse(data, content_type=outputs.CONTENT_TYPES[fmt]), outputs.file_name(report, fmt))

    view.__name__ = f"{kind}_report_file"
    return view


def _start_job(request, spec, kind, params, fmt):
    job = ReportJob.objects.create(
        municipality_id=request.user.municipality_id,
        requested_by=request.user, kind=kind, fmt=fmt, title=f"{spec.title} ({fmt.upper()})",
        params={**params, "language": translation.get_language()},
    )
    produce_report.enqueue(job.pk)
    return HttpResponseRedirect(job.get_absolute_url())


def _my_jobs(user):
    return restrict(ReportJob.objects.all(), user, VIEW).filter(requested_by=user)


@require_safe
@_login_required
def job_detail(request, pk):
    job = get_object_or_404(_my_jobs(request.user), pk=pk)
    response = render(request, "reports/job.html", {"job": job, "refresh": not job.is_finished})
    if not job.is_finished:
        response["Refresh"] = "3"  # the page follows the job without JavaScript
    return response


@require_safe
@_login_required
def job_download(request, pk):
    job = get_object_or_404(_my_jobs(request.user), pk=pk, status=ReportJob.Status.DONE)
    if not job.file:
        raise Http404
    return download(job.file, filename=job.file_name, content_type=outputs.CONTENT_TYPES.get(job.fmt))


# --- the index of reports ------------------------------------------------------------------------

@require_safe
@_login_required
def index(request):
    user = request.user
    today = timezone.localdate()
    documents = list(restrict(GoverningDocument.objects.all(), user, VIEW).select_related("municipality").order_by("-adopted_on", "pk")[:20])
    statuses = [s for s in follow_up_statuses_for(user, today) if s.document.pk in {d.pk for d in documents}]
    years = sorted({today.year, *selectors.years_with_data(user, user.municipality)}, reverse=True)
    partnerships = list(restrict(Partnership.objects.all(), user, VIEW).select_related("partner_city", "municipality").order_by("partner_city__name")[:100])
    jobs = list(_my_jobs(user)[:10])
    return render(request, "reports/index.html", {
        "follow_ups": follow_up_rows(statuses, years, today), "partnerships": partnerships, "jobs": jobs, "years": years,
        "sets_template": edits_municipality(user, WordTemplate),
    })


def follow_up_rows(statuses, years, today) -> list[dict]:
    """Each document with a follow-up rule × every term of office that has data or a required
    follow-up (past, current and planned), newest first, with its state where the rule requires one."""
    by_document: dict = {}
    for status in statuses:
        by_document.setdefault(status.document.pk, (status.document, {}))[1][status.period.start] = status
    rows = []
    for document, required in by_document.values():
        periods = {status.period.start: status.period for status in required.values()}
        for year in years:
            for day in (datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
                period = governance_link.period_of(document.municipality, day)
                if period.end >= document.adopted_on:
                    periods.setdefault(period.start, period)
        for start in sorted(periods, reverse=True):
            status = required.get(start)
            state = status.state_label if status else (_("Planned") if start > today else _("Not required"))
            rows.append({"document": document, "period": periods[start], "state": state})
    return rows


index.reach = signed_in


# --- the municipality's Word template ------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _template_editor(request):
    if not edits_municipality(request.user, WordTemplate):
        raise PermissionDenied
    return WordTemplate.objects.filter(municipality_id=request.user.municipality_id).select_related("uploaded_by").first()


@require_http_methods(["GET", "HEAD", "POST"])
@_login_required
def word_template(request):
    """The municipality's own Word template for its reports: upload, replace, remove."""
    current = _template_editor(request)
    form = WordTemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "remove" in request.POST:
            if word_template_remove(by=request.user):
                messages.success(request, _("The reports' Word files use the built-in layout again."))
            return redirect("reports:word_template")
        if form.is_valid():
            try:
                word_template_set(upload=form.cleaned_data["file"], by=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("Saved: the reports' Word files now use %(name)s.") % {"name": form.cleaned_data["file"].name})
                return redirect("reports:word_template")
    return render(request, "reports/word_template.html", {"form": form, "current": current}, status=400 if form.errors else 200)


@require_safe
@_login_required
def word_template_download(request):
    current = _template_editor(request)
    if current is None:
        raise Http404
    return download(current.file, filename=current.file_name, content_type=DOCX)


@require_safe
@_login_required
def word_template_starter(request):
    """The built-in layout as a Word file to start a template from, with the header and footer fields."""
    _template_editor(request)
    return named(HttpResponse(outputs.starter_template(), content_type=DOCX), _("report-template.docx"))

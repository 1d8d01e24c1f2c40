"""Pages: visit notices, the international office's coordination check, reports, and the inbox.

Rules (rule 7 of the domain: the international office is told of every visit and confirms it):

* A unit editor or partner notifies visits for their own organisation; coordinators and admins
  for any organisation of their municipality. The report falls due ``visit_report_days`` after
  the visit ends (recomputed when the dates change).
* The notifying organisation may change its notice until it is confirmed; coordinators and
  admins may change it at any time. While a question is pending, the unit answers it by editing
  the notice: its answer is kept in the notice's history and the notice goes back to "awaiting
  coordination".
* Only coordinators and admins confirm or ask (each a POST with the version the answer was
  written against; a stale answer is refused with a conflict message).
* The report is filed once the visit has ended, by the notifying organisation or the office.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views import View

from vanort.core.forms import bootstrap_widgets
from vanort.core.history import stored_reason
from vanort.core.permissions import CHANGE, can
from vanort.core.resources import Column, Resource
from vanort.core.versioning import restore_version
from vanort.core.views import (
    ResourceCreateView,
    ResourceDetailView,
    ResourceHistoryView,
    ResourceListView,
    ResourceRestoreView,
    ResourceUpdateView,
    add_errors,
)
from vanort.plans import visit_mail
from vanort.plans.filters import VisitNoticeFilterSet
from vanort.plans.models import VisitNotice, VisitReport
from vanort.plans.services.visits import (
    is_overdue,
    visit_ask,
    visit_confirm,
    visit_editable,
    visit_notify,
    visit_report_submit,
    visit_update,
)
from vanort.plans.visit_forms import VisitAnswerForm, VisitNoticeForm, VisitReportForm
from vanort.plans.visit_selectors import DUE_SOON_DAYS, inbox, is_coordinator, overdue_q

#: Fields a restore from history never brings back: the coordination check and the report date.
WORKFLOW_FIELDS = ("municipality_id", "status", "response", "responded_by_id", "responded_at", "notified_by_id", "report_due_on")


class VisitNoticeListFilterSet(VisitNoticeFilterSet):
    mine = django_filters.BooleanFilter(
        label=gettext_lazy("Only my organisation's visits"), method="filter_mine", widget=forms.CheckboxInput
    )
    report = django_filters.ChoiceFilter(
        label=gettext_lazy("Report"),
        method="filter_report",
        choices=[
            ("overdue", gettext_lazy("Overdue")),
            ("missing", gettext_lazy("Not yet filed")),
            ("filed", gettext_lazy("Filed")),
        ],
    )

    class Meta(VisitNoticeFilterSet.Meta):
        fields = [*VisitNoticeFilterSet.Meta.fields, "report", "mine"]

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or not getattr(user, "organisation_id", None):
            return queryset
        return queryset.filter(organisation_id=user.organisation_id)

    def filter_report(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(overdue_q(timezone.localdate()))
        if value == "missing":
            return queryset.filter(report__isnull=True)
        if value == "filed":
            return queryset.filter(report__isnull=False)
        return queryset


class VisitNoticeResource(Resource):
    model = VisitNotice
    prefix = "visits"
    form_class = VisitNoticeForm
    filterset_class = VisitNoticeListFilterSet
    columns = (
        Column("starts_on", gettext_lazy("From"), "starts_on", link=True),
        Column("ends_on", gettext_lazy("To"), "ends_on"),
        Column("direction", gettext_lazy("Direction"), "direction"),
        Column("organisation", gettext_lazy("Organisation"), "organisation__name"),
        Column("place", gettext_lazy("Place"), "place"),
        Column("status", gettext_lazy("Status"), "status"),
        Column("report_due_on", gettext_lazy("Report"), "report_due_on"),
    )
    default_sort = "-starts_on"
    select_related = ("organisation",)
    detail_select_related = (
        "organisation", "activity", "partnership__partner_city", "notified_by", "responded_by", "report__submitted_by",
    )
    detail_template = "plans/visit_detail.html"
    list_template = "plans/visit_list.html"
    form_template = "plans/visit_form.html"

    @classmethod
    def urls(cls):
        name, prefix = cls.name(), cls.prefix
        return [
            path(f"{prefix}/", VisitNoticeListView.as_view(resource=cls), name=f"{name}_list"),
            path(f"{prefix}/new/", VisitNoticeCreateView.as_view(resource=cls), name=f"{name}_create"),
            path(f"{prefix}/<int:pk>/", VisitNoticeDetailView.as_view(resource=cls), name=f"{name}_detail"),
            path(f"{prefix}/<int:pk>/edit/", VisitNoticeUpdateView.as_view(resource=cls), name=f"{name}_edit"),
            path(f"{prefix}/<int:pk>/confirm/", VisitConfirmView.as_view(resource=cls), name=f"{name}_confirm"),
            path(f"{prefix}/<int:pk>/ask/", VisitAskView.as_view(resource=cls), name=f"{name}_ask"),
            path(f"{prefix}/<int:pk>/report/", VisitReportView.as_view(resource=cls), name=f"{name}_report"),
            path(f"{prefix}/<int:pk>/history/", ResourceHistoryView.as_view(resource=cls), name=f"{name}_history"),
            path(
                f"{prefix}/<int:pk>/history/<int:history_id>/restore/",
                VisitNoticeRestoreView.as_view(resource=cls),
                name=f"{name}_restore",
            ),
        ]


class VisitNoticeListView(ResourceListView):
    def queryset(self, action="view", *, detail=False):
        has_report = Exists(VisitReport.objects.filter(notice=OuterRef("pk")))
        return super().queryset(action, detail=detail).annotate(has_report=has_report)

    def base_context(self, **extra):
        return super().base_context(today=timezone.localdate(), **extra)


class VisitNoticeDetailView(ResourceDetailView):
    """The notice, the office's answer and the report — with the forms the user may use."""

    overrides: dict | None = None

    def extra_context(self, notice) -> dict:
        user = self.request.user
        today = timezone.localdate()
        signed_in = user.is_authenticated
        changeable = signed_in and can(user, CHANGE, notice)
        coordinator = is_coordinator(user)
        report = getattr(notice, "report", None)
        # Confirmed notices need no further answer; the forms show while coordination is open.
        can_answer = changeable and coordinator and notice.status != VisitNotice.Status.CONFIRMED
        can_report = changeable and report is None and notice.ends_on <= today
        context = {
            "today": today,
            "report": report,
            "overdue": is_overdue(notice, today),
            "can_change": changeable and (coordinator or notice.status != VisitNotice.Status.CONFIRMED),
            "can_answer": can_answer,
            "can_report": can_report,
            "report_not_yet": changeable and report is None and notice.ends_on > today,
            "log": coordination_log(notice) if signed_in else [],
            "confirm_url": self.url("confirm", notice.pk),
            "ask_url": self.url("ask", notice.pk),
            "report_url": self.url("report", notice.pk),
            "activity_url": _url_or_none(notice.activity),
        }
        if can_answer:
            context["confirm_form"] = VisitAnswerForm(notice=notice, prefix="confirm")
            context["ask_form"] = VisitAnswerForm(notice=notice, prefix="ask", question=True)
        if can_report:
            context["report_form"] = VisitReportForm()
        context.update(self.overrides or {})
        for key in ("confirm_form", "ask_form", "report_form"):
            if context.get(key) is not None:
                bootstrap_widgets(context[key])
        return context

    def page(self, pk, status: int, **overrides):
        self.overrides = overrides
        response = ResourceDetailView.get(self, self.request, pk)
        response.status_code = status
        return response


def _url_or_none(obj):
    """The object's page, or nothing while its pages are not installed."""
    if obj is None:
        return None
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def coordination_log(notice: VisitNotice) -> list[dict]:
    """Each step of the coordination check, from the notice's history: who, when, what was said."""
    records = notice.history.select_related("history_user").order_by("history_date", "history_id")
    log, previous = [], None
    for record in records:
        moved = previous is None or record.status != previous.status or record.response != previous.response
        if moved:
            if previous is None:
                event = _("Notified")
                text = ""
            elif record.status == VisitNotice.Status.CONFIRMED:
                event, text = _("Confirmed by the international office"), record.response
            elif record.status == VisitNotice.Status.QUESTION:
                event, text = _("Question from the international office"), record.response
            else:
                event, text = _("Answered by the unit"), record.history_change_reason or ""
            log.append({"when": record.history_date, "who": record.history_user, "event": event, "text": text})
        previous = record
    return log


class VisitNoticeCreateView(ResourceCreateView):
    def save(self, form, obj):
        try:
            with transaction.atomic():
                notice = form.save(commit=False)
                visit_notify(notice=notice, by=self.request.user)
                url = self.request.build_absolute_uri(notice.get_absolute_url())
                visit_mail.after_commit(visit_mail.send_registered, notice.pk, url)
        except ValidationError as error:
            add_errors(form, error)
            bootstrap_widgets(form)
            return self.render_form(form, obj, status=400)
        messages.success(self.request, _("The visit has been notified to the international office."))
        return HttpResponseRedirect(notice.get_absolute_url())


class VisitNoticeUpdateView(ResourceUpdateView):
    def get_editable(self, pk):
        notice = self.get_visible(pk)
        self.require(CHANGE, notice)
        if not visit_editable(self.request.user, notice):
            raise PermissionDenied
        return notice

    def get(self, request, pk):
        notice = self.get_editable(pk)
        return self.render_form(self.form(notice), notice)

    def post(self, request, pk):
        notice = self.get_editable(pk)
        form = self.form(notice, request.POST)
        if not form.is_valid():
            return self.render_form(form, notice, status=400)
        return self.save(form, notice)

    def save(self, form, obj):
        try:
            with transaction.atomic():
                notice = form.save(commit=False)
                answered = visit_update(notice=notice, by=self.request.user, reply=form.cleaned_data.get("reply") or "",
                                        expected_version=form.cleaned_data.get("expected_version"))
                if answered:
                    url = self.request.build_absolute_uri(notice.get_absolute_url())
                    visit_mail.after_commit(visit_mail.send_registered, notice.pk, url, again=True)
        except ValidationError as error:
            add_errors(form, error)
            bootstrap_widgets(form)
            return self.render_form(form, obj, status=409 if getattr(error, "code", None) == "conflict" else 400)
        if answered:
            messages.success(self.request, _("Your answer has been sent; the notice awaits coordination again."))
        else:
            messages.success(self.request, _("Saved: %(name)s") % {"name": notice})
        return HttpResponseRedirect(notice.get_absolute_url())


class VisitNoticeRestoreView(ResourceRestoreView):
    """Restore content fields only: the coordination check and the report date stay as they are."""

    def post(self, request, pk, history_id):
        notice = self.get_visible(pk)
        self.require(CHANGE, notice)
        if not visit_editable(request.user, notice):
            raise PermissionDenied
        try:
            record = notice.history.get(history_id=history_id)
        except notice.history.model.DoesNotExist:
            raise Http404 from None
        for attname in WORKFLOW_FIELDS:
            setattr(record, attname, getattr(notice, attname))
        if record.ends_on != notice.ends_on:
            record.report_due_on = record.ends_on + (notice.report_due_on - notice.ends_on)
        try:
            restore_version(
                notice,
                record,
                by=request.user,
                reason=stored_reason(gettext_noop("Restored the version of %(date)s"), date=record.history_date.strftime("%Y-%m-%d %H:%M")),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.url("history", notice.pk))
        messages.success(request, _("The earlier version was restored; the change is in the history."))
        return HttpResponseRedirect(notice.get_absolute_url())


class _AnswerView(VisitNoticeDetailView):
    """POST only: the international office confirms the notice or asks a question."""

    question = False
    form_key = "confirm_form"

    http_method_names = ["post", "options"]

    def answer(self, notice, text, expected_version):
        raise NotImplementedError

    def post(self, request, pk):
        user = request.user
        notice = self.get_visible(pk)
        self.require(CHANGE, notice)
        if not is_coordinator(user):
            raise PermissionDenied
        prefix = "ask" if self.question else "confirm"
        form = VisitAnswerForm(request.POST, prefix=prefix, question=self.question)
        if not form.is_valid():
            return self.page(pk, 400, **{self.form_key: form})
        try:
            with transaction.atomic():
                self.answer(notice, form.cleaned_data["text"].strip(), form.cleaned_data["expected_version"])
                url = request.build_absolute_uri(notice.get_absolute_url())
                visit_mail.after_commit(visit_mail.send_answered, notice.pk, url)
        except ValidationError as error:
            if getattr(error, "code", None) == "conflict":
                form.add_error(
                    None,
                    _(
                        "The notice changed after you opened it (it was edited or answered by someone "
                        "else). Your answer has not been saved. Read the notice as it is now and answer again."
                    ),
                )
                return self.page(pk, 409, **{self.form_key: form})
            if hasattr(error, "error_dict") and "response" in error.error_dict:
                form.add_error("text", error.error_dict["response"])
            else:
                add_errors(form, error)
            return self.page(pk, 400, **{self.form_key: form})
        messages.success(request, self.done_message())
        return HttpResponseRedirect(notice.get_absolute_url())


class VisitConfirmView(_AnswerView):
    def answer(self, notice, text, expected_version):
        visit_confirm(notice=notice, by=self.request.user, text=text, expected_version=expected_version)

    def done_message(self):
        return _("The visit is confirmed; the unit is told by e-mail.")


class VisitAskView(_AnswerView):
    question = True
    form_key = "ask_form"

    def answer(self, notice, text, expected_version):
        visit_ask(notice=notice, by=self.request.user, text=text, expected_version=expected_version)

    def done_message(self):
        return _("Your question has been sent to the unit.")


class VisitReportView(VisitNoticeDetailView):
    """POST only: the notifying organisation (or the office) files the report after the visit."""

    http_method_names = ["post", "options"]

    def post(self, request, pk):
        user = request.user
        notice = self.get_visible(pk, detail=True)
        self.require(CHANGE, notice)
        form = VisitReportForm(request.POST, instance=VisitReport(notice=notice))
        if notice.ends_on > timezone.localdate():
            form.add_error(None, _("The report can be filed once the visit has ended."))
            return self.page(pk, 400, report_form=form, can_report=True)
        if not form.is_valid():
            return self.page(pk, 400, report_form=form, can_report=True)
        try:
            visit_report_submit(report=form.save(commit=False), by=user)
        except ValidationError as error:
            add_errors(form, error)
            status = 409 if getattr(error, "code", None) == "duplicate" else 400
            return self.page(pk, status, report_form=form, can_report=status != 409)
        messages.success(request, _("The visit report has been filed. Thank you."))
        return HttpResponseRedirect(notice.get_absolute_url())


class InboxView(View):
    """The international office's inbox: what awaits coordination, and reports to chase."""

    reach = staticmethod(is_coordinator)

    def get(self, request):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.reach(user):
            raise PermissionDenied
        today = timezone.localdate()
        sections = inbox(user, today)
        return render(
            request,
            "plans/inbox.html",
            {"today": today, "due_soon_days": DUE_SOON_DAYS, **sections},
        )


urlpatterns = [*VisitNoticeResource.urls(), path("inbox/", InboxView.as_view(), name="inbox")]

"""Pages of governance: resources for each model, plus the special actions — registering a
decision (which draws its case number), moving a request through presidium and preparation, the
board's decision on it, the follow-up overview, decision attachments and the guideline checklist
of an activity. Every page goes through the permission gate.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from vanort.core.downloads import readable, requested_format, table_response
from vanort.core.forms import bootstrap_widgets
from vanort.core.permissions import CHANGE, VIEW, can, reads_municipality, restrict, signed_in
from vanort.core.resources import Column, Resource
from vanort.core.uploads import download
from vanort.core.versioning import save_versioned
from vanort.core.views import ResourceCreateView, ResourceUpdateView, ResourceView, add_errors
from vanort.governance import filters, forms
from vanort.governance.models import (
    ActivityGuidelineAssessment,
    Decision,
    DecisionAttachment,
    Distribution,
    FollowUp,
    GoverningDocument,
    Guideline,
    PartnershipRequest,
    Review,
)
from vanort.governance.selectors import follow_up_statuses, follow_up_statuses_for
from vanort.governance.services import (
    decision_paragraph_check,
    decision_register,
    follow_up_term,
    request_accept,
    request_decline,
    request_transition,
)
from vanort.plans.models import Activity


def reads_internal(user, municipality_id) -> bool:
    """Whether ``user`` reads the internal governance records (follow-ups, reviews, requests)."""
    return reads_municipality(user, FollowUp, municipality_id)


# --- decisions ---------------------------------------------------------------------------------


def decision_detail_context(request, decision) -> dict:
    user = request.user
    return {
        "distribution": restrict(decision.distribution.current().select_related("organisation"), user, VIEW),
        "attachments": restrict(decision.attachments.all(), user, VIEW),
        "partnerships": restrict(decision.partnerships.select_related("partner_city", "municipality"), user, VIEW),
        "agreements": restrict(decision.agreements.all(), user, VIEW),
        "agreements_resting": restrict(decision.agreements_resting.all(), user, VIEW),
        "plans": restrict(decision.plans.all(), user, VIEW),
        "documents": restrict(decision.documents.all(), user, VIEW),
        "adopted_documents": restrict(decision.adopted_documents.all(), user, VIEW),
        "follow_ups": restrict(decision.follow_ups.select_related("document"), user, VIEW),
        "reviews": restrict(decision.reviews.all(), user, VIEW),
        "requests": restrict(decision.requests.select_related("city"), user, VIEW),
        "can_add_distribution": user.is_authenticated and can(user, CHANGE, decision),
    }


class DecisionResource(Resource):
    model = Decision
    prefix = "decisions"
    related_lists = ("governance:distribution_list",)
    form_class = forms.DecisionForm
    filterset_class = filters.DecisionFilterSet
    columns = (
        Column("case_number", _lazy("Case number"), "case_number", link=True),
        Column("paragraph", _lazy("§")),
        Column("meeting_date", _lazy("Meeting"), "meeting_date"),
        Column("body", _lazy("Decided by"), "body"),
        Column("title", _lazy("Title"), "title"),
    )
    default_sort = "-meeting_date"
    archivable = True
    select_related = ("municipality",)
    detail_select_related = ("municipality", "committee", "registered_by", "archived_by")
    detail_template = "governance/decision_detail.html"
    detail_context = staticmethod(decision_detail_context)


class DecisionCreateView(ResourceCreateView):
    """Registering a decision: the case number is drawn (or the historical one checked) on save."""

    def save(self, form, obj):
        try:
            with transaction.atomic():
                decision = form.save(commit=False)
                decision.municipality = self.request.user.municipality
                decision_register(decision=decision, by=self.request.user,
                                  manual_case_number=form.cleaned_data.get("manual_case_number", ""))
                form.save_m2m()
                form.after_save(decision)
        except ValidationError as error:
            add_errors(form, error)
            bootstrap_widgets(form)
            return self.render_form(form, obj, status=400)
        messages.success(self.request, _("Registered as %(case)s.") % {"case": decision.case_number})
        return HttpResponseRedirect(decision.get_absolute_url())


class DecisionUpdateView(ResourceUpdateView):
    """Editing a decision: its minute paragraph stays unique at its meeting."""

    def prepare(self, instance) -> None:
        super().prepare(instance)
        if instance.body != Decision.Body.COMMITTEE:
            instance.committee = None
        decision_paragraph_check(instance)


class AttachmentDownloadView(View):
    """Serve a decision attachment as a download, to those who may see it, never inline."""

    def get(self, request, pk):
        attachment = get_object_or_404(restrict(DecisionAttachment.objects.all(), request.user, VIEW), pk=pk)
        return download(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


class DistributionResource(Resource):
    model = Distribution
    prefix = "decision-distribution"
    form_class = forms.DistributionForm
    filterset_class = filters.DistributionFilterSet
    parent_field = "decision"
    archivable = True
    columns = (
        Column("decision", _lazy("Decision")),
        Column("recipient", _lazy("Recipient"), "recipient", link=True),
        Column("organisation", _lazy("Organisation")),
        Column("sent_on", _lazy("Sent on"), "sent_on"),
    )
    default_sort = "pk"
    select_related = ("decision", "organisation")
    detail_select_related = select_related
    detail_fields = ("decision", "organisation", "recipient", "note", "sent_on")


# --- governing documents and guidelines ---------------------------------------------------------


def document_detail_context(request, document) -> dict:
    user = request.user
    internal = reads_internal(user, document.municipality_id)
    return {
        "guidelines": restrict(document.guidelines.all(), user, VIEW),
        "areas": restrict(document.priority_areas.all(), user, VIEW),
        "adopted_by": document.adopted_by if document.adopted_by_id and can(user, VIEW, document.adopted_by) else None,
        "decisions": restrict(document.decisions.all(), user, VIEW),
        "replaced_by": document.replaced_by if document.replaced_by_id and can(user, VIEW, document.replaced_by) else None,
        "statuses": follow_up_statuses(GoverningDocument.objects.filter(pk=document.pk), timezone.localdate()) if internal else None,
        "can_add_guideline": user.is_authenticated and can(user, CHANGE, document),
        "can_add_follow_up": internal and can(user, CHANGE, document),
    }


class GoverningDocumentResource(Resource):
    model = GoverningDocument
    prefix = "governing-documents"
    related_lists = ("governance:guideline_list",)
    form_class = forms.GoverningDocumentForm
    filterset_class = filters.GoverningDocumentFilterSet
    columns = (
        Column("title", _lazy("Title"), "title", link=True),
        Column("kind", _lazy("Kind"), "kind"),
        Column("adopted_on", _lazy("Adopted"), "adopted_on"),
        Column("status", _lazy("Status"), "status"),
        Column("follow_up_rule", _lazy("Follow-up")),
    )
    default_sort = "-adopted_on"
    select_related = ("municipality",)
    detail_select_related = ("municipality", "adopted_by", "replaced_by")
    detail_template = "governance/governingdocument_detail.html"
    detail_context = staticmethod(document_detail_context)


class GuidelineResource(Resource):
    model = Guideline
    prefix = "guidelines"
    form_class = forms.GuidelineForm
    filterset_class = filters.GuidelineFilterSet
    parent_field = "document"
    deletable = True
    delete_blocked_hint = _lazy("Activities have been assessed against it: retire it from a date instead (edit it).")
    columns = (
        Column("document", _lazy("Governing document")),
        Column("position", _lazy("Order"), "position"),
        Column("text", _lazy("Guideline"), link=True),
        Column("retired_on", _lazy("Retired on"), "retired_on"),
    )
    default_sort = "document__adopted_on"
    select_related = ("document",)
    detail_select_related = select_related
    detail_fields = ("document", "position", "text_sv", "text_en", "retired_on")

    @staticmethod
    def after_delete_url(guideline):
        return guideline.document.get_absolute_url()


# --- follow-ups and reviews ---------------------------------------------------------------------


class FollowUpResource(Resource):
    model = FollowUp
    prefix = "follow-ups"
    form_class = forms.FollowUpForm
    filterset_class = filters.FollowUpFilterSet
    parent_field = "document"
    columns = (
        Column("document", _lazy("Governing document"), link=True),
        Column("period_label", _lazy("Period")),
        Column("period_start", _lazy("Period starts"), "period_start"),
        Column("decision", _lazy("Received by decision")),
    )
    default_sort = "-period_start"
    select_related = ("document", "decision")
    detail_select_related = select_related
    detail_fields = ("document", "period_start", "period_end", "term_start", "term_end", "assessment", "proposal", "decision")
    detail_template = "governance/followup_detail.html"  # links to its report


class FollowUpCreateView(ResourceCreateView):
    """Opened from the follow-up overview with the document and period filled in; records the
    term the follow-up answers for."""

    def prepare(self, instance) -> None:
        super().prepare(instance)
        follow_up_term(instance)

    def initial(self):
        initial = super().initial() or {}
        for key in ("period_start", "period_end"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key][:10]
        return initial or None


class FollowUpUpdateView(ResourceUpdateView):
    """Editing a follow-up: its term follows the settings until a decision receives it."""

    def prepare(self, instance) -> None:
        super().prepare(instance)
        follow_up_term(instance)


class FollowUpStatusView(View):
    """Every follow-up the rules of the documents in force require: done, due and overdue."""

    @staticmethod
    def reach(user) -> bool:
        return signed_in(user) and reads_internal(user, user.municipality_id)

    def get(self, request):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.reach(user):
            raise PermissionDenied
        today = timezone.localdate()
        statuses = follow_up_statuses_for(user, today, municipality=user.municipality)
        fmt = requested_format(request)
        if fmt:
            return table_response(
                fmt=fmt, title=_("follow-ups"),
                headers=[_("Governing document"), _("Mandate period"), _("Starts"), _("Ends"), _("State"),
                         _("Follow-up"), _("Received by decision")],
                rows=([readable(cell) for cell in (
                    str(status.document), status.period.label, status.period.start, status.period.end,
                    str(status.state_label), str(status.follow_up) if status.follow_up else "",
                    status.decision.case_number if status.decision else "",
                )] for status in statuses),
            )
        return render(request, "governance/followup_status.html", {
            "statuses": statuses,
            "today": today,
            "can_add": can_add_follow_up(user),
        })


def can_add_follow_up(user) -> bool:
    from vanort.core.permissions import can_add

    return can_add(user, FollowUp)


class ReviewResource(Resource):
    model = Review
    prefix = "reviews"
    form_class = forms.ReviewForm
    filterset_class = filters.ReviewFilterSet
    parent_field = "partnership"
    columns = (
        Column("title", _lazy("Title"), "title", link=True),
        Column("partnership", _lazy("Partnership")),
        Column("period_end", _lazy("Period ends"), "period_end"),
        Column("decision", _lazy("Received by decision")),
    )
    default_sort = "-period_end"
    select_related = ("partnership__partner_city", "partnership__municipality", "decision")
    detail_select_related = (*select_related, "agreement")
    detail_fields = ("partnership", "title", "period_start", "period_end", "assessment", "proposal", "agreement", "decision")
    detail_template = "governance/review_detail.html"  # links to its report


# --- partnership requests ----------------------------------------------------------------------


def request_detail_context(request, partnership_request) -> dict:
    user = request.user
    can_change = user.is_authenticated and can(user, CHANGE, partnership_request)
    context = {
        "areas": restrict(partnership_request.priority_areas.all(), user, VIEW),
        "transition_form": None,
        "decide_form": None,
    }
    if can_change and not partnership_request.is_decided:
        transition = forms.RequestTransitionForm(request=partnership_request)
        bootstrap_widgets(transition)
        context["transition_form"] = transition if transition.fields["to_status"].choices else None
        if partnership_request.status == PartnershipRequest.Status.PREPARED:
            decide = forms.RequestDecideForm(request=partnership_request, user=user)
            bootstrap_widgets(decide)
            context["decide_form"] = decide
    return context


class PartnershipRequestResource(Resource):
    model = PartnershipRequest
    prefix = "partnership-requests"
    form_class = forms.PartnershipRequestForm
    filterset_class = filters.PartnershipRequestFilterSet
    columns = (
        Column("city.name", _lazy("From city"), "city__name", link=True),
        Column("received_on", _lazy("Received"), "received_on"),
        Column("sender", _lazy("From whom")),
        Column("status", _lazy("Status"), "status"),
    )
    default_sort = "-received_on"
    archivable = True
    select_related = ("city", "municipality")
    detail_select_related = ("city", "municipality", "decision", "archived_by", "partnership__partner_city", "partnership__municipality")
    detail_template = "governance/partnershiprequest_detail.html"
    detail_context = staticmethod(request_detail_context)


class RequestTransitionView(ResourceView):
    """POST only: received ⇄ with the presidium ⇄ prepared."""

    resource = PartnershipRequestResource

    def post(self, request, pk):
        obj = self.get_visible(pk)
        self.require(CHANGE, obj)
        form = forms.RequestTransitionForm(request.POST, request=obj)
        if not form.is_valid():
            messages.error(request, _("Choose one of the statuses offered."))
            return HttpResponseRedirect(obj.get_absolute_url())
        try:
            obj = request_transition(request=obj, to_status=form.cleaned_data["to_status"], by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("The request is now “%(status)s”.") % {"status": obj.get_status_display()})
        return HttpResponseRedirect(obj.get_absolute_url())


class RequestDecideView(ResourceView):
    """POST only: record the board's decision — accept (a partnership is created) or decline."""

    resource = PartnershipRequestResource

    def post(self, request, pk):
        obj = self.get_visible(pk)
        self.require(CHANGE, obj)
        form = forms.RequestDecideForm(request.POST, request=obj, user=request.user)
        if not form.is_valid():
            bootstrap_widgets(form)
            context = {"object": obj, "decide_form": form, "title": _("The board's decision on %(request)s") % {"request": obj}}
            return render(request, "governance/request_decide.html", context, status=400)
        data = form.cleaned_data
        try:
            if data["outcome"] == form.ACCEPT:
                partnership = request_accept(request=obj, decision=data["decision"], by=request.user, status=data["partnership_status"])
                messages.success(request, _("Accepted: the partnership %(partnership)s was created.") % {"partnership": partnership})
                return HttpResponseRedirect(partnership.get_absolute_url())
            request_decline(request=obj, decision=data["decision"], reasons=data["reasons"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("The request was declined; the reasons are kept."))
        return HttpResponseRedirect(obj.get_absolute_url())


# --- an activity against the guidelines ---------------------------------------------------------


class ActivityGuidelinesView(View):
    """The checklist of one activity against the guidelines of the documents in force."""

    def activity(self, request, pk) -> Activity:
        if not request.user.is_authenticated:
            raise _Login
        activity = get_object_or_404(restrict(Activity.objects.select_related("municipality"), request.user, VIEW), pk=pk)
        if not (reads_internal(request.user, activity.municipality_id) or can(request.user, CHANGE, activity)):
            raise PermissionDenied
        return activity

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _Login:
            return redirect_to_login(request.get_full_path())

    def guidelines(self, activity, user):
        """The guidelines in force of the activity's municipality that ``user`` may see (a partner:
        those of public documents only): retired guidelines only where the activity was assessed
        against them before they were retired."""
        assessed = ActivityGuidelineAssessment.objects.filter(activity=activity).values("guideline")
        in_force = Guideline.objects.filter(
            document__municipality=activity.municipality_id, document__status=GoverningDocument.Status.IN_FORCE,
        ).filter(Q(retired_on__isnull=True) | Q(retired_on__gt=timezone.localdate()) | Q(pk__in=assessed))
        return (
            restrict(in_force, user, VIEW)
            .select_related("document")
            .order_by("document__adopted_on", "document__pk", "position", "pk")
        )

    def existing(self, activity, user):
        rows = restrict(ActivityGuidelineAssessment.objects.filter(activity=activity), user, VIEW)
        return {row.guideline_id: row for row in rows}

    def render(self, request, activity, form, status=200):
        can_change = can(request.user, CHANGE, activity)
        bootstrap_widgets(form)
        existing = self.existing(activity, request.user)
        return render(request, "governance/activity_guidelines.html", {
            "activity": activity, "form": form, "can_change": can_change,
            "readonly_rows": [(guideline, existing.get(guideline.pk)) for guideline in form.guidelines],
        }, status=status)

    def get(self, request, pk):
        activity = self.activity(request, pk)
        form = forms.AssessmentChecklistForm(guidelines=self.guidelines(activity, request.user), existing=self.existing(activity, request.user))
        return self.render(request, activity, form)

    def post(self, request, pk):
        activity = self.activity(request, pk)
        if not can(request.user, CHANGE, activity):
            raise PermissionDenied
        existing = self.existing(activity, request.user)
        form = forms.AssessmentChecklistForm(request.POST, guidelines=self.guidelines(activity, request.user), existing=existing)
        if not form.is_valid():
            return self.render(request, activity, form, status=400)
        try:
            with transaction.atomic():
                assessment_checklist_save(activity=activity, form=form, existing=existing)
        except ValidationError as error:
            add_errors(form, error)
            return self.render(request, activity, form, status=400)
        messages.success(request, _("The assessment against the guidelines is saved."))
        return HttpResponseRedirect(reverse("governance:activity_guidelines", args=[activity.pk]))


def assessment_checklist_save(*, activity, form, existing) -> None:
    for guideline in form.guidelines:
        judgement = form.cleaned_data.get(f"g{guideline.pk}_judgement")
        text = (form.cleaned_data.get(f"g{guideline.pk}_justification") or "").strip()
        current = existing.get(guideline.pk)
        if not judgement:
            if current is not None:
                current.delete()
            continue
        if current is not None and (current.judgement, current.justification) == (judgement, text):
            continue
        row = current or ActivityGuidelineAssessment(activity=activity, guideline=guideline)
        row.judgement, row.justification = judgement, text
        save_versioned(row, expected_version=row.version if row.pk else None)


class _Login(Exception):
    pass


def resource_urls(resource, create_view=None, update_view=None):
    """The resource's pages, with its own create and edit views where it has them."""
    own = {"create": (create_view, f"{resource.prefix}/new/"), "edit": (update_view, f"{resource.prefix}/<int:pk>/edit/")}
    patterns = list(resource.urls())
    for action, (view, route) in own.items():
        if view is not None:
            name = resource.url_name(action)
            patterns = [p for p in patterns if p.name != name]
            patterns.append(path(route, view.as_view(resource=resource), name=name))
    return patterns


RESOURCES = (
    DecisionResource, DistributionResource, GoverningDocumentResource, GuidelineResource, FollowUpResource, ReviewResource,
    PartnershipRequestResource,
)

urlpatterns = [
    path("follow-up-status/", FollowUpStatusView.as_view(), name="followup_status"),
    path("decision-attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="attachment_download"),
    path("partnership-requests/<int:pk>/status/", RequestTransitionView.as_view(), name="partnershiprequest_transition"),
    path("partnership-requests/<int:pk>/decide/", RequestDecideView.as_view(), name="partnershiprequest_decide"),
    path("activities/<int:pk>/guidelines/", ActivityGuidelinesView.as_view(), name="activity_guidelines"),
    *resource_urls(DecisionResource, DecisionCreateView, DecisionUpdateView),
    *resource_urls(DistributionResource),
    *resource_urls(GoverningDocumentResource),
    *resource_urls(GuidelineResource),
    *resource_urls(FollowUpResource, FollowUpCreateView, FollowUpUpdateView),
    *resource_urls(ReviewResource),
    *resource_urls(PartnershipRequestResource),
]

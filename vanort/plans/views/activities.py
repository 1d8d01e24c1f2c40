"""Pages: activities, with their cost lines, participation, named participants and milestones.

Each small form on the activity page posts to its own URL; every one of them asks the gate for
the right to change the activity (404 if one may not see it, 403 if one may see but not change).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from vanort.core.forms import bootstrap_widgets
from vanort.core.history import ChildHistory
from vanort.core.permissions import (
    CHANGE,
    VIEW,
    can,
    may_choose,
    may_read_field,
    reads_municipality,
    restrict,
)
from vanort.core.resources import Column, Resource
from vanort.core.uploads import download
from vanort.core.views import ResourceCreateView, ResourceUpdateView, add_errors, confirm_delete
from vanort.plans import forms
from vanort.plans.filters import ActivityFilterSet
from vanort.plans.models import (
    Activity,
    ActivityAttachment,
    CostLine,
    Milestone,
    NamedParticipant,
    Participation,
)
from vanort.plans.services.attachments import attachment_add, attachment_delete
from vanort.plans.services.carry import activity_copy
from vanort.plans.services.costs import (
    cost_line_delete,
    cost_line_restore,
    cost_line_save,
    cost_totals,
    may_give_cost_line,
    may_restore_cost_lines,
)
from vanort.plans.services.milestones import (
    may_restore_milestones,
    milestone_delete,
    milestone_restore,
    milestone_save,
)
from vanort.plans.services.plans import activity_accept
from vanort.registry.models import PriorityArea
from vanort.tenancy.models import Organisation


def named_access(user, activity) -> bool:
    """Whether ``user`` may see the named participants (personal data) of ``activity``: the gate's
    field question (``Activity.scope.fields``)."""
    return may_read_field(user, activity, "named_participants")


def related_through_the_gate(user, activity) -> dict:
    """The activity's plan, partnership or network, organisations and areas — each only if ``user``
    may see it: a public activity does not name an internal plan, partnership or unit to the public.

    A fixed number of queries: the organisations and areas are checked together, from the prefetch.
    """
    participating = list(activity.participating_organisations.all())
    areas = list(activity.priority_areas.all())
    org_ids = set(restrict(
        Organisation.objects.filter(pk__in=[activity.responsible_organisation_id, *(o.pk for o in participating)]), user, VIEW
    ).values_list("pk", flat=True))
    area_ids = set(restrict(PriorityArea.objects.filter(pk__in=[a.pk for a in areas]), user, VIEW).values_list("pk", flat=True))
    subject = activity.partnership or activity.network
    return {
        "visible_plan": activity.plan if activity.plan_id and can(user, VIEW, activity.plan) else None,
        "visible_subject": subject if subject is not None and can(user, VIEW, subject) else None,
        "visible_responsible": activity.responsible_organisation if activity.responsible_organisation_id in org_ids else None,
        "visible_participating": [o for o in participating if o.pk in org_ids],
        "visible_areas": [a for a in areas if a.pk in area_ids],
    }


def activity_detail_context(request, activity) -> dict:
    user = request.user
    can_change = user.is_authenticated and can(user, CHANGE, activity)
    costs = restrict(activity.costs.all(), user, VIEW).select_related("paying_organisation")
    cost_lines = list(costs)
    changeable = set(restrict(activity.costs.all(), user, CHANGE).values_list("pk", flat=True)) if can_change else set()
    for line in cost_lines:
        line.can_change = line.pk in changeable
    payer_names = {line.paying_organisation_id: line.paying_organisation for line in cost_lines}
    cost_by_payer = [
        {**row, "organisation": payer_names.get(row["paying_organisation"])}
        for row in cost_totals(costs, "paying_organisation")
    ]
    cost_sum = costs.aggregate(estimated=Sum("estimated_home"), actual=Sum("actual_home"))
    participation = restrict(Participation.objects.filter(activity=activity), user, VIEW).first()
    show_named = named_access(user, activity)
    context = {
        **related_through_the_gate(user, activity),
        "can_change": can_change,
        # The guideline checklist (governance) opens for the municipality's readers and the editors.
        "can_assess": can_change or reads_municipality(user, Activity, activity.municipality_id),
        "milestones": restrict(activity.milestones.select_related("responsible_organisation"), user, VIEW),
        # The series' occurrences the reader sees, this one among them.
        "occurrences": restrict(Activity.objects.filter(series_id=activity.series_id), user, VIEW).order_by("series_date", "pk").only(
            "pk", "series_date", "municipality_id") if activity.series_id else [],
        "attachments": restrict(activity.attachments.all(), user, VIEW),
        "participation": participation,
        "cost_lines": cost_lines,
        "cost_by_payer": cost_by_payer,
        "cost_sum": cost_sum,
        "home_currency": activity.municipality.currency,
        "show_named": show_named,
        "named": restrict(activity.named_participants.all(), user, VIEW) if show_named else None,
        "accept_form": None,
    }
    if can_change:
        context["cost_form"] = _bootstrapped(forms.CostLineForm(user=user, initial={"currency": activity.municipality.currency}, auto_id="cost_%s"))
        context["milestone_form"] = _bootstrapped(forms.MilestoneForm(user=user, auto_id="milestone_%s"))
        context["attachment_form"] = _bootstrapped(forms.ActivityAttachmentForm(user=user, auto_id="attachment_%s"))
        context["participation_form"] = _bootstrapped(forms.ParticipationForm(instance=participation or Participation(activity=activity), user=user, auto_id="participation_%s"))
        if show_named:
            context["named_form"] = _bootstrapped(forms.NamedParticipantForm(user=user, auto_id="named_%s"))
        if activity.plan_id is None and may_choose(user, Activity, "plan"):
            accept = forms.ActivityAcceptForm(user=user, auto_id="accept_%s")
            context["accept_form"] = _bootstrapped(accept)
    return context


def _bootstrapped(form):
    bootstrap_widgets(form)
    return form


class ActivityResource(Resource):
    model = Activity
    prefix = "activities"
    form_class = forms.ActivityForm
    filterset_class = ActivityFilterSet
    columns = (
        Column("title", _lazy("Title"), "title", link=True),
        Column("kind", _lazy("Kind"), "kind"),
        Column("responsible_organisation", _lazy("Responsible"), "responsible_organisation__name"),
        Column("planned_start", _lazy("Planned start"), "planned_start"),
        Column("status", _lazy("Status"), "status"),
        Column("progress", _lazy("Progress (%)"), "progress"),
        Column("plan", _lazy("Action plan"), "plan__title"),
    )
    default_sort = "planned_start"
    select_related = ("responsible_organisation", "plan")
    detail_select_related = (
        "responsible_organisation", "plan", "municipality", "network",
        "partnership__partner_city", "partnership__municipality",
    )
    detail_prefetch_related = ("priority_areas", "participating_organisations")
    detail_template = "plans/activity_detail.html"
    # Deleted cost lines and milestones stay in the activity's history, restorable from there.
    child_histories = (
        ChildHistory(CostLine, "activity", restore=cost_line_restore, may_restore=may_restore_cost_lines, allows=may_give_cost_line,
                     money=("estimated", "actual"), hidden=("year", "estimated_home", "actual_home"),
                     labels={"estimated": _lazy("Estimated"), "actual": _lazy("Actual")},
                     name=lambda record, related: f"{record.get_cost_type_display()}: {related(Organisation, record.paying_organisation_id)}"),
        ChildHistory(Milestone, "activity", restore=milestone_restore, may_restore=may_restore_milestones),
    )
    list_template = "plans/activity_list.html"  # the same table, its rows written out leanly

    @staticmethod
    def detail_context(request, activity):
        return activity_detail_context(request, activity)


class ActivitySaveMixin:
    """Save through ``activity_save`` so the seed's rules hold whichever door is used."""

    def save(self, form, obj):
        try:
            instance = form.save(commit=False)
            self.prepare(instance)
            notes, warnings = form.save_through_services(instance, by=self.request.user,
                                                         expected_version=form.cleaned_data.get("expected_version"))
        except ValidationError as error:
            add_errors(form, error)
            bootstrap_widgets(form)
            return self.render_form(form, obj, status=409 if getattr(error, "code", None) == "conflict" else 400)
        messages.success(self.request, _("Saved: %(name)s") % {"name": instance})
        for note in notes:
            messages.info(self.request, note)
        for warning in warnings:
            messages.warning(self.request, warning)
        return HttpResponseRedirect(instance.get_absolute_url())


class ActivityCreateView(ActivitySaveMixin, ResourceCreateView):
    def initial(self):
        initial = {}
        plan = self.request.GET.get("plan", "")
        if plan.isdigit() and may_choose(self.request.user, Activity, "plan"):
            initial["plan"] = int(plan)
        return initial or None


class ActivityUpdateView(ActivitySaveMixin, ResourceUpdateView):
    pass


# Sub-forms of the activity page ------------------------------------------------------------------


class ActivityPartView(View):
    """Base of the small forms on the activity page: the activity must be visible (else 404) and
    changeable (else 403)."""

    title = ""

    def dispatch(self, request, *args, **kwargs):
        # What one may not see is a 404 for everyone, the public included (as on every other
        # page); the public is asked to log in only on the forms of activities it may see.
        self.activity = get_object_or_404(
            restrict(Activity.objects.select_related("municipality", "responsible_organisation"), request.user, VIEW),
            pk=kwargs.pop("pk"),
        )
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can(request.user, CHANGE, self.activity):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def back(self, anchor=""):
        return HttpResponseRedirect(self.activity.get_absolute_url() + (f"#{anchor}" if anchor else ""))

    def render_form(self, form, *, status=200, title=None, personal=False):
        bootstrap_widgets(form)
        return render(self.request, "plans/subform.html", {
            "form": form, "activity": self.activity, "title": title or self.title,
            "cancel_url": self.activity.get_absolute_url(), "personal": personal,
        }, status=status)


def changeable_line(activity, user, line_pk) -> CostLine:
    """A cost line of ``activity`` that ``user`` may change: 404 if hidden, 403 if another
    organisation pays it (each organisation records its own costs; coordinators record all)."""
    line = get_object_or_404(restrict(activity.costs.all(), user, VIEW), pk=line_pk)
    if not can(user, CHANGE, line):
        raise PermissionDenied
    return line


class CostLineFormView(ActivityPartView):
    title = _lazy("Cost line")

    def line(self, line_pk):
        if line_pk is None:
            return CostLine(activity=self.activity, currency=self.activity.municipality.currency)
        return changeable_line(self.activity, self.request.user, line_pk)

    def get(self, request, line_pk=None):
        return self.render_form(forms.CostLineForm(instance=self.line(line_pk), user=request.user))

    def post(self, request, line_pk=None):
        line = self.line(line_pk)
        form = forms.CostLineForm(request.POST, instance=line, user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        instance = form.instance
        instance.activity = self.activity
        try:
            cost_line_save(instance, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(form, status=400)
        messages.success(request, _("The cost line is saved."))
        return self.back("costs")


class CostLineDeleteView(ActivityPartView):
    """Asks first (GET), deletes on POST; the line stays in the activity's history."""

    def get(self, request, line_pk):
        line = changeable_line(self.activity, request.user, line_pk)
        return confirm_delete(request, line, cancel_url=self.activity.get_absolute_url() + "#costs", parent=self.activity)

    def post(self, request, line_pk):
        cost_line_delete(line=changeable_line(self.activity, request.user, line_pk), by=request.user)
        messages.success(request, _("The cost line is deleted; it can be restored from the activity's history."))
        return self.back("costs")


class ParticipationView(ActivityPartView):
    title = _lazy("Participation")

    def instance(self):
        try:
            return Participation.objects.get(activity=self.activity)
        except Participation.DoesNotExist:
            return Participation(activity=self.activity)

    def get(self, request):
        return self.render_form(forms.ParticipationForm(instance=self.instance(), user=request.user))

    def post(self, request):
        form = forms.ParticipationForm(request.POST, instance=self.instance(), user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        with transaction.atomic():
            form.save()
        messages.success(request, _("The participation is saved."))
        return self.back("participation")


class MilestoneFormView(ActivityPartView):
    title = _lazy("Milestone")

    def milestone(self, milestone_pk):
        if milestone_pk is None:
            return Milestone(activity=self.activity)
        return get_object_or_404(self.activity.milestones.all(), pk=milestone_pk)

    def get(self, request, milestone_pk=None):
        return self.render_form(forms.MilestoneForm(instance=self.milestone(milestone_pk), user=request.user))

    def post(self, request, milestone_pk=None):
        form = forms.MilestoneForm(request.POST, instance=self.milestone(milestone_pk), user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            warnings = milestone_save(milestone=form.instance, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(form, status=400)
        messages.success(request, _("The milestone is saved."))
        for warning in warnings:
            messages.warning(request, warning)
        return self.back("milestones")


class MilestoneDeleteView(ActivityPartView):
    """Asks first (GET), deletes on POST; the milestone stays in the activity's history."""

    def get(self, request, milestone_pk):
        milestone = get_object_or_404(self.activity.milestones.all(), pk=milestone_pk)
        return confirm_delete(request, milestone, cancel_url=self.activity.get_absolute_url() + "#milestones", parent=self.activity)

    def post(self, request, milestone_pk):
        milestone_delete(milestone=get_object_or_404(self.activity.milestones.all(), pk=milestone_pk), by=request.user)
        messages.success(request, _("The milestone is deleted; it can be restored from the activity's history."))
        return self.back("milestones")


class AttachmentCreateView(ActivityPartView):
    title = _lazy("Attachment")

    def get(self, request):
        return self.render_form(forms.ActivityAttachmentForm(user=request.user))

    def post(self, request):
        form = forms.ActivityAttachmentForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            attachment_add(
                activity=self.activity, upload=form.cleaned_data["file"], content_type=form.content_type,
                title=form.cleaned_data["title"], is_public=form.cleaned_data["is_public"], by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(form, status=400)
        messages.success(request, _("The file is attached."))
        return self.back("attachments")


class AttachmentDeleteView(ActivityPartView):
    def post(self, request, attachment_pk):
        attachment_delete(get_object_or_404(self.activity.attachments.all(), pk=attachment_pk))
        messages.success(request, _("The attachment is removed."))
        return self.back("attachments")


class AttachmentDownloadView(View):
    """Serve an activity attachment as a download, to those who may see it, never inline."""

    def get(self, request, pk):
        attachment = get_object_or_404(restrict(ActivityAttachment.objects.all(), request.user, VIEW), pk=pk)
        return download(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


class NamedPartView(ActivityPartView):
    """Named participants are personal data: hidden (404) from everyone outside the
    responsible organisation and the coordinators, even those who may change the activity."""

    title = _lazy("Named participant")

    def dispatch(self, request, *args, **kwargs):
        activity = get_object_or_404(restrict(Activity.objects.all(), request.user, VIEW), pk=kwargs["pk"])
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not named_access(request.user, activity):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class NamedParticipantCreateView(NamedPartView):
    def get(self, request):
        return self.render_form(forms.NamedParticipantForm(user=request.user), personal=True)

    def post(self, request):
        form = forms.NamedParticipantForm(request.POST, instance=NamedParticipant(activity=self.activity), user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400, personal=True)
        form.save()
        messages.success(request, _("The participant is added."))
        return self.back("named")


class NamedParticipantDeleteView(NamedPartView):
    def post(self, request, person_pk):
        get_object_or_404(restrict(self.activity.named_participants.all(), request.user, VIEW), pk=person_pk).delete()
        messages.success(request, _("The participant is removed."))
        return self.back("named")


class ActivityAcceptView(ActivityPartView):
    """A coordinator takes a proposed activity into a plan (from the activity or the plan page)."""

    def get(self, request):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request):
        if not may_choose(request.user, Activity, "plan"):
            raise PermissionDenied  # only the international office takes activities into plans
        form = forms.ActivityAcceptForm(request.POST, user=request.user)
        if not form.is_valid():
            raise BadRequest
        plan = form.cleaned_data["plan"]
        try:
            activity_accept(activity=self.activity, plan=plan, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(activity)s” is now part of the plan %(plan)s.") % {"activity": self.activity, "plan": plan})
        target = request.POST.get("next")
        if target == "plan":
            return HttpResponseRedirect(plan.get_absolute_url())
        return self.back()


class ActivityCopyView(ActivityPartView):
    """POST only: a copy of the activity as a template for a similar one, opened for editing."""

    def get(self, request):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request):
        copy = activity_copy(activity=self.activity, by=request.user)
        messages.success(request, _("A copy of “%(activity)s”: change what differs.") % {"activity": self.activity})
        return HttpResponseRedirect(reverse("plans:activity_edit", args=[copy.pk]))


def activity_urls():
    cls = ActivityResource
    replaced = {cls.url_name("create"), cls.url_name("edit")}
    patterns = [p for p in cls.urls() if p.name not in replaced]
    base = cls.prefix
    patterns += [
        path(f"{base}/new/", ActivityCreateView.as_view(resource=cls), name=cls.url_name("create")),
        path(f"{base}/<int:pk>/edit/", ActivityUpdateView.as_view(resource=cls), name=cls.url_name("edit")),
        path(f"{base}/<int:pk>/accept/", ActivityAcceptView.as_view(), name="activity_accept"),
        path(f"{base}/<int:pk>/copy/", ActivityCopyView.as_view(), name="activity_copy"),
        path(f"{base}/<int:pk>/costs/new/", CostLineFormView.as_view(), name="costline_create"),
        path(f"{base}/<int:pk>/costs/<int:line_pk>/edit/", CostLineFormView.as_view(), name="costline_edit"),
        path(f"{base}/<int:pk>/costs/<int:line_pk>/delete/", CostLineDeleteView.as_view(), name="costline_delete"),
        path(f"{base}/<int:pk>/participation/", ParticipationView.as_view(), name="participation_edit"),
        path(f"{base}/<int:pk>/milestones/new/", MilestoneFormView.as_view(), name="milestone_create"),
        path(f"{base}/<int:pk>/milestones/<int:milestone_pk>/edit/", MilestoneFormView.as_view(), name="milestone_edit"),
        path(f"{base}/<int:pk>/milestones/<int:milestone_pk>/delete/", MilestoneDeleteView.as_view(), name="milestone_delete"),
        path(f"{base}/<int:pk>/attachments/new/", AttachmentCreateView.as_view(), name="attachment_create"),
        path(f"{base}/<int:pk>/attachments/<int:attachment_pk>/delete/", AttachmentDeleteView.as_view(), name="attachment_delete"),
        path("activity-attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="attachment_download"),
        path(f"{base}/<int:pk>/named/new/", NamedParticipantCreateView.as_view(), name="namedparticipant_create"),
        path(f"{base}/<int:pk>/named/<int:person_pk>/delete/", NamedParticipantDeleteView.as_view(), name="namedparticipant_delete"),
    ]
    return patterns


urlpatterns = activity_urls()

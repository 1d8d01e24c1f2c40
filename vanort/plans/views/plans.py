"""Pages: action plans (with their status log and transitions), exchange rates and cost totals."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from vanort.core.filters import ScopedFilterSet
from vanort.core.forms import bootstrap_widgets
from vanort.core.permissions import CHANGE, VIEW, can, restrict
from vanort.core.resources import Column, Resource
from vanort.core.views import (
    ResourceCreateView,
    ResourceListView,
    ResourceView,
    _LoginRequired,
    add_errors,
)
from vanort.plans import forms
from vanort.plans.models import ActionPlan, Activity, CostLine, ExchangeRate
from vanort.plans.services.costs import cost_totals
from vanort.plans.services.plans import plan_transition
from vanort.registry.models import Network, Partnership, PriorityArea
from vanort.tenancy.models import Organisation


class ActionPlanFilterSet(ScopedFilterSet):
    search_fields = ("title_sv", "title_en", "description_sv", "description_en")
    status = django_filters.ChoiceFilter(choices=ActionPlan.Status.choices, label=_lazy("Status"))
    partnership = django_filters.ModelChoiceFilter(
        queryset=Partnership.objects.select_related("partner_city", "municipality"), label=_lazy("Partnership")
    )
    network = django_filters.ModelChoiceFilter(queryset=Network.objects.all(), label=_lazy("Network"))

    class Meta:
        model = ActionPlan
        fields = ["q", "status", "partnership", "network"]


def plan_activities(plan, user):
    """The activities of ``plan`` that ``user`` may see."""
    return restrict(plan.activities.all(), user, VIEW)


def plan_detail_context(request, plan) -> dict:
    """Everything the plan page shows, in a fixed number of queries whatever the data.

    Activities come with their organisation and areas prefetched; the progress of each area, each
    responsible organisation and the whole plan is averaged in the database; cost totals are
    summed there too, per paying organisation and cost type.
    """
    user = request.user
    visible = plan_activities(plan, user)
    activities = list(visible.select_related("responsible_organisation").prefetch_related("priority_areas"))
    areas: dict[int, PriorityArea] = {}
    by_area_members: dict[int, list[Activity]] = {}
    by_org_members: dict[int, list[Activity]] = {}
    organisations: dict[int, Organisation] = {}
    for activity in activities:
        organisations[activity.responsible_organisation_id] = activity.responsible_organisation
        by_org_members.setdefault(activity.responsible_organisation_id, []).append(activity)
        for area in activity.priority_areas.all():
            areas[area.pk] = area
            by_area_members.setdefault(area.pk, []).append(activity)

    area_rows = visible.order_by().values("priority_areas").annotate(progress=Avg("progress"), count=Count("pk", distinct=True))
    by_area = [
        {"area": areas[row["priority_areas"]], "progress": row["progress"], "count": row["count"],
         "activities": by_area_members[row["priority_areas"]]}
        for row in area_rows if row["priority_areas"] in areas
    ]
    by_area.sort(key=lambda group: (group["area"].position, str(group["area"])))
    org_rows = visible.order_by().values("responsible_organisation").annotate(progress=Avg("progress"), count=Count("pk"))
    by_org = sorted(
        (
            {"organisation": organisations[row["responsible_organisation"]], "progress": row["progress"],
             "count": row["count"], "activities": by_org_members[row["responsible_organisation"]]}
            for row in org_rows if row["responsible_organisation"] in organisations
        ),
        key=lambda group: str(group["organisation"]),
    )
    overall = visible.aggregate(progress=Avg("progress"), count=Count("pk"))

    costs = restrict(CostLine.objects.filter(activity__plan=plan), user, VIEW)
    payer_rows = list(cost_totals(costs, "paying_organisation"))
    payers = Organisation.objects.in_bulk([row["paying_organisation"] for row in payer_rows])
    cost_by_payer = [{**row, "organisation": payers.get(row["paying_organisation"])} for row in payer_rows]
    type_labels = dict(CostLine.Type.choices)
    cost_by_type = [
        {**row, "label": type_labels.get(row["cost_type"], row["cost_type"])}
        for row in cost_totals(costs, "paying_organisation", "cost_type")
    ]
    for row in cost_by_type:
        row["organisation"] = payers.get(row["paying_organisation"])
    cost_sum = costs.aggregate(estimated=Sum("estimated_home"), actual=Sum("actual_home"))

    can_change = user.is_authenticated and can(user, CHANGE, plan)
    context = {
        "activities": activities,
        "by_area": by_area,
        "by_org": by_org,
        "overall": overall,
        "cost_by_payer": cost_by_payer,
        "cost_by_type": cost_by_type,
        "cost_sum": cost_sum,
        "home_currency": plan.municipality.currency,
        "status_changes": plan.status_changes.select_related("by") if can_change or _reads_all(user) else None,
        "transition_form": None,
        "proposed": [],
    }
    if can_change:
        form = forms.PlanTransitionForm(plan=plan)
        bootstrap_widgets(form)
        context["transition_form"] = form if form.fields["to_status"].choices else None
        if plan.status != ActionPlan.Status.CLOSED:
            context["proposed"] = list(proposed_for(plan, user))
    return context


def _reads_all(user) -> bool:
    from vanort.core.roles import MUNICIPALITY_READERS

    return getattr(user, "is_authenticated", False) and user.role in MUNICIPALITY_READERS


def proposed_for(plan, user):
    """Proposed activities without a plan that ``plan`` could take: same partnership or network, or none."""
    subject = Q(partnership=plan.partnership_id) if plan.partnership_id else Q(network=plan.network_id)
    candidates = Activity.objects.filter(
        municipality=plan.municipality_id, plan__isnull=True, status=Activity.Status.PROPOSED
    ).filter(subject | Q(partnership__isnull=True, network__isnull=True))
    return restrict(candidates, user, CHANGE).select_related("responsible_organisation").order_by("planned_start", "pk")


class ActionPlanResource(Resource):
    model = ActionPlan
    prefix = "plans"
    form_class = forms.ActionPlanForm
    filterset_class = ActionPlanFilterSet
    columns = (
        Column("title", _lazy("Title"), "title", link=True),
        Column("subject", _lazy("Partnership or network")),
        Column("period_start", _lazy("Period starts"), "period_start"),
        Column("period_end", _lazy("Period ends"), "period_end"),
        Column("status", _lazy("Status"), "status"),
    )
    default_sort = "-period_start"
    select_related = ("partnership__partner_city", "partnership__municipality", "network")
    detail_select_related = (*select_related, "municipality", "coordinator")
    detail_template = "plans/actionplan_detail.html"

    @staticmethod
    def detail_context(request, plan):
        return plan_detail_context(request, plan)


class ActionPlanCreateView(ResourceCreateView):
    def prepare(self, instance) -> None:
        super().prepare(instance)
        if instance.coordinator_id is None:
            instance.coordinator = self.request.user


class PlanTransitionView(ResourceView):
    """POST only: move a plan to another status through ``plan_transition``."""

    resource = ActionPlanResource

    def post(self, request, pk):
        plan = self.get_visible(pk)
        self.require(CHANGE, plan)
        form = forms.PlanTransitionForm(request.POST, plan=plan)
        if not form.is_valid():
            wanted = request.POST.get("to_status", "")
            label = dict(ActionPlan.Status.choices).get(wanted, wanted)
            messages.error(request, _("An action plan cannot go from “%(from)s” to “%(to)s”.")
                           % {"from": plan.get_status_display(), "to": label})
            return HttpResponseRedirect(plan.get_absolute_url())
        try:
            plan = plan_transition(plan=plan, to_status=form.cleaned_data["to_status"], by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(plan.get_absolute_url())
        messages.success(request, _("The action plan is now “%(status)s”.") % {"status": plan.get_status_display()})
        return HttpResponseRedirect(plan.get_absolute_url())


def plan_urls():
    cls = ActionPlanResource
    patterns = [p for p in cls.urls() if p.name != cls.url_name("create")]
    patterns.append(path(f"{cls.prefix}/new/", ActionPlanCreateView.as_view(resource=cls), name=cls.url_name("create")))
    patterns.append(path(f"{cls.prefix}/<int:pk>/status/", PlanTransitionView.as_view(), name="actionplan_transition"))
    return patterns


# Exchange rates --------------------------------------------------------------------------------


class ExchangeRateFilterSet(ScopedFilterSet):
    search_fields = ("currency",)

    class Meta:
        model = ExchangeRate
        fields = ["q"]


class ExchangeRateResource(Resource):
    """A small list and a create form; a rate is corrected by adding a newer one."""

    model = ExchangeRate
    prefix = "exchange-rates"
    form_class = forms.ExchangeRateForm
    filterset_class = ExchangeRateFilterSet
    has_history = False
    columns = (
        Column("currency", _lazy("Currency"), "currency"),
        Column("valid_from", _lazy("Valid from"), "valid_from"),
        Column("rate", _lazy("Rate"), "rate"),
    )
    default_sort = "currency"


class ExchangeRateCreateView(ResourceCreateView):
    def save(self, form, obj):
        """Save a rate and go back to the list (a rate has no page of its own)."""
        try:
            with transaction.atomic():
                instance = form.save(commit=False)
                self.prepare(instance)
                instance.full_clean()
                instance.save()
        except ValidationError as error:
            add_errors(form, error)
            bootstrap_widgets(form)
            return self.render_form(form, obj, status=400)
        messages.success(self.request, _("Saved: %(name)s") % {"name": instance})
        return HttpResponseRedirect(self.url("list"))


def rate_urls():
    cls = ExchangeRateResource
    return [
        path(f"{cls.prefix}/", ResourceListView.as_view(resource=cls), name=cls.url_name("list")),
        path(f"{cls.prefix}/new/", ExchangeRateCreateView.as_view(resource=cls), name=cls.url_name("create")),
    ]


# Cost totals -----------------------------------------------------------------------------------


class CostTotalsView(View):
    """Totals for the user's municipality per paying organisation, and per cost type, year,
    priority area, plan and partnership — always split by who paid (costs are never pooled)."""

    def get(self, request):
        user = request.user
        if not user.is_authenticated:
            raise _LoginRequired()
        costs = restrict(CostLine.objects.all(), user, VIEW)
        form = forms.CostFilterForm(request.GET or None, user=user)
        bootstrap_widgets(form)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data.get("year"):
                costs = costs.filter(year=data["year"])
            if data.get("partnership"):
                costs = costs.filter(activity__partnership=data["partnership"])
            if data.get("plan"):
                costs = costs.filter(activity__plan=data["plan"])
        elif form.is_bound:
            costs = costs.none()

        payer_rows = list(cost_totals(costs, "paying_organisation"))
        dims = {
            "cost_type": list(cost_totals(costs, "cost_type", "paying_organisation")),
            "year": list(cost_totals(costs, "year", "paying_organisation")),
            "area": list(cost_totals(costs, "activity__priority_areas", "paying_organisation")),
            "plan": list(cost_totals(costs, "activity__plan", "paying_organisation")),
            "partnership": list(cost_totals(costs, "activity__partnership", "paying_organisation")),
        }
        org_ids = {row["paying_organisation"] for row in payer_rows}
        payers = Organisation.objects.in_bulk(org_ids)
        areas = PriorityArea.objects.in_bulk({row["activity__priority_areas"] for row in dims["area"]} - {None})
        plans = ActionPlan.objects.in_bulk({row["activity__plan"] for row in dims["plan"]} - {None})
        partnerships = Partnership.objects.select_related("partner_city", "municipality").in_bulk(
            {row["activity__partnership"] for row in dims["partnership"]} - {None}
        )
        type_labels = dict(CostLine.Type.choices)
        none = _("(none)")
        label = {
            "cost_type": lambda key: type_labels.get(key, key),
            "year": lambda key: key,
            "area": lambda key: areas.get(key, none),
            "plan": lambda key: plans.get(key, none),
            "partnership": lambda key: partnerships.get(key, none),
        }
        keys = {"cost_type": "cost_type", "year": "year", "area": "activity__priority_areas",
                "plan": "activity__plan", "partnership": "activity__partnership"}
        titles = {
            "cost_type": _("Per cost type and paying organisation"),
            "year": _("Per year and paying organisation"),
            "area": _("Per priority area and paying organisation"),
            "plan": _("Per action plan and paying organisation"),
            "partnership": _("Per partnership and paying organisation"),
        }
        first_col = {"cost_type": _("Cost type"), "year": _("Year"), "area": _("Priority area"),
                     "plan": _("Action plan"), "partnership": _("Partnership")}
        tables = [
            {
                "id": name,
                "title": titles[name],
                "first": first_col[name],
                "rows": [
                    {"label": label[name](row[keys[name]]), "organisation": payers.get(row["paying_organisation"]),
                     "estimated": row["estimated"], "actual": row["actual"]}
                    for row in rows
                ],
            }
            for name, rows in dims.items()
        ]
        totals = costs.aggregate(estimated=Sum("estimated_home"), actual=Sum("actual_home"))
        municipality = getattr(user, "municipality", None)
        return render(request, "plans/cost_totals.html", {
            "form": form,
            "by_payer": [{**row, "organisation": payers.get(row["paying_organisation"])} for row in payer_rows],
            "tables": tables,
            "totals": totals,
            "home_currency": municipality.currency if municipality else "SEK",
        })

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())


urlpatterns = [
    *plan_urls(),
    *rate_urls(),
    path("costs/", CostTotalsView.as_view(), name="cost_totals"),
]

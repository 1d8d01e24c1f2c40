"""Pages: action plans (with their status log and transitions), exchange rates and cost totals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html import escape

import django_filters
from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Avg, Count, Q, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from vanort.core.downloads import page_query, readable, requested_format, table_response
from vanort.core.filters import ScopedFilterSet
from vanort.core.forms import bootstrap_widgets
from vanort.core.history import HIDDEN
from vanort.core.permissions import CHANGE, VIEW, can, can_add, may_read_field, restrict, signed_in
from vanort.core.resources import Column, Resource
from vanort.core.views import (
    ResourceCreateView,
    ResourceListView,
    ResourceView,
    _LoginRequired,
    add_errors,
)
from vanort.core.widgets import lean_selects
from vanort.plans import forms
from vanort.plans.models import (
    ActionPlan,
    Activity,
    CostAreaSummary,
    CostLine,
    CostSummary,
    ExchangeRate,
)
from vanort.plans.services.carry import carry_candidates, plan_carry_forward
from vanort.plans.services.costs import summary_totals
from vanort.plans.services.plans import plan_transition
from vanort.plans.templatetags.plans_tags import money_formatter
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


PLAN_PAGE_ROWS = 50
#: What a row of activities on the plan page shows (loading only these keeps 50 rows cheap).
ACTIVITY_ROW_FIELDS = ("pk", "title", "municipality", "plan", "planned_start", "status", "progress", "responsible_organisation__name")
PROPOSED_ROWS = 50


def _rollup_sums():
    return {
        "count": Count("pk", distinct=True),
        "progress": Avg("progress"),
        **{f"n_{status}": Count("pk", filter=Q(status=status), distinct=True) for status in Activity.Status.values},
    }


def _rollup(rows):
    """Count, status counts and average progress of grouped activities, computed in the database."""
    return rows.annotate(**_rollup_sums())


def _with_statuses(row):
    row["statuses"] = [row[f"n_{status}"] for status in Activity.Status.values]
    return row


def plan_detail_context(request, plan) -> dict:
    """Everything the plan page shows, in a fixed number of queries whatever the plan's size.

    Per priority area, per responsible organisation and for the whole plan: the number of
    activities, how many are in each status and the average progress — all counted in the
    database. The activities themselves come a page of 50 at a time (the activity list, filtered
    by the plan, shows them all). Costs are read from the cost summaries, per paying organisation
    and cost type.
    """
    user = request.user
    visible = plan_activities(plan, user)

    area_rows = [_with_statuses(row) for row in _rollup(visible.order_by().values("priority_areas"))]
    areas = PriorityArea.objects.in_bulk({row["priority_areas"] for row in area_rows} - {None})
    by_area = [{**row, "area": areas[row["priority_areas"]]} for row in area_rows if row["priority_areas"] in areas]
    by_area.sort(key=lambda group: (group["area"].position, str(group["area"])))
    org_rows = _rollup(visible.order_by().values("responsible_organisation", "responsible_organisation__name"))
    by_org = sorted(
        ({**_with_statuses(row), "organisation": row["responsible_organisation__name"]} for row in org_rows),
        key=lambda group: str(group["organisation"]),
    )
    overall = _with_statuses(visible.aggregate(**_rollup_sums()))

    paginator = Paginator(
        visible.select_related("responsible_organisation").only(*ACTIVITY_ROW_FIELDS).order_by("planned_start", "pk"),
        PLAN_PAGE_ROWS,
    )
    paginator.count = overall["count"]  # already counted with the roll-up
    activities = paginator.get_page(request.GET.get("page"))
    activities.object_list = rows = list(activities.object_list)
    links: dict[int, list[PriorityArea]] = {}
    for activity_id, area_id in Activity.priority_areas.through.objects.filter(
        activity_id__in=[activity.pk for activity in rows]
    ).values_list("activity_id", "priorityarea_id"):
        if area_id in areas:
            links.setdefault(activity_id, []).append(areas[area_id])
    for activity in rows:
        activity.area_names = ", ".join(
            str(area) for area in sorted(links.get(activity.pk, ()), key=lambda area: (area.position, str(area))))

    summaries = restrict(CostSummary.objects.filter(plan=plan), user, VIEW)
    payer_rows = list(summary_totals(summaries, "paying_organisation"))
    payers = Organisation.objects.in_bulk([row["paying_organisation"] for row in payer_rows])
    cost_by_payer = [{**row, "organisation": payers.get(row["paying_organisation"])} for row in payer_rows]
    type_labels = dict(CostLine.Type.choices)
    cost_by_type = [
        {**row, "label": type_labels.get(row["cost_type"], row["cost_type"]), "organisation": payers.get(row["paying_organisation"])}
        for row in summary_totals(summaries, "paying_organisation", "cost_type")
    ]
    actuals = [row["actual"] for row in payer_rows if row["actual"] is not None]
    cost_sum = {"estimated": sum(row["estimated"] for row in payer_rows) if payer_rows else None,
                "actual": sum(actuals) if actuals else None}

    can_change = user.is_authenticated and can(user, CHANGE, plan)
    context = {
        "activities": activities,
        "activity_list_url": reverse("plans:activity_list") + f"?plan={plan.pk}",
        "statuses": Activity.Status.labels,
        "by_area": by_area,
        "by_org": by_org,
        "overall": overall,
        "cost_by_payer": cost_by_payer,
        "cost_by_type": cost_by_type,
        "cost_sum": cost_sum,
        "home_currency": plan.municipality.currency,
        "status_changes": plan.status_changes.select_related("by") if may_read_field(user, plan, "status_changes") else None,
        "transition_form": None,
        "can_carry": can_change and can_add(user, ActionPlan),
        "proposed": [],
        "proposed_count": 0,
    }
    if can_change:
        form = forms.PlanTransitionForm(plan=plan)
        bootstrap_widgets(form)
        context["transition_form"] = form if form.fields["to_status"].choices else None
        if plan.status != ActionPlan.Status.CLOSED:
            candidates = proposed_for(plan, user).only(*ACTIVITY_ROW_FIELDS)
            context["proposed"] = list(candidates[:PROPOSED_ROWS])
            context["proposed_count"] = (
                len(context["proposed"]) if len(context["proposed"]) < PROPOSED_ROWS else candidates.count()
            )
    return context


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
    related_lists = ("plans:exchangerate_list",)
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


class PlanCarryForwardView(ResourceView):
    """"Prepare the next plan": the list of what it would take, then a new draft plan."""

    resource = ActionPlanResource

    def setup_plan(self, pk):
        plan = self.get_visible(pk)
        self.require(CHANGE, plan)
        if not can_add(self.request.user, ActionPlan):
            raise PermissionDenied
        return plan, carry_candidates(plan)

    def render_page(self, plan, form, status=200):
        bootstrap_widgets(form)
        return render(self.request, "plans/carry_forward.html", {"plan": plan, "form": form}, status=status)

    def get(self, request, pk):
        plan, candidates = self.setup_plan(pk)
        start = plan.period_end + datetime.timedelta(days=1)
        end = start + relativedelta(plan.period_end + datetime.timedelta(days=1), plan.period_start) - datetime.timedelta(days=1)
        form = forms.CarryForwardForm(candidates=candidates, initial={
            "title": _next_title(plan.title, (plan.period_start, plan.period_end), (start, end)), "period_start": start,
            "period_end": end, "activities": [a.pk for a in candidates]})
        return self.render_page(plan, form)

    def post(self, request, pk):
        plan, candidates = self.setup_plan(pk)
        form = forms.CarryForwardForm(request.POST, candidates=candidates)
        if not form.is_valid():
            return self.render_page(plan, form, status=400)
        data = form.cleaned_data
        chosen = set(data["activities"])
        try:
            new_plan = plan_carry_forward(plan=plan, by=request.user, title=data["title"], period_start=data["period_start"],
                                          period_end=data["period_end"], leave_out=[a.pk for a in candidates if a.pk not in chosen])
        except ValidationError as error:
            add_errors(form, error)
            return self.render_page(plan, form, status=400)
        messages.success(request, _("The draft plan %(plan)s has %(count)s activities.") % {
            "plan": new_plan, "count": new_plan.activities.count()})
        return HttpResponseRedirect(new_plan.get_absolute_url())


def _next_title(title: str, old, new) -> str:
    """The old plan's title with its years ("2025–2026") replaced by the new period's ("2027–2028")."""
    def years(start, end):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"

    return title.replace(years(*old), years(*new)) if years(*old) in title else title


def plan_urls():
    cls = ActionPlanResource
    patterns = [p for p in cls.urls() if p.name != cls.url_name("create")]
    patterns.append(path(f"{cls.prefix}/new/", ActionPlanCreateView.as_view(resource=cls), name=cls.url_name("create")))
    patterns.append(path(f"{cls.prefix}/<int:pk>/status/", PlanTransitionView.as_view(), name="actionplan_transition"))
    patterns.append(path(f"{cls.prefix}/<int:pk>/next/", PlanCarryForwardView.as_view(), name="actionplan_carry"))
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
    priority area, plan and partnership — always split by who paid (costs are never pooled).

    Read from the cost summaries (kept in the same transaction as the cost lines), which hold the
    same exact sums in a few thousand rows instead of every cost line; the rows are formatted once
    in Python so that thousands of amounts render quickly.
    """

    reach = staticmethod(signed_in)

    def get(self, request):
        user = request.user
        if not self.reach(user):
            raise _LoginRequired()
        summaries = restrict(CostSummary.objects.all(), user, VIEW)
        area_summaries = restrict(CostAreaSummary.objects.all(), user, VIEW)
        form = forms.CostFilterForm(request.GET or None, user=user)
        bootstrap_widgets(form)
        lean_selects(form)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            where = {}
            if data.get("year"):
                where["year"] = data["year"]
            if data.get("partnership"):
                where["partnership"] = data["partnership"]
            if data.get("plan"):
                where["plan"] = data["plan"]
            summaries = summaries.filter(**where)
            area_summaries = area_summaries.filter(**where)
        elif form.is_bound:
            summaries = summaries.none()
            area_summaries = area_summaries.none()

        payer_rows = list(summary_totals(summaries, "paying_organisation"))
        dims = {
            "cost_type": list(summary_totals(summaries, "cost_type", "paying_organisation")),
            "year": list(summary_totals(summaries, "year", "paying_organisation")),
            "area": list(summary_totals(area_summaries, "area", "paying_organisation")),
            "plan": list(summary_totals(summaries, "plan", "paying_organisation")),
            "partnership": list(summary_totals(summaries, "partnership", "paying_organisation")),
        }
        # Every name passes through the gate: a sum over one's own cost lines under an internal
        # partnership, plan or an inactive area is shown under "–", never under its name.
        payers = {pk: str(org) for pk, org in restrict(Organisation.objects.all(), user, VIEW).in_bulk(
            {row["paying_organisation"] for row in payer_rows}).items()}
        areas = restrict(PriorityArea.objects.all(), user, VIEW).in_bulk({row["area"] for row in dims["area"]} - {None})
        plans = restrict(ActionPlan.objects.all(), user, VIEW).in_bulk({row["plan"] for row in dims["plan"]} - {None})
        partnerships = restrict(Partnership.objects.select_related("partner_city", "municipality"), user, VIEW).in_bulk(
            {row["partnership"] for row in dims["partnership"]} - {None}
        )
        type_labels = dict(CostLine.Type.choices)
        none = _("(none)")

        def label(found, key):
            return none if key is None else str(found.get(key, HIDDEN))

        names = {
            "cost_type": {key: str(type_labels.get(key, key)) for key in {row["cost_type"] for row in dims["cost_type"]}},
            "year": {row["year"]: str(row["year"]) for row in dims["year"]},
            "area": {key: label(areas, key) for key in {row["area"] for row in dims["area"]}},
            "plan": {key: label(plans, key) for key in {row["plan"] for row in dims["plan"]}},
            "partnership": {key: label(partnerships, key) for key in {row["partnership"] for row in dims["partnership"]}},
        }
        titles = {
            "cost_type": _("Per cost type and paying organisation"),
            "year": _("Per year and paying organisation"),
            "area": _("Per priority area and paying organisation"),
            "plan": _("Per action plan and paying organisation"),
            "partnership": _("Per partnership and paying organisation"),
        }
        first_col = {"cost_type": _("Cost type"), "year": _("Year"), "area": _("Priority area"),
                     "plan": _("Action plan"), "partnership": _("Partnership")}
        municipality = getattr(user, "municipality", None)
        home_currency = municipality.currency if municipality else "SEK"
        money = money_formatter("")  # amounts are digits and separators; the currency is in the header
        payer_cells = {pk: escape(name) for pk, name in payers.items()}
        tables = []
        for name, rows in dims.items():
            labels = {key: escape(label) for key, label in names[name].items()}
            # Thousands of rows: written out here, each name escaped once, instead of a template
            # loop (the page rendered ten times slower that way).
            body = "".join(
                f'<tr><th scope="row">{labels[row[name]]}</th><td>{payer_cells.get(row["paying_organisation"], "")}</td>'
                f'<td class="num">{money(row["estimated"])}</td><td class="num">{money(row["actual"])}</td></tr>'
                for row in rows
            )
            tables.append({"id": name, "title": titles[name], "first": first_col[name], "rows": rows, "body": mark_safe(body)})  # noqa: S308
        fmt = requested_format(request)
        if fmt:
            return self.download(fmt, home_currency, payer_rows, payers, dims, names, titles)
        totals = summaries.aggregate(estimated=Sum("estimated"), actual=Sum("actual"))
        return render(request, "plans/cost_totals.html", {
            "query": page_query(request),
            "form": form,
            "by_payer": [{**row, "organisation": payers.get(row["paying_organisation"])} for row in payer_rows],
            "tables": tables,
            "totals": totals,
            "home_currency": home_currency,
        })

    @staticmethod
    def download(fmt, currency, payer_rows, payers, dims, names, titles):
        """The page's tables as one list: a row per breakdown, value and paying organisation,
        amounts in the home currency as numbers (never pooled across payers)."""
        def amount(minor):
            return Decimal(int(minor or 0)) / 100

        rows = [[_("Per paying organisation"), "", payers.get(row["paying_organisation"], ""),
                 amount(row["estimated"]), amount(row["actual"])] for row in payer_rows]
        for name, dim_rows in dims.items():
            rows += [[titles[name], names[name].get(row[name], ""), payers.get(row["paying_organisation"], ""),
                      amount(row["estimated"]), amount(row["actual"])] for row in dim_rows]
        headers = [_("Breakdown"), _("Value"), _("Paying organisation"),
                   _("Estimated (%(currency)s)") % {"currency": currency},
                   _("Actual (%(currency)s)") % {"currency": currency}]
        return table_response(fmt=fmt, title=_("costs"), headers=headers,
                              rows=([readable(cell) for cell in row] for row in rows))

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

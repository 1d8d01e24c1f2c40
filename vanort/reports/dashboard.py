"""The start page of signed-in coordinators, board members and unit editors.

What is due, key figures and the latest changes to the municipality's records. The anonymous
public (and partner contributors) keep the public start page of ``vanort.registry.home``.
The number of queries is fixed: it does not grow with the records.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from vanort.core.permissions import VIEW, everyone, restrict
from vanort.core.roles import MUNICIPALITY_READERS, Role
from vanort.plans.models import ActionPlan, Activity, Participation, VisitNotice
from vanort.registry.home import home as public_home
from vanort.registry.models import Agreement, Partnership
from vanort.reports import due
from vanort.reports.charts import bar_chart
from vanort.reports.tables import INT, Column, Table

RECENT = 12


def key_figures(user, today: datetime.date) -> dict:
    partnerships = restrict(Partnership.objects.all(), user, VIEW).aggregate(
        active=Count("pk", filter=Q(status=Partnership.Status.ACTIVE)), proposed=Count("pk", filter=Q(status=Partnership.Status.PROPOSED)),
    )
    year_start, year_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    acts = restrict(Activity.objects.all(), user, VIEW).filter(municipality_id=user.municipality_id).filter(
        Q(actual_start__range=(year_start, year_end)) | Q(actual_start__isnull=True, planned_start__range=(year_start, year_end))
    )
    by_status = {r["status"]: r["n"] for r in acts.order_by().values("status").annotate(n=Count("pk"))}
    participants = restrict(Participation.objects.all(), user, VIEW).filter(activity_id__in=acts.values("pk")).aggregate(
        total=Sum("total"))["total"] or 0
    labels = dict(Activity.Status.choices)
    status_table = Table(
        id="dash-status", title=_("Activities in %(year)s by status") % {"year": today.year},
        columns=[Column(_("Status")), Column(_("Activities"), INT)],
        rows=[[labels[s], by_status.get(s, 0)] for s in Activity.Status.values], chart=1,
        summary=ngettext("%(total)s activity in %(year)s, %(done)s of them done.",
                         "%(total)s activities in %(year)s, %(done)s of them done.", sum(by_status.values()))
        % {"total": sum(by_status.values()), "done": by_status.get(Activity.Status.DONE, 0), "year": today.year},
    )
    return {
        "partnerships": partnerships,
        "activities": sum(by_status.values()),
        "participants": participants,
        "status_table": status_table,
        "status_chart": bar_chart(status_table),
    }


def recent_changes(user, limit: int = RECENT) -> list:
    """The latest history records of the municipality's partnerships, plans, activities, visits and
    agreements: one query per kind of record, merged by date."""
    municipality = user.municipality_id
    def partnership_label(record):
        return f"{record.municipality.name} – {record.partner_city.name}"

    sources = [  # (history, related rows to join, label): labels never query row by row
        (Partnership.history.filter(municipality_id=municipality), Partnership, ("municipality", "partner_city"), partnership_label),
        (ActionPlan.history.filter(municipality_id=municipality), ActionPlan, (), lambda r: r.title),
        (Activity.history.filter(municipality_id=municipality), Activity, (), lambda r: r.title),
        (VisitNotice.history.filter(municipality_id=municipality), VisitNotice, (), lambda r: VisitNotice.__str__(r)),
        (Agreement.history.filter(partnership__municipality_id=municipality), Agreement, (), lambda r: r.title),
    ]
    records = []
    for qs, model, related, label in sources:
        for record in qs.select_related("history_user", *related).order_by("-history_date", "-history_id")[:limit]:
            records.append({"model": model._meta.verbose_name, "record": label(record), "date": record.history_date,
                            "user": record.history_user, "type": record.history_type, "id": record.id,
                            "url": "" if record.history_type == "-" else _detail_url(model, record.id)})
    records.sort(key=lambda r: r["date"], reverse=True)
    return records[:limit]


def _detail_url(model, pk) -> str:
    from django.urls import NoReverseMatch, reverse

    names = {"partnership": "registry:partnership_detail", "actionplan": "plans:actionplan_detail",
             "activity": "plans:activity_detail", "visitnotice": "plans:visitnotice_detail", "agreement": "registry:agreement_detail"}
    try:
        return reverse(names[model._meta.model_name], args=[pk])
    except (KeyError, NoReverseMatch):
        return ""


@require_safe
def dashboard(request):
    """The signed-in start page; the public start page for everyone else."""
    user = request.user
    if not user.is_authenticated or user.role not in MUNICIPALITY_READERS:
        return public_home(request)
    today = timezone.localdate()
    if user.role == Role.UNIT_EDITOR:
        kinds = (due.VISIT_REPORT, due.RENEWAL, due.ANNIVERSARY)
    else:
        kinds = due.KINDS
    items = due.due_items(user, today, kinds)
    if user.role == Role.UNIT_EDITOR:
        items = [i for i in items if i.kind != due.VISIT_REPORT or i.organisation_id == user.organisation_id]
    context = {
        "today": today,
        "items": items,
        "overdue": sum(1 for i in items if i.overdue),
        "figures": key_figures(user, today),
        "changes": recent_changes(user),
        "is_board": user.role == Role.BOARD,
        "years": [today.year - 1, today.year],
    }
    return render(request, "reports/dashboard.html", context)


dashboard.reach = everyone

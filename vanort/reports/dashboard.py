"""The start page of signed-in users: each role's own work first.

Coordinators, administrators and the board: what is due, key figures of the current and next
plan period, and the latest changes to the municipality's records. Unit editors and partner
contributors: their own organisation's activities, proposals and visit reports due (unit editors
also the municipality's figures; partners read no municipality-wide records). The anonymous
public keeps the public start page of ``vanort.registry.home``.
The number of queries is fixed: it does not grow with the records.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from vanort.core.permissions import (
    VIEW,
    can_add,
    edits_municipality,
    everyone,
    reads_municipality,
    restrict,
)
from vanort.plans.models import ActionPlan, Activity, VisitNotice
from vanort.registry.home import home as public_home
from vanort.registry.models import Agreement, Partnership
from vanort.reports import due

RECENT = 12


def key_figures(user, today: datetime.date) -> dict:
    partnerships = restrict(Partnership.objects.all(), user, VIEW).aggregate(
        active=Count("pk", filter=Q(status=Partnership.Status.ACTIVE)), proposed=Count("pk", filter=Q(status=Partnership.Status.PROPOSED)),
    )
    return {"partnerships": partnerships, "periods": plan_periods(user, today)}


def plan_periods(user, today: datetime.date) -> list[dict]:
    """The current plan period (or, between plans, the last one) and the next, with their figures.

    Two queries, whatever the number of plans: the periods, then the activities and participants.
    """
    plans = restrict(ActionPlan.objects.filter(municipality_id=user.municipality_id), user, VIEW)
    by_period = plans.order_by().values("period_start", "period_end").annotate(n=Count("pk"))
    counts = {(row["period_start"], row["period_end"]): row["n"] for row in by_period}
    periods = sorted(counts)
    current = [p for p in periods if p[0] <= today <= p[1]] or [p for p in periods if p[1] < today][-1:]
    chosen = current[-1:] + [p for p in periods if p[0] > today][:1]
    if not chosen:
        return []
    in_chosen = Q()
    for start, end in chosen:
        in_chosen |= Q(plan__period_start=start, plan__period_end=end)
    acts = restrict(Activity.objects.all(), user, VIEW).filter(in_chosen, plan__in=plans)
    # A participation is seen with its activity (the same scope), so it is summed in the same query.
    figures = {
        (row["plan__period_start"], row["plan__period_end"]): row
        for row in acts.order_by().values("plan__period_start", "plan__period_end").annotate(
            n=Count("pk"), done=Count("pk", filter=Q(status=Activity.Status.DONE)), participants=Sum("participation__total"))
    }
    return [
        {
            "start": start, "end": end, "current": start <= today <= end, "upcoming": start > today,
            "label": str(start.year) if start.year == end.year else f"{start.year}–{end.year}",
            "plans": counts[(start, end)], "activities": figures.get((start, end), {}).get("n", 0),
            "done": figures.get((start, end), {}).get("done", 0),
            "participants": figures.get((start, end), {}).get("participants") or 0,
        }
        for start, end in chosen
    ]


#: How many of one's own activities the start page lists (the list page has the rest).
OWN = 10


def own_work(user, today: datetime.date, items) -> dict:
    """A unit editor's or partner's own organisation: its latest activities, proposals and visit reports due."""
    mine = restrict(Activity.objects.all(), user, VIEW).filter(responsible_organisation_id=user.organisation_id)
    in_plans = mine.exclude(status=Activity.Status.PROPOSED).filter(plan__isnull=False)
    return {
        "activities": list(in_plans.order_by(F("planned_start").desc(nulls_last=True), "-pk")[:OWN]),
        "drafts": list(mine.filter(Q(status=Activity.Status.PROPOSED) | Q(plan__isnull=True)).order_by("-updated_at", "pk")[:OWN]),
        "reports": [i for i in items if i.kind == due.VISIT_REPORT and i.organisation_id == user.organisation_id],
        "list_url": reverse("plans:activity_list") + f"?organisation={user.organisation_id}",
        "organisation": user.organisation,
    }


def recent_changes(user, limit: int = RECENT) -> list:
    """The latest history records of the municipality's partnerships, plans, activities, visits and
    agreements that ``user`` reads all of (deleted ones too, so not through ``restrict``): one query
    per kind of record, merged by date."""
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
        if not reads_municipality(user, model, municipality):
            continue
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


def works_for_own_organisation(user) -> bool:
    """Whether ``user`` works on its own organisation's activities only (unit editors, partners):
    the gate lets them add activities, but not change every activity of the municipality."""
    return can_add(user, Activity) and not edits_municipality(user, Activity)


def due_kinds(*, own: bool, municipal: bool) -> tuple[str, ...]:
    """What is due that concerns a reader: follow-ups and reviews those who work for the whole
    municipality; renewals and anniversaries those who read all of its records; visit reports and
    milestones everyone (their own, for those working for their own organisation)."""
    kinds = due.KINDS if not own else tuple(k for k in due.KINDS if k not in (due.FOLLOW_UP, due.REVIEW))
    return kinds if municipal else tuple(k for k in kinds if k not in (due.RENEWAL, due.ANNIVERSARY))


@require_safe
def dashboard(request):
    """The signed-in start page of the municipality's people and partners; the public one otherwise."""
    user = request.user
    # A partner reads only public rows and its own: no municipality-wide figures or history for it.
    municipal = reads_municipality(user, Partnership, getattr(user, "municipality_id", None))
    own = works_for_own_organisation(user)
    if not (municipal or own):
        return public_home(request)
    today = timezone.localdate()
    kinds = due_kinds(own=own, municipal=municipal)
    items = due.due_items(user, today, kinds)
    if own:
        items = [i for i in items if i.kind != due.VISIT_REPORT or i.organisation_id == user.organisation_id]
    context = {
        "today": today,
        "items": items,
        "overdue": sum(1 for i in items if i.overdue),
        "own": own_work(user, today, items) if own else None,
        "figures": key_figures(user, today) if municipal else None,
        "changes": recent_changes(user) if municipal else [],
        "municipal": municipal,
        "years": [today.year - 1, today.year],
    }
    return render(request, "reports/dashboard.html", context)


dashboard.reach = everyone

"""Carry a plan into the next period, and copy a single activity as a template.

"Prepare the next plan" copies the recurring and unfinished activities of a plan — with their
responsible and participating organisations, priority areas, goals, milestones (offset to the new
dates, not done) and estimated costs (no actual amounts) — into a new draft plan; done and
cancelled activities that do not repeat stay where they are. The coordinator sees the list first
(:func:`carry_candidates`) and can leave items out. Everything is written in one transaction,
in bulk: a plan of 600 activities is a few dozen queries (``bench/recurring.py``).
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from vanort.core.permissions import CHANGE, can, can_add
from vanort.core.versioning import save_versioned
from vanort.plans.models import ActionPlan, Activity, CostLine
from vanort.plans.services.activities import activity_save
from vanort.plans.services.costs import refresh_cost_summary
from vanort.plans.services.milestones import activity_progress_refresh
from vanort.plans.services.series import activity_like, copy_milestones, rule_dates

FINISHED = (Activity.Status.DONE, Activity.Status.CANCELLED)


def carry_candidates(plan: ActionPlan) -> list[Activity]:
    """What the next plan takes from ``plan``: each series once (its latest occurrence stands for
    it), and the unfinished activities that do not repeat."""
    activities = plan.activities.filter(Q(series__isnull=False) | ~Q(status__in=FINISHED)).select_related(
        "series", "responsible_organisation").order_by("planned_start", "pk")
    latest: dict[int, Activity] = {}
    found = []
    for activity in activities:
        if activity.series_id:
            latest[activity.series_id] = activity
        else:
            found.append(activity)
    return sorted(found + list(latest.values()), key=lambda a: (a.planned_start or datetime.date.max, a.pk))


def _series_dates(activity: Activity, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The series' dates in the new period; if its rule has ended, the latest date a whole number
    of years on (the yearly rhythm of the work), when that falls in the period."""
    series = activity.series
    dates = [d for d in rule_dates(series.rrule, series.first_start) if start <= d <= end]
    if dates or activity.planned_start is None:
        return dates
    later = years_on(activity.planned_start, start)
    return [later] if later <= end else []


def years_on(day: datetime.date, start: datetime.date) -> datetime.date:
    """``day`` moved on by the fewest whole years (at least one) that bring it to ``start`` or later."""
    years = max(1, start.year - day.year)
    while day + relativedelta(years=years) < start:
        years += 1
    return day + relativedelta(years=years)


def plan_carry_forward(*, plan: ActionPlan, by, title: str, period_start: datetime.date, period_end: datetime.date,
                       leave_out=()) -> ActionPlan:
    """A new draft plan for ``period_start``–``period_end`` with copies of the candidates not left out."""
    if by is not None and not (can(by, CHANGE, plan) and can_add(by, ActionPlan)):
        raise PermissionDenied
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    leave_out = {int(pk) for pk in leave_out}
    sources, copies = [], []
    for source in carry_candidates(plan):
        if source.pk in leave_out:
            continue
        if source.series_id:
            for day in _series_dates(source, period_start, period_end):
                copy = activity_like(source, plan=None, shift=day - source.planned_start, by=by)
                if day in rule_dates(source.series.rrule, source.series.first_start):
                    copy.series_id, copy.series_date = source.series_id, day
                sources.append(source)
                copies.append(copy)
        else:
            # Unfinished work keeps its time of year, moved on into the new period.
            moved = years_on(source.planned_start, period_start) - source.planned_start if source.planned_start else datetime.timedelta()
            sources.append(source)
            copies.append(activity_like(source, plan=None, shift=moved, by=by))
    prefetch_related_objects(sources, "priority_areas", "participating_organisations")
    with transaction.atomic():
        new_plan = ActionPlan(municipality_id=plan.municipality_id, partnership_id=plan.partnership_id, network_id=plan.network_id,
                              title=title, description=plan.description, period_start=period_start, period_end=period_end,
                              coordinator=plan.coordinator, is_public=plan.is_public)
        save_versioned(new_plan, expected_version=None, reason=_("Prepared from %(plan)s") % {"plan": plan})
        for copy in copies:
            copy.plan = new_plan
            copy.partnership_id, copy.network_id = new_plan.partnership_id, new_plan.network_id
        copies = bulk_create_with_history(copies, Activity, batch_size=500, default_user=by if by is not None and by.pk else None,
                                          default_change_reason=_("Carried from %(plan)s") % {"plan": plan})
        if len(copies) != len(sources) or any(c.pk is None for c in copies):
            # bulk_create_with_history re-reads the rows on engines without RETURNING: match them in order.
            copies = list(Activity.objects.filter(plan=new_plan).order_by("pk"))
        pairs = list(zip(sources, copies, strict=True))
        _copy_relations(pairs)
        copy_milestones(pairs)
        _copy_estimates(pairs)
        activity_progress_refresh([c.pk for c in copies])
    return new_plan


def _copy_relations(pairs) -> None:
    areas = Activity.priority_areas.through
    participating = Activity.participating_organisations.through
    areas.objects.bulk_create([areas(activity_id=c.pk, priorityarea_id=a.pk) for s, c in pairs for a in s.priority_areas.all()],
                              batch_size=1000)
    participating.objects.bulk_create(
        [participating(activity_id=c.pk, organisation_id=o.pk) for s, c in pairs for o in s.participating_organisations.all()],
        batch_size=1000)


def _copy_estimates(pairs) -> None:
    """The estimated cost lines, moved with their activity; converted at the old rate until edited."""
    lines = []
    by_source: dict[int, list] = {}
    for source, copy in pairs:
        by_source.setdefault(source.pk, []).append((source, copy))
    for line in CostLine.objects.filter(activity_id__in=list(by_source)).order_by("pk"):
        for source, copy in by_source[line.activity_id]:
            moved = (copy.planned_start - source.planned_start) if copy.planned_start and source.planned_start else datetime.timedelta()
            rate_date = line.rate_date + moved
            lines.append(CostLine(
                municipality_id=line.municipality_id, activity=copy, paying_organisation_id=line.paying_organisation_id,
                cost_type=line.cost_type, currency=line.currency, estimated=line.estimated, rate_date=rate_date,
                estimated_home=line.estimated_home, year=rate_date.year, note=line.note,
            ))
    CostLine.objects.bulk_create(lines, batch_size=1000)
    by_municipality: dict[int, set] = {}
    for line in lines:
        by_municipality.setdefault(line.municipality_id, set()).add((line.year, line.paying_organisation_id))
    for municipality, slices in by_municipality.items():
        refresh_cost_summary(municipality, slices)


def activity_copy(*, activity: Activity, by) -> Activity:
    """A copy of ``activity`` as a template for a similar one: same plan (as the gate lets ``by``), dates and organisations,
    its milestones not done; no costs, people, outcome or series."""
    if by is not None and not can(by, CHANGE, activity):
        raise PermissionDenied
    copy = activity_like(activity, plan=activity.plan, shift=datetime.timedelta(), by=by)
    with transaction.atomic():
        activity_save(activity=copy, by=by, areas=list(activity.priority_areas.all()),
                      participating=list(activity.participating_organisations.all()), expected_version=None)
        copy_milestones([(activity, copy)])
        activity_progress_refresh([copy.pk])
    return copy

"""Recurring activities: a series (an iCalendar RRULE read by python-dateutil) whose every
occurrence is an activity of its own — its own dates, status, costs, participation and outcome.

Occurrences outside the plan's period are not created silently: :func:`series_create` returns
them, and puts those that fall in the next plan's period into that plan when asked.
Editing one occurrence asks how far the change goes (:data:`THIS`, :data:`FOLLOWING`, :data:`ALL`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vanort.core.permissions import CHANGE, can, clamp_values
from vanort.plans.models import ActionPlan, Activity, ActivitySeries, Milestone
from vanort.plans.services.activities import activity_save
from vanort.plans.services.milestones import activity_progress_refresh

#: At most this many occurrences in one series (a rule without an end is refused).
MAX_OCCURRENCES = 100

THIS, FOLLOWING, ALL = "this", "following", "all"
SCOPES = ((THIS, gettext_lazy("This one")), (FOLLOWING, gettext_lazy("This and the following")), (ALL, gettext_lazy("All in the series")))

#: What every occurrence shares with the series and an edit of "this and following / all" carries.
SHARED_FIELDS = (
    "title_sv", "title_en", "description_sv", "description_en", "kind", "responsible_organisation_id", "place",
    "goals", "indicators", "equality_marker", "equality_text", "is_public", "progress_from_milestones",
)


def build_rule(*, frequency: str, first: datetime.date, interval: int = 1, months=(), until: datetime.date | None = None,
               count: int | None = None) -> str:
    """The RRULE (without DTSTART) for "every year", "every N months" or "on given months"."""
    if bool(until) == bool(count):
        raise ValidationError({"repeat_until": _("End the series with either an end date or a number of occurrences.")})
    parts = {
        ActivitySeries.Frequency.YEARLY: [f"FREQ=YEARLY;INTERVAL={max(1, interval)}"],
        ActivitySeries.Frequency.MONTHLY: [f"FREQ=MONTHLY;INTERVAL={max(1, interval)}"],
        ActivitySeries.Frequency.MONTHS: ["FREQ=YEARLY", "BYMONTH=" + ",".join(str(int(m)) for m in sorted(months or [first.month]))],
    }[frequency]
    if frequency != ActivitySeries.Frequency.YEARLY:
        parts.append(f"BYMONTHDAY={first.day}")
    parts.append(f"UNTIL={until:%Y%m%d}" if until else f"COUNT={count}")
    return ";".join(parts)


def rule_dates(rule: str, first: datetime.date) -> list[datetime.date]:
    """The dates a rule gives from ``first`` (at most :data:`MAX_OCCURRENCES` + 1, to detect too many)."""
    try:
        dates = rrulestr(rule, dtstart=datetime.datetime.combine(first, datetime.time()))
    except (ValueError, TypeError) as error:
        raise ValidationError({"repeat": _("The repeat rule cannot be read.")}) from error
    found = []
    for moment in dates:
        found.append(moment.date())
        if len(found) > MAX_OCCURRENCES:
            break
    return found


@dataclass
class SeriesResult:
    series: ActivitySeries
    created: list[Activity] = field(default_factory=list)
    #: Dates outside the plan's period (and the next plan's, when used): not created.
    outside: list[datetime.date] = field(default_factory=list)
    #: Occurrences put into the next plan.
    moved: list[Activity] = field(default_factory=list)


def series_message(result: SeriesResult) -> str:
    """What a new series made, in words: the occurrences created, moved and left out."""
    def listed(activities):
        return ", ".join(a.planned_start.isoformat() for a in activities) or "–"

    message = _("The series has %(count)s occurrences in the plan: %(dates)s.") % {
        "count": len(result.created) + 1, "dates": listed([result.series.occurrences.order_by("series_date").first(), *result.created])}
    if result.moved:
        message += " " + _("In the next plan: %(dates)s.") % {"dates": listed(result.moved)}
    if result.outside:
        message += " " + _("Not created, outside the plan: %(dates)s.") % {"dates": ", ".join(d.isoformat() for d in result.outside)}
    return message


def next_plan(plan: ActionPlan) -> ActionPlan | None:
    """The plan of the same partnership or network that starts after ``plan`` ends."""
    return ActionPlan.objects.filter(
        municipality_id=plan.municipality_id, partnership_id=plan.partnership_id, network_id=plan.network_id,
        period_start__gt=plan.period_end,
    ).exclude(status=ActionPlan.Status.CLOSED).order_by("period_start", "pk").first()


def split_dates(dates, plan: ActionPlan | None, following: ActionPlan | None = None):
    """(in the plan, in the next plan, elsewhere) for ``dates``."""
    if plan is None:
        return list(dates), [], []
    inside, later, outside = [], [], []
    for day in dates:
        if plan.period_start <= day <= plan.period_end:
            inside.append(day)
        elif following is not None and following.period_start <= day <= following.period_end:
            later.append(day)
        else:
            outside.append(day)
    return inside, later, outside


def series_question(dates, plan: ActionPlan, *, use_next_plan: bool) -> str:
    """What a new series by ``dates`` (the first being the activity itself) would do to ``plan``
    when some dates fall outside it — which dates fall in the plan, which go into the next plan
    (with ``use_next_plan``) or are not created, and the offer of the next plan when there is one —
    for its maker to confirm; empty when every date falls in the plan. Every door that creates a
    series (the form, and through it the API) asks this before :func:`series_create`."""
    following = next_plan(plan)
    inside, later, outside = split_dates(dates[1:], plan, following if use_next_plan else None)
    if not later and not outside:
        return ""
    inside = [dates[0], *inside]

    def listed(days):
        return ", ".join(d.isoformat() for d in days) or "–"

    message = _("In the plan (%(start)s – %(end)s): %(inside)s.") % {
        "start": plan.period_start.isoformat(), "end": plan.period_end.isoformat(), "inside": listed(inside)}
    if later:
        message += " " + _("Into the next plan, %(plan)s: %(dates)s.") % {"plan": following, "dates": listed(later)}
    if outside:
        message += " " + _("Not created, outside the plan: %(dates)s.") % {"dates": listed(outside)}
    if following is not None and not use_next_plan:
        message += " " + _("The next plan, %(plan)s, runs %(start)s – %(end)s: tick “Put occurrences after this plan into the next plan” to use it.") % {
            "plan": following, "start": following.period_start.isoformat(), "end": following.period_end.isoformat()}
    return message + " " + _("Tick this box to create them as listed.")


def activity_like(source: Activity, *, plan: ActionPlan | None, shift, by) -> Activity:
    """A new, unsaved activity like ``source`` with its dates moved by ``shift``: the shared fields
    only (no outcome, costs, people or series), planned (or still proposed), and with each value
    ``by`` may not set replaced by one they may (``clamp_values``). Occurrences, carried activities
    and copies as template are all made here."""
    copy = Activity(municipality_id=source.municipality_id, plan=plan, partnership_id=source.partnership_id,
                    network_id=source.network_id)
    for name in SHARED_FIELDS:
        setattr(copy, name, getattr(source, name))
    copy.status = Activity.Status.PROPOSED if source.status == Activity.Status.PROPOSED else Activity.Status.PLANNED
    copy.planned_start = source.planned_start + shift if source.planned_start else None
    copy.planned_end = source.planned_end + shift if source.planned_end else None
    clamp_values(copy, by=by)
    return copy


def copy_milestones(pairs) -> None:
    """Copy the milestones of each (source, copy) pair, offset by the move of the start, not done."""
    rows = []
    by_source: dict[int, list] = {}  # a source may have several copies (a series' occurrences)
    for source, copy in pairs:
        by_source.setdefault(source.pk, []).append((source, copy))
    for milestone in Milestone.objects.filter(activity_id__in=list(by_source)).order_by("pk"):
        for source, copy in by_source[milestone.activity_id]:
            offset = (copy.planned_start - source.planned_start) if copy.planned_start and source.planned_start else datetime.timedelta()
            rows.append(Milestone(activity=copy, title=milestone.title, due_on=milestone.due_on + offset,
                                  responsible_organisation_id=milestone.responsible_organisation_id))
    Milestone.objects.bulk_create(rows, batch_size=500)


def series_create(*, activity: Activity, rule: str, by, areas, participating=(), use_next_plan: bool = False) -> SeriesResult:
    """Make ``activity`` (saved, with its planned start) the first occurrence of a series by
    ``rule`` and create the other occurrences that fall in its plan's period (and, with
    ``use_next_plan``, the next plan's). Every occurrence gets the first one's milestones, offset."""
    if by is not None and not can(by, CHANGE, activity):
        raise PermissionDenied
    if activity.planned_start is None:
        raise ValidationError({"planned_start": _("A repeating activity needs a planned start.")})
    if activity.series_id:
        raise ValidationError({"repeat": _("The activity already belongs to a series.")})
    dates = rule_dates(rule, activity.planned_start)
    if len(dates) > MAX_OCCURRENCES:
        raise ValidationError({"repeat": _("A series has at most %(n)s occurrences.") % {"n": MAX_OCCURRENCES}})
    plan = activity.plan
    following = next_plan(plan) if plan is not None and use_next_plan else None
    inside, later, outside = split_dates(dates[1:], plan, following)
    areas, participating = list(areas), list(participating)
    with transaction.atomic():
        duration = (activity.planned_end - activity.planned_start).days if activity.planned_end else 0
        series = ActivitySeries.objects.create(municipality_id=activity.municipality_id, rrule=rule, first_start=dates[0],
                                               duration_days=duration)
        Activity.objects.filter(pk=activity.pk).update(series=series, series_date=dates[0])
        activity.series, activity.series_date = series, dates[0]
        result = SeriesResult(series=series, outside=outside)
        for day, target in [(d, plan) for d in inside] + [(d, following) for d in later]:
            copy = activity_like(activity, plan=target, shift=day - activity.planned_start, by=by)
            copy.series, copy.series_date = series, day
            activity_save(activity=copy, by=by, areas=areas, participating=participating, expected_version=None)
            (result.moved if target is following and following is not None else result.created).append(copy)
        copy_milestones([(activity, copy) for copy in result.created + result.moved])
        activity_progress_refresh([a.pk for a in result.created + result.moved])
    return result


def series_update(*, activity: Activity, scope: str, by, areas=None) -> list[Activity]:
    """Carry the shared fields of ``activity`` (just saved) to the other occurrences of its series:
    none (:data:`THIS`), those from its series date on (:data:`FOLLOWING`) or all (:data:`ALL`).
    Occurrences that are done or cancelled keep what they were. Returns those changed."""
    if scope == THIS or activity.series_id is None:
        return []
    others = Activity.objects.filter(series_id=activity.series_id).exclude(pk=activity.pk).exclude(
        status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])
    if scope == FOLLOWING:
        others = others.filter(series_date__gt=activity.series_date)
    changed = []
    with transaction.atomic():
        for other in others.select_for_update().order_by("series_date", "pk"):
            if by is not None and not can(by, CHANGE, other):
                raise PermissionDenied
            for name in SHARED_FIELDS:
                setattr(other, name, getattr(activity, name))
            activity_save(activity=other, by=by, areas=areas if areas is not None else list(other.priority_areas.all()),
                          expected_version=other.version, reason=_("Changed with its series"))
            changed.append(other)
    return changed

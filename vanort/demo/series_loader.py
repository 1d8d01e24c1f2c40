"""Loading the demo's yearly series (:mod:`vanort.demo.series_data`) through the series services.

As the coordinator would in the form: the first occurrence through ``activity_save``, its planning
calls through ``milestone_save``, then ``series_create`` with the rule the form builds (yearly,
until the end of the next plan, the later occurrences put into that plan); the occurrences that
have been held are closed through ``activity_save`` and their calls ticked off through
``milestone_save``. Called by :mod:`vanort.demo.plans_loader` after the plans exist.
"""

from __future__ import annotations

import datetime

from vanort.plans.models import ActionPlan, Activity, ActivitySeries, Milestone
from vanort.plans.services.activities import activity_save
from vanort.plans.services.milestones import milestone_save
from vanort.plans.services.series import build_rule, series_create

from . import series_data

REASON = "Demo"


def load(*, municipality, orgs, areas, palo_alto, coordinator, plan: ActionPlan, following: ActionPlan) -> list[Activity]:
    """Create the series in ``plan`` (and ``following``); return every occurrence."""
    occurrences = []
    for spec in series_data.SERIES:
        occurrences += _series(spec, municipality, orgs, areas, palo_alto, coordinator, plan, following)
    return occurrences


def _series(spec, municipality, orgs, areas, palo_alto, by, plan, following) -> list[Activity]:
    start, end = (datetime.date.fromisoformat(day) for day in spec["planned"])
    area_list = [areas[key] for key in spec["areas"]]
    participating = [orgs[key] for key in spec["participating"]]
    first = Activity(
        municipality=municipality, plan=plan, partnership=palo_alto, kind=spec["kind"],
        responsible_organisation=orgs[spec["organisation"]], planned_start=start, planned_end=end,
        title_sv=spec["title_sv"], title_en=spec["title_en"], description_sv=spec["description_sv"],
        description_en=spec["description_en"], place=spec["place"], status=Activity.Status.PLANNED,
        goals=spec["goals"], indicators=spec["indicators"], equality_marker=spec["marker"], equality_text=spec["equality"],
        is_public=spec["is_public"], progress_from_milestones=spec.get("progress_from_milestones", False),
    )
    activity_save(activity=first, by=by, areas=area_list, participating=participating, expected_version=None, reason=REASON)
    calls = spec.get("planning_calls", ())
    for number, days in enumerate(calls, start=1):
        milestone_save(milestone=Milestone(
            activity=first, title=f"Planeringsmöte med Palo Alto {number}/{len(calls)}", due_on=start + datetime.timedelta(days=days),
        ), by=by)
    rule = build_rule(frequency=ActivitySeries.Frequency.YEARLY, first=start, until=following.period_end)
    series_create(activity=first, rule=rule, by=by, areas=area_list, participating=participating, use_next_plan=True)

    occurrences = list(Activity.objects.filter(series_id=first.series_id).order_by("series_date"))
    for occurrence in occurrences:
        year = occurrence.planned_start.year
        for milestone in list(occurrence.milestones.order_by("due_on"))[: spec.get("calls_done", {}).get(year, 0)]:
            milestone.done_on = milestone.due_on
            milestone_save(milestone=milestone, by=by)
        occurrence.refresh_from_db()
        if year in spec.get("outcomes", {}):
            outcome, benefit = spec["outcomes"][year]
            occurrence.status, occurrence.outcome, occurrence.benefit = Activity.Status.DONE, outcome, benefit
            occurrence.actual_start, occurrence.actual_end = occurrence.planned_start, occurrence.planned_end
            occurrence.progress = 100
        elif year in spec.get("ongoing", ()):
            occurrence.status = Activity.Status.ONGOING
            occurrence.actual_start = occurrence.planned_start
        else:
            continue
        activity_save(activity=occurrence, by=by, areas=area_list, expected_version=occurrence.version,
                      reason="Genomförd: utfall och nytta registrerade" if occurrence.status == Activity.Status.DONE else REASON)
    return occurrences

"""Loading the demo's action plans (:mod:`vanort.demo.plans_data`) through the plans services.

Everything goes through the same functions the pages use — ``activity_save``, ``activity_accept``,
``plan_transition``, ``cost_line_save``, ``visit_notify``/``visit_confirm``/``visit_report_submit``
— so the business rules hold for the demo too and each record has its history. Called by
:func:`vanort.demo.loader.load` inside the loader's transaction, after the users exist.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from vanort.accounts.models import User
from vanort.core.versioning import save_versioned
from vanort.plans.models import (
    ActionPlan,
    Activity,
    CostLine,
    ExchangeRate,
    Milestone,
    NamedParticipant,
    Participation,
    PlanStatusChange,
    VisitNotice,
    VisitReport,
)
from vanort.plans.services.activities import activity_save
from vanort.plans.services.attachments import attachment_add
from vanort.plans.services.costs import cost_line_save, parse_amount
from vanort.plans.services.milestones import milestone_save
from vanort.plans.services.plans import activity_accept, plan_transition
from vanort.plans.services.visits import visit_confirm, visit_notify, visit_report_submit
from vanort.registry.models import Network, Partnership, PriorityArea
from vanort.tenancy.models import Municipality, Organisation

from . import plans_data, series_data, series_loader

CHANGE_REASON = "Demo"
DONE_REASON = "Genomförd: utfall och nytta registrerade"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _save(instance):
    instance.full_clean()
    instance._change_reason = CHANGE_REASON
    instance.save()
    return instance


def load(
    *,
    municipality: Municipality,
    orgs: dict[str, Organisation],
    areas: dict[str, PriorityArea],
    palo_alto: Partnership,
    network: Network,
    users: dict[str, User],
    today: datetime.date,
) -> dict[str, Activity]:
    """Load the plans, activities and visits; return the activities by their key."""
    subjects = {"palo_alto": {"partnership": palo_alto}, "network": {"network": network}}

    for currency, valid_from, rate in plans_data.EXCHANGE_RATES:
        _save(
            ExchangeRate(
                municipality=municipality,
                currency=currency,
                valid_from=_date(valid_from),
                rate=Decimal(rate),
            )
        )

    upcoming = _upcoming_specs(today)
    plan_specs = {
        **plans_data.PLANS,
        series_data.PLAN["key"]: series_data.PLAN,
        plans_data.UPCOMING_PLAN["key"]: _upcoming_plan_spec(upcoming),
    }
    plans: dict[str, ActionPlan] = {}
    for key, spec in plan_specs.items():
        plan = ActionPlan(
            municipality=municipality,
            title_sv=spec["title_sv"],
            title_en=spec["title_en"],
            description_sv=spec["description_sv"],
            description_en=spec["description_en"],
            period_start=_date(spec["period"][0]),
            period_end=_date(spec["period"][1]),
            coordinator=users[spec["coordinator"]],
            is_public=spec["is_public"],
            **subjects[spec["subject"]],
        )
        save_versioned(plan, expected_version=None, reason=CHANGE_REASON)
        plans[key] = plan

    activities = {
        spec["key"]: _activity(spec, municipality, orgs, areas, plans, subjects, users)
        for spec in [*plans_data.ACTIVITIES, *upcoming]
    }
    # The yearly series, as the coordinator enters them (before the plan is adopted: it needs activities).
    series_loader.load(
        municipality=municipality, orgs=orgs, areas=areas, palo_alto=palo_alto, coordinator=users["samordnare"],
        plan=plans[series_data.PLAN["key"]], following=plans[plans_data.UPCOMING_PLAN["key"]],
    )

    for key, spec in plan_specs.items():
        for to_status, when, note in spec["transitions"]:
            by = users[spec["coordinator"]]
            plans[key] = plan_transition(plan=plans[key], to_status=to_status, by=by, note=note)
            if when is None:
                continue  # happening now: the service's own time stamp is right
            # The service stamps "now"; the demo tells 2018, so the log carries the 2018 dates.
            PlanStatusChange.objects.filter(pk=plans[key].status_changes.latest("pk").pk).update(
                at=timezone.make_aware(datetime.datetime.fromisoformat(when))
            )

    for spec in plans_data.VISITS:
        _visit(spec, orgs, activities, palo_alto, users, today)
    return activities


def upcoming_date(on: tuple[int, int], from_year: int, today: datetime.date) -> datetime.date:
    """``on`` (month, day) in ``from_year``, or in the first later year in which it is after ``today``."""
    year = max(from_year, today.year)
    while datetime.date(year, *on) <= today:
        year += 1
    return datetime.date(year, *on)


def _upcoming_specs(today: datetime.date) -> list[dict]:
    """The upcoming activities of :data:`plans_data.UPCOMING_ACTIVITIES`, dated after ``today``."""
    specs = []
    for spec in plans_data.UPCOMING_ACTIVITIES:
        starts = upcoming_date(spec["on"], spec["from_year"], today)
        ends = starts + datetime.timedelta(days=spec["length_days"])
        values = {"year": starts.year, "years": starts.year - plans_data.SISTER_CITY_SINCE}
        calls = spec.get("planning_calls", ())
        specs.append({
            **spec,
            "milestones": [
                (f"Planeringsmöte med Palo Alto {n}/{len(calls)}", (starts + datetime.timedelta(days=days)).isoformat(), None)
                for n, days in enumerate(calls, start=1)
            ] or spec.get("milestones", []),
            "progress_from_milestones": bool(calls),
            "plan": plans_data.UPCOMING_PLAN["key"],
            "status": Activity.Status.PLANNED,
            "planned": (starts.isoformat(), ends.isoformat()),
            "title_sv": spec["title_sv"].format(**values),
            "title_en": spec["title_en"].format(**values),
        })
    return specs


def _upcoming_plan_spec(upcoming: list[dict]) -> dict:
    """The next plan: the calendar years of its upcoming activities."""
    first = min(_date(spec["planned"][0]) for spec in upcoming).year
    last = max(_date(spec["planned"][1]) for spec in upcoming).year
    anniversary = next(spec for spec in upcoming if spec["key"] == plans_data.ANNIVERSARY)
    values = {
        "years": str(first) if first == last else f"{first}–{last}",
        "years_since": _date(anniversary["planned"][0]).year - plans_data.SISTER_CITY_SINCE,
    }
    spec = dict(plans_data.UPCOMING_PLAN)
    for field in ("title_sv", "title_en", "description_sv", "description_en"):
        spec[field] = spec[field].format(**values)
    spec["period"] = (f"{first}-01-01", f"{last}-12-31")
    return spec


def _activity(spec, municipality, orgs, areas, plans, subjects, users) -> Activity:
    done = spec["status"] == Activity.Status.DONE
    accepted_by = spec.get("accepted_by")
    planned = spec.get("planned", (None, None))
    activity = Activity(
        municipality=municipality,
        plan=None if accepted_by or spec["plan"] is None else plans[spec["plan"]],
        title_sv=spec["title_sv"],
        title_en=spec["title_en"],
        description_sv=spec["description_sv"],
        description_en=spec["description_en"],
        kind=spec["kind"],
        responsible_organisation=orgs[spec["organisation"]],
        planned_start=_date(planned[0]),
        planned_end=_date(planned[1]),
        actual_start=None if done else _date(spec.get("actual", (None, None))[0]),
        actual_end=None if done else _date(spec.get("actual", (None, None))[1]),
        place=spec.get("place", ""),
        # A proposal stays proposed until accepted; a done activity is first planned, then closed.
        status=Activity.Status.PROPOSED
        if accepted_by
        else (Activity.Status.PLANNED if done else spec["status"]),
        progress=0 if done else spec.get("progress", 0),
        goals=spec.get("goals", ""),
        indicators=spec.get("indicators", ""),
        equality_marker=spec.get("marker"),
        equality_text=spec.get("equality", ""),
        is_public=spec["is_public"],
        progress_from_milestones=spec.get("progress_from_milestones", False),
    )
    if activity.plan is None:
        for field, value in subjects[spec["subject"]].items():
            setattr(activity, field, value)
    area_list = [areas[key] for key in spec["areas"]]
    participating = [orgs[key] for key in spec["participating"]]
    activity_save(
        by=None,
        activity=activity,
        areas=area_list,
        participating=participating,
        expected_version=None,
        reason=CHANGE_REASON,
    )

    if accepted_by:
        activity = activity_accept(
            activity=activity, plan=plans[spec["plan"]], by=users[accepted_by]
        )
        activity.status = Activity.Status.PLANNED if done else spec["status"]
        activity_save(
            by=None,
            activity=activity,
            areas=area_list,
            expected_version=activity.version,
            reason=CHANGE_REASON,
        )
    if done:
        actual = spec["actual"]
        activity.status = Activity.Status.DONE
        activity.progress = 100
        activity.actual_start = _date(actual[0])
        activity.actual_end = _date(actual[1])
        activity.outcome = spec["outcome"]
        activity.benefit = spec.get("benefit", "")
        activity_save(
            by=None,
            activity=activity,
            areas=area_list,
            expected_version=activity.version,
            reason=DONE_REASON,
        )

    for title, due_on, done_on in spec.get("milestones", ()):
        milestone_save(milestone=Milestone(activity=activity, title=title, due_on=_date(due_on), done_on=_date(done_on)), by=None)
    if "participation" in spec:
        counts = spec["participation"]
        _save(
            Participation(
                activity=activity,
                total=counts["women"] + counts["men"] + counts["other_gender"],
                **counts,
            )
        )
    for title, file_name, is_public, text in spec.get("attachments", ()):
        attachment_add(
            activity=activity, upload=ContentFile(text.encode(), name=file_name), content_type="text/plain",
            title=title, is_public=is_public,
        )
    for name, organisation, is_minor in spec.get("named", ()):
        _save(
            NamedParticipant(
                activity=activity, name=name, organisation=organisation, is_minor=is_minor
            )
        )
    for payer, cost_type, currency, estimated, actual, note in spec.get("costs", ()):
        line = CostLine(
            activity=activity,
            paying_organisation=orgs[payer],
            cost_type=cost_type,
            currency=currency,
            estimated=parse_amount(estimated),
            actual=parse_amount(actual),
            note=note,
        )
        line._change_reason = CHANGE_REASON
        cost_line_save(line, by=None)
    return activity


def _visit(spec, orgs, activities, palo_alto, users, today) -> VisitNotice:
    if "in_days" in spec:
        starts_on = today + datetime.timedelta(days=spec["in_days"])
        ends_on = starts_on + datetime.timedelta(days=spec["length_days"])
    else:
        starts_on, ends_on = (_date(value) for value in spec["dates"])
    notice = VisitNotice(
        organisation=orgs[spec["organisation"]],
        activity=activities[spec["activity"]] if spec["activity"] else None,
        partnership=palo_alto,
        direction=spec["direction"],
        travellers=spec["travellers"],
        traveller_count=spec["traveller_count"],
        starts_on=starts_on,
        ends_on=ends_on,
        place=spec["place"],
        purpose=spec["purpose"],
    )
    notice._change_reason = CHANGE_REASON
    visit_notify(notice=notice, by=users[spec["notified_by"]])
    if "confirmed_by" in spec:
        visit_confirm(
            notice=notice,
            by=users[spec["confirmed_by"]],
            text=spec["confirmation"],
            expected_version=notice.version,
        )
    if "report" in spec:
        report = spec["report"]
        visit_report_submit(
            report=VisitReport(
                notice=notice,
                results=report["results"],
                contacts_made=report.get("contacts_made", ""),
                follow_up=report.get("follow_up", ""),
            ),
            by=users[report["by"]],
        )
    return notice

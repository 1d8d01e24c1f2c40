from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from vanort.core.permissions import CHANGE, can, can_add, check_values
from vanort.core.versioning import save_versioned
from vanort.plans.models import Activity


def activity_save(*, activity: Activity, by, areas, participating=None, expected_version: int | None, reason: str = "") -> Activity:
    """Validate and save an activity with its priority areas (at least one — the seed's first rule).

    ``by`` adds or changes it as the gate allows: its plan, status, publication and responsible
    organisation only as :attr:`Activity.scope` says that role may set them."""
    if by is not None:
        allowed = can_add(by, Activity) if activity.pk is None else can(by, CHANGE, activity)
        if not allowed or by.municipality_id != activity.municipality_id:
            raise PermissionDenied
    check_values(activity, by=by)
    areas = list(areas)
    if not areas:
        raise ValidationError({"priority_areas": _("Link the activity to at least one priority area.")})
    if any(area.municipality_id != activity.municipality_id for area in areas):
        raise ValidationError({"priority_areas": _("A priority area belongs to another municipality.")})
    if activity.plan_id:
        activity.partnership_id = activity.plan.partnership_id
        activity.network_id = activity.plan.network_id
    with transaction.atomic():
        save_versioned(activity, expected_version=expected_version, reason=reason)
        activity.priority_areas.set(areas)
        if participating is not None:
            activity.participating_organisations.set(participating)
    return activity


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def activity_plan_warnings(activity: Activity) -> list[str]:
    """What is odd but allowed: dates of ``activity`` outside its plan's period. Every door that
    saves an activity (page, API, import) shows these."""
    plan = activity.plan if activity.plan_id else None
    if plan is None:
        return []
    days = [d for d in (activity.planned_start, activity.planned_end, activity.actual_start, activity.actual_end) if d]
    outside = sorted({d for d in days if not plan.period_start <= d <= plan.period_end})
    if not outside:
        return []
    return [_("The activity's dates %(dates)s fall outside its plan's period (%(start)s – %(end)s).") % {
        "dates": ", ".join(_day(d) for d in outside), "start": _day(plan.period_start), "end": _day(plan.period_end)}]

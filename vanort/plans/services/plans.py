from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vanort.core.history import stored_reason
from vanort.core.permissions import CHANGE, can, may_choose
from vanort.core.versioning import save_versioned
from vanort.plans.models import ActionPlan, Activity, PlanStatusChange


def plan_transition(*, plan: ActionPlan, to_status: str, by, note: str = "") -> ActionPlan:
    """Move ``plan`` to ``to_status`` if the move is allowed, recording who and when."""
    if not can(by, CHANGE, plan):
        raise PermissionDenied
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        allowed = ActionPlan.TRANSITIONS[ActionPlan.Status(plan.status)]
        if to_status not in allowed:
            raise ValidationError(
                _("An action plan cannot go from “%(from)s” to “%(to)s”.")
                % {"from": plan.get_status_display(), "to": dict(ActionPlan.Status.choices).get(to_status, to_status)},
                code="transition",
            )
        if to_status == ActionPlan.Status.ADOPTED and not plan.activities.exclude(status=Activity.Status.CANCELLED).exists():
            raise ValidationError(_("An action plan needs at least one activity before it is adopted."), code="empty_plan")
        PlanStatusChange.objects.create(plan=plan, from_status=plan.status, to_status=to_status, by=by, note=note)
        plan.status = to_status
        plan.version += 1
        plan.save()
    return plan


def activity_accept(*, activity: Activity, plan: ActionPlan, by) -> Activity:
    """A coordinator takes a proposed activity into a plan (its partnership or network follows)."""
    if not (may_choose(by, Activity, "plan") and can(by, CHANGE, plan) and can(by, CHANGE, activity)):
        raise PermissionDenied
    if plan.municipality_id != activity.municipality_id:
        raise ValidationError(_("The activity and the plan belong to different municipalities."))
    if plan.status == ActionPlan.Status.CLOSED:
        raise ValidationError(_("A closed action plan takes no new activities."), code="closed")
    with transaction.atomic():
        activity.plan = plan
        activity.partnership_id = plan.partnership_id
        activity.network_id = plan.network_id
        save_versioned(activity, expected_version=activity.version, reason=stored_reason(gettext_noop("Accepted into the plan %(plan)s"), plan=plan))
    return activity

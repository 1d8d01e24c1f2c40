"""Keep the cost summaries right whichever door changes an activity.

An activity's cost lines count in the summaries under its plan, partnership and priority areas.
Those change through ``activity_save``, ``activity_accept``, restoring an earlier version and the
import; rather than trust every door to remember, the activity's save and its area links re-sum
the summary slices its cost lines fall in, in the same transaction. (Cost lines themselves are
written and deleted only through ``cost_line_save`` and ``cost_lines_delete``, which do the same.)
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from vanort.plans.models import Activity


@receiver(post_save, sender=Activity, dispatch_uid="plans_activity_costs")
def activity_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return  # a new activity has no cost lines yet
    from vanort.plans.services.costs import refresh_activity_costs

    with transaction.atomic():
        refresh_activity_costs(instance)


@receiver(m2m_changed, sender=Activity.priority_areas.through, dispatch_uid="plans_activity_area_costs")
def activity_areas_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        instance._cost_activities = list(instance.activities.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from vanort.plans.services.costs import refresh_activity_costs

    with transaction.atomic():
        if not reverse:
            refresh_activity_costs(instance)
            return
        # priority_area.activities.add(...): ``instance`` is the area, ``pk_set`` the activities
        ids = pk_set if action != "post_clear" else getattr(instance, "_cost_activities", ())
        activities = Activity.objects.filter(pk__in=list(ids or ()))
        for activity in activities.only("pk", "municipality"):
            refresh_activity_costs(activity)

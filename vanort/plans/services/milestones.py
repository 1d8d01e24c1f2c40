"""Milestones that count: a due date inside the activity's dates (a warning, not a refusal), an
organisation that owes it, done or not with a date, and the activity's progress as the share done
when the activity says so (``Activity.progress_from_milestones``).

The progress is stored on the activity, so the plan's, area's and organisation's roll-ups
(``Avg("progress")`` in the database) read it without one query more.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _

from vanort.core.history import recreated
from vanort.core.permissions import CHANGE, can, can_add
from vanort.plans.models import Activity, Milestone


def milestone_warnings(milestone: Milestone) -> list[str]:
    """What is odd but allowed: a due date outside the activity's planned dates."""
    activity = milestone.activity
    start, end = activity.planned_start, activity.planned_end or activity.planned_start
    if milestone.due_on is None or start is None:
        return []
    if start <= milestone.due_on <= end:
        return []
    return [_("The milestone “%(title)s” is due %(due)s, outside the activity's dates (%(start)s – %(end)s).") % {
        "title": milestone.title, "due": formats.date_format(milestone.due_on, "SHORT_DATE_FORMAT"),
        "start": formats.date_format(start, "SHORT_DATE_FORMAT"), "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
    }]


def share_done(activity_ids) -> dict[int, int]:
    """Activity id → whole per cent of its milestones done (activities without milestones left out)."""
    rows = Milestone.objects.filter(activity_id__in=activity_ids).order_by().values("activity_id").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False)))
    return {row["activity_id"]: round(100 * row["done"] / row["total"]) for row in rows if row["total"]}


def activity_progress_refresh(activity_ids) -> None:
    """Store the share of milestones done as the progress of those activities that take it from
    their milestones (one query to count, one update per distinct figure)."""
    ids = list(Activity.objects.filter(pk__in=list(activity_ids), progress_from_milestones=True).values_list("pk", flat=True))
    shares = share_done(ids)
    by_value: dict[int, list[int]] = {}
    for pk in ids:
        by_value.setdefault(shares.get(pk, 0), []).append(pk)
    for value, pks in by_value.items():
        # The figure is derived, not an edit: no new version, so a form open on the activity still saves.
        Activity.objects.filter(pk__in=pks).exclude(progress=value).update(progress=value)


def _check(milestone: Milestone, by) -> None:
    if by is not None and not can(by, CHANGE, milestone.activity):
        raise PermissionDenied
    organisation = milestone.responsible_organisation
    if organisation is not None and organisation.municipality_id != milestone.activity.municipality_id:
        raise ValidationError({"responsible_organisation": _("The organisation belongs to another municipality.")})


def milestone_save(*, milestone: Milestone, by) -> list[str]:
    """Save a milestone and the activity's progress; returns the warnings to show."""
    _check(milestone, by)
    with transaction.atomic():
        milestone.full_clean()
        milestone.save()
        activity_progress_refresh([milestone.activity_id])
    return milestone_warnings(milestone)


def milestone_delete(*, milestone: Milestone, by) -> None:
    """Delete a milestone; the deletion stays in the activity's history with its values and can be
    restored from there (:func:`milestone_restore`)."""
    _check(milestone, by)
    with transaction.atomic():
        activity_id = milestone.activity_id
        if by is not None:
            milestone._history_user = by
        milestone.delete()
        activity_progress_refresh([activity_id])


def may_restore_milestones(user, activity) -> bool:
    """Whether ``user`` may restore deleted milestones of ``activity``: whoever may add one there."""
    return can_add(user, Milestone) and can(user, CHANGE, activity)


def milestone_restore(*, historical, by) -> Milestone:
    """Re-create a deleted milestone from its deletion in the history, as it was."""
    if by is not None and not may_restore_milestones(by, historical.activity):
        raise PermissionDenied
    milestone = recreated(historical)
    milestone_save(milestone=milestone, by=by)
    return milestone

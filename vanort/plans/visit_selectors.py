"""What the international office's inbox holds: visits to coordinate and reports to chase.

Every function takes ``today`` so that "overdue" is computed against a date the caller chooses
(the view passes the local date; tests pass a fixed one). Each section is one query.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from vanort.core.permissions import CHANGE, edits_municipality, restrict
from vanort.plans.models import VisitNotice

#: A report is "due soon" when its due date is within this many days.
DUE_SOON_DAYS = 14


def is_coordinator(user) -> bool:
    """The international office: the editors of every visit notice of its municipality (the gate's scope)."""
    return edits_municipality(user, VisitNotice)


def _notices(user):
    return restrict(VisitNotice.objects.all(), user, CHANGE).select_related(
        "organisation", "activity", "notified_by", "responded_by"
    )


def overdue_q(today: datetime.date) -> Q:
    return Q(report_due_on__lt=today, report__isnull=True)


def inbox(user, today: datetime.date) -> dict[str, list[VisitNotice]]:
    """The four sections of the coordinator's inbox, each a list (one query per section)."""
    notices = _notices(user)
    return {
        "awaiting": list(notices.filter(status=VisitNotice.Status.NOTIFIED).order_by("starts_on", "pk")),
        "questions": list(notices.filter(status=VisitNotice.Status.QUESTION).order_by("responded_at", "pk")),
        "overdue": list(notices.filter(overdue_q(today)).order_by("report_due_on", "pk")),
        "due_soon": list(
            notices.filter(
                report__isnull=True,
                report_due_on__gte=today,
                report_due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            ).order_by("report_due_on", "pk")
        ),
    }


def inbox_count(user, today: datetime.date | None = None) -> int:
    """What awaits the office itself: notices to confirm and overdue reports (one query)."""
    if not is_coordinator(user):
        return 0
    from django.utils import timezone

    today = today or timezone.localdate()
    return (
        restrict(VisitNotice.objects.all(), user, CHANGE)
        .filter(Q(status=VisitNotice.Status.NOTIFIED) | overdue_q(today))
        .count()
    )

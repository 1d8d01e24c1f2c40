"""What is due: follow-ups, reviews, agreement renewals, visit reports, anniversaries and overdue milestones.

One function, :func:`due_items`, answers it for a user (through the gate); the dashboards show
its result and the reminders e-mail it. Every kind is one query (follow-ups two), whatever the
number of records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from vanort.core.permissions import VIEW, edits_municipality, restrict
from vanort.governance.models import Review
from vanort.governance.selectors import DUE, OVERDUE, follow_up_statuses_for
from vanort.plans.models import Milestone, VisitNotice
from vanort.registry.models import Agreement, Partnership

FOLLOW_UP, REVIEW, RENEWAL, VISIT_REPORT, ANNIVERSARY = "follow_up", "review", "renewal", "visit_report", "anniversary"
MILESTONE = "milestone"
KINDS = (FOLLOW_UP, REVIEW, RENEWAL, VISIT_REPORT, ANNIVERSARY, MILESTONE)
#: Agreements whose renewal date is this close are "up for renewal".
RENEWAL_DAYS = 180
#: Visit reports due this soon are shown (overdue ones always).
VISIT_DAYS = 14
ROUND_YEARS = (5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 75, 80, 90, 100)


@dataclass
class DueItem:
    kind: str
    key: str  # stable across runs: the reminder sent for it is remembered by this key
    title: str
    due_on: datetime.date
    overdue: bool
    url: str
    municipality_id: int
    organisation_id: int | None = None  # for visit reports: the unit that owes the report
    detail: str = ""

    @property
    def kind_label(self):
        return {
            FOLLOW_UP: _("Follow-up"), REVIEW: _("Review"), RENEWAL: _("Agreement renewal"),
            VISIT_REPORT: _("Visit report"), ANNIVERSARY: _("Anniversary"), MILESTONE: _("Milestone"),
        }[self.kind]


def _url(obj, fallback: str = "") -> str:
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return fallback


def follow_up_items(user, today) -> list[DueItem]:
    items = []
    for status in follow_up_statuses_for(user, today, states=(DUE, OVERDUE)):
        document, period = status.document, status.period
        url = _url(status.follow_up) if status.follow_up else ""
        items.append(DueItem(
            kind=FOLLOW_UP, key=f"follow_up:{document.pk}:{period.start.isoformat()}",
            title=_("Follow-up of %(document)s for %(period)s") % {"document": document, "period": period.label},
            due_on=status.due_on or period.end, overdue=status.state == OVERDUE,
            url=url or reverse("reports:followup", args=[document.pk, period.start.year]),
            municipality_id=document.municipality_id,
            detail=_("The board follows the document up at least once per term of office."),
        ))
    return items


def review_items(user, today) -> list[DueItem]:
    reviews = restrict(Review.objects.all(), user, VIEW).filter(decision__isnull=True).select_related(
        "partnership__partner_city", "partnership__municipality")
    return [
        DueItem(kind=REVIEW, key=f"review:{r.pk}", title=_("Review: %(title)s") % {"title": r.title},
                due_on=r.period_end, overdue=r.period_end < today,
                url=_url(r, reverse("reports:review", args=[r.partnership_id])),
                municipality_id=r.partnership.municipality_id, detail=str(r.partnership))
        for r in reviews.order_by("period_end", "pk")[:50]
    ]


def renewal_items(user, today) -> list[DueItem]:
    agreements = restrict(Agreement.objects.current(), user, VIEW).filter(
        renewal_on__isnull=False, renewal_on__lte=today + datetime.timedelta(days=RENEWAL_DAYS),
        renewal_on__gte=today - datetime.timedelta(days=365),
    ).select_related("partnership__partner_city", "partnership__municipality")
    return [
        DueItem(kind=RENEWAL, key=f"renewal:{a.pk}", title=_("Renewal of %(agreement)s") % {"agreement": a.title},
                due_on=a.renewal_on, overdue=a.renewal_on < today, url=_url(a), municipality_id=a.partnership.municipality_id,
                detail=str(a.partnership))
        for a in agreements.order_by("renewal_on", "pk")[:50]
    ]


def visit_report_items(user, today, *, action=VIEW) -> list[DueItem]:
    notices = restrict(VisitNotice.objects.all(), user, action).filter(
        report__isnull=True, report_due_on__lte=today + datetime.timedelta(days=VISIT_DAYS), ends_on__lt=today,
    ).select_related("organisation")
    return [
        DueItem(kind=VISIT_REPORT, key=f"visit_report:{n.pk}",
                title=_("Report on the visit %(visit)s") % {"visit": f"{n.get_direction_display()}, {formats.date_format(n.starts_on, 'SHORT_DATE_FORMAT')}"},
                due_on=n.report_due_on, overdue=n.report_due_on < today, url=_url(n), municipality_id=n.municipality_id,
                organisation_id=n.organisation_id, detail=str(n.organisation))
        for n in notices.order_by("report_due_on", "pk")[:100]
    ]


def anniversary_items(user, today) -> list[DueItem]:
    years = [today.year - n for n in ROUND_YEARS]
    partnerships = restrict(Partnership.objects.all(), user, VIEW).filter(
        Q(start_year__in=years), ~Q(status=Partnership.Status.ENDED)
    ).select_related("partner_city", "municipality")
    return [
        DueItem(kind=ANNIVERSARY, key=f"anniversary:{p.pk}",
                title=_("%(years)s years of %(partnership)s (since %(since)s)") % {"years": today.year - p.start_year, "partnership": p, "since": p.start_year},
                due_on=datetime.date(today.year, 12, 31), overdue=False, url=_url(p), municipality_id=p.municipality_id)
        for p in partnerships.order_by("start_year", "pk")[:50]
    ]


def milestone_items(user, today) -> list[DueItem]:
    """Overdue milestones not done: all of the municipality's for its coordinators, the own ones
    (the milestone's organisation, else the activity's) for everyone else who may change them."""
    milestones = restrict(Milestone.objects.all(), user, VIEW).filter(done_on__isnull=True, due_on__lt=today)
    if not edits_municipality(user, Milestone):
        org = user.organisation_id
        milestones = milestones.filter(
            Q(responsible_organisation_id=org) | Q(responsible_organisation__isnull=True, activity__responsible_organisation_id=org))
    milestones = milestones.select_related("activity", "responsible_organisation", "activity__responsible_organisation")
    return [
        DueItem(kind=MILESTONE, key=f"milestone:{m.pk}:{m.due_on.isoformat()}",
                title=_("%(milestone)s (%(activity)s)") % {"milestone": m.title, "activity": m.activity.title},
                due_on=m.due_on, overdue=True, url=_url(m.activity) + "#milestones", municipality_id=m.activity.municipality_id,
                organisation_id=m.responsible_organisation_id or m.activity.responsible_organisation_id,
                detail=str(m.responsible_organisation or m.activity.responsible_organisation))
        for m in milestones.order_by("due_on", "pk")[:100]
    ]


SOURCES = {
    FOLLOW_UP: follow_up_items, REVIEW: review_items, RENEWAL: renewal_items,
    VISIT_REPORT: visit_report_items, ANNIVERSARY: anniversary_items, MILESTONE: milestone_items,
}


def due_items(user, today: datetime.date, kinds=KINDS) -> list[DueItem]:
    """Everything due that ``user`` may see, overdue first, then by date."""
    items = [item for kind in kinds for item in SOURCES[kind](user, today)]
    return sorted(items, key=lambda i: (not i.overdue, i.due_on, i.key))

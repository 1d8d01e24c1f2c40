"""Read-side questions about governance, for pages, dashboards, reports and reminders.

:func:`follow_up_statuses` is the one answer to "which follow-ups does each governing document
in force need, and which are done, due or overdue?" (domain rule 11: the position paper is
followed up by the board at least once per mandate period).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import VIEW, restrict
from vanort.governance.mandates import MandatePeriod, period_of, periods_between
from vanort.governance.models import FollowUp, GoverningDocument

DONE, DUE, OVERDUE = "done", "due", "overdue"
STATE_LABELS = {DONE: _("Done"), DUE: _("Due"), OVERDUE: _("Overdue")}


@dataclass
class FollowUpStatus:
    """One follow-up a document's rule requires: its period, its state and the records behind it.

    ``state`` is ``done`` (a follow-up closed by the decision that received it), ``due`` (the
    current period, not yet done) or ``overdue`` (a past period, not done). ``follow_up`` is the
    FollowUp record if one was started, ``decision`` the receiving decision when done.
    """

    document: GoverningDocument
    period: MandatePeriod
    state: str
    follow_up: FollowUp | None = None

    @property
    def decision(self):
        return self.follow_up.decision if self.follow_up is not None else None

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def required_periods(document: GoverningDocument, today: datetime.date) -> list[MandatePeriod]:
    """The periods for which the document's rule requires a follow-up, up to the current one."""
    rule = document.follow_up_rule
    if rule == GoverningDocument.FollowUpRule.PER_MANDATE:
        if document.adopted_on > today:
            return []
        return periods_between(document.adopted_on, today, document.municipality)
    if rule == GoverningDocument.FollowUpRule.EVERY_N_YEARS and document.follow_up_years:
        periods = []
        start = document.adopted_on
        while start <= today:
            end = _add_years(start, document.follow_up_years) - datetime.timedelta(days=1)
            periods.append(MandatePeriod(start, end))
            start = end + datetime.timedelta(days=1)
        return periods
    return []


def follow_up_statuses(documents, today: datetime.date) -> list[FollowUpStatus]:
    """For each document in force among ``documents``: every required follow-up and its state.

    ``documents`` is a queryset (restrict it for the user first, or use
    :func:`follow_up_statuses_for`). Runs two queries whatever the number of documents.
    """
    docs = list(
        documents.filter(status=GoverningDocument.Status.IN_FORCE)
        .exclude(follow_up_rule=GoverningDocument.FollowUpRule.NONE)
        .select_related("municipality")
        .order_by("adopted_on", "pk")
    )
    records: dict[tuple[int, datetime.date], FollowUp] = {}
    for follow_up in FollowUp.objects.filter(document__in=[d.pk for d in docs]).select_related("decision"):
        records[(follow_up.document_id, follow_up.period_start)] = follow_up
    result = []
    for document in docs:
        for period in required_periods(document, today):
            follow_up = records.get((document.pk, period.start))
            if follow_up is not None and follow_up.decision_id is not None:
                state = DONE
            elif period.contains(today):
                state = DUE
            else:
                state = OVERDUE
            result.append(FollowUpStatus(document, period, state, follow_up))
    return result


def follow_up_statuses_for(user, today: datetime.date, *, municipality=None, states=(DONE, DUE, OVERDUE)) -> list[FollowUpStatus]:
    """:func:`follow_up_statuses` over the documents ``user`` may see (optionally one municipality)."""
    documents = restrict(GoverningDocument.objects.all(), user, VIEW)
    if municipality is not None:
        documents = documents.filter(municipality=municipality)
    return [status for status in follow_up_statuses(documents, today) if status.state in states]


def current_period(municipality, today: datetime.date) -> MandatePeriod:
    return period_of(today, municipality)

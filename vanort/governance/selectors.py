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
    current period, or a past one still within the municipality's grace period, not yet done) or
    ``overdue`` (not done by ``due_on``: the period's end plus the grace period). ``follow_up``
    is the FollowUp record if one was started, ``decision`` the receiving decision when done. A
    received follow-up keeps the term it recorded (``period`` is that term), whatever the
    municipality's term settings say today.
    """

    document: GoverningDocument
    period: MandatePeriod
    state: str
    follow_up: FollowUp | None = None
    due_on: datetime.date | None = None

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


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def due_on(period_end: datetime.date, municipality) -> datetime.date:
    """The last day a follow-up of a period ending ``period_end`` is due before it is overdue:
    the period's end plus the municipality's grace period (days or months)."""
    grace = getattr(municipality, "follow_up_grace", 0) or 0
    if getattr(municipality, "follow_up_grace_unit", "months") == "days":
        return period_end + datetime.timedelta(days=grace)
    return _add_months(period_end, grace)


def required_periods(document: GoverningDocument, today: datetime.date, settings=None) -> list[MandatePeriod]:
    """The periods for which the document's rule requires a follow-up, up to the current one
    (terms of office from ``settings``, by default the municipality's of today)."""
    rule = document.follow_up_rule
    if rule == GoverningDocument.FollowUpRule.PER_MANDATE:
        if document.adopted_on > today:
            return []
        return periods_between(document.adopted_on, today, settings or document.municipality)
    if rule == GoverningDocument.FollowUpRule.EVERY_N_YEARS and document.follow_up_years:
        periods = []
        start = document.adopted_on
        while start <= today:
            end = _add_years(start, document.follow_up_years) - datetime.timedelta(days=1)
            periods.append(MandatePeriod(start, end))
            start = end + datetime.timedelta(days=1)
        return periods
    return []


def term_for(document: GoverningDocument, period_start: datetime.date, period_end: datetime.date, settings=None) -> MandatePeriod:
    """The term (or rule period) a follow-up of ``period_start``–``period_end`` answers for: the
    term of office its period starts in for a once-per-term rule, the rule's period otherwise."""
    if document.follow_up_rule == GoverningDocument.FollowUpRule.PER_MANDATE:
        return period_of(period_start, settings or document.municipality)
    for period in required_periods(document, period_start, settings):
        if period.contains(period_start):
            return period
    return MandatePeriod(period_start, period_end)


def _term(follow_up: FollowUp) -> MandatePeriod:
    if follow_up.term_start and follow_up.term_end:
        return MandatePeriod(follow_up.term_start, follow_up.term_end)
    return MandatePeriod(follow_up.period_start, follow_up.period_end)


def _covers(term: MandatePeriod, period: MandatePeriod) -> bool:
    """A received term stands for a required period it overlaps by at least half."""
    overlap = (min(term.end, period.end) - max(term.start, period.start)).days + 1
    return overlap * 2 >= (period.end - period.start).days + 1


def _statuses(document, today, records: list[FollowUp], settings=None) -> list[FollowUpStatus]:
    terms = settings or document.municipality
    received = [r for r in records if r.decision_id is not None]
    open_by_term = {}
    for record in records:
        if record.decision_id is None:
            open_by_term.setdefault(term_for(document, record.period_start, record.period_end, settings).start, record)
    used: set[int] = set()
    result = []
    for period in required_periods(document, today, settings):
        done = next((r for r in received if r.pk not in used and _covers(_term(r), period)), None)
        if done is not None:
            used.add(done.pk)
            result.append(FollowUpStatus(document, _term(done), DONE, done, due_on(_term(done).end, terms)))
            continue
        deadline = due_on(period.end, terms)
        state = OVERDUE if today > deadline else DUE
        result.append(FollowUpStatus(document, period, state, open_by_term.get(period.start), deadline))
    for record in received:  # received for a term today's settings no longer have: still done
        if record.pk not in used:
            result.append(FollowUpStatus(document, _term(record), DONE, record, due_on(_term(record).end, terms)))
    result.sort(key=lambda status: status.period.start)
    return result


def follow_up_statuses(documents, today: datetime.date, settings=None) -> list[FollowUpStatus]:
    """For each document in force among ``documents``: every required follow-up and its state.

    ``documents`` is a queryset (restrict it for the user first, or use
    :func:`follow_up_statuses_for`). ``settings`` (a municipality, possibly unsaved, whose term
    and grace settings to use) asks "what if the terms were these?" — the settings page's
    warning. Runs two queries whatever the number of documents.
    """
    docs = list(
        documents.filter(status=GoverningDocument.Status.IN_FORCE)
        .exclude(follow_up_rule=GoverningDocument.FollowUpRule.NONE)
        .select_related("municipality")
        .order_by("adopted_on", "pk")
    )
    records: dict[int, list[FollowUp]] = {}
    for follow_up in FollowUp.objects.filter(document__in=[d.pk for d in docs]).select_related("decision").order_by("period_start", "pk"):
        records.setdefault(follow_up.document_id, []).append(follow_up)
    result = []
    for document in docs:
        result += _statuses(document, today, records.get(document.pk, []), settings)
    return result


def moved_by_settings(municipality, changed, today: datetime.date) -> int:
    """How many follow-ups not yet received would get another period or due date if the
    municipality's terms of office and grace period were those of ``changed`` (an unsaved copy
    of it); received ones never move."""
    documents = GoverningDocument.objects.filter(municipality=municipality)

    def open_periods(settings):
        return {
            (status.document.pk, status.period, status.due_on)
            for status in follow_up_statuses(documents, today, settings) if status.state != DONE
        }

    return len(open_periods(municipality) - open_periods(changed))


def follow_up_statuses_for(user, today: datetime.date, *, municipality=None, states=(DONE, DUE, OVERDUE)) -> list[FollowUpStatus]:
    """:func:`follow_up_statuses` over the documents ``user`` may see (optionally one municipality)."""
    documents = restrict(GoverningDocument.objects.all(), user, VIEW)
    if municipality is not None:
        documents = documents.filter(municipality=municipality)
    return [status for status in follow_up_statuses(documents, today) if status.state in states]


def current_period(municipality, today: datetime.date) -> MandatePeriod:
    return period_of(today, municipality)

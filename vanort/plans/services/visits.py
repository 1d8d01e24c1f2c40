"""Visit notices, the international office's coordination check (avstämning), and reports."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vanort.core.permissions import CHANGE, can, edits_municipality
from vanort.core.roles import MUNICIPALITY_EDITORS
from vanort.core.versioning import save_versioned
from vanort.plans.models import VisitNotice, VisitReport


def _report_due(notice: VisitNotice) -> datetime.date | None:
    """The report is due a set number of days after the visit ends."""
    if not notice.ends_on:
        return None
    return notice.ends_on + datetime.timedelta(days=notice.organisation.municipality.visit_report_days)


def visit_notify(*, notice: VisitNotice, by) -> VisitNotice:
    """Register a new notice: the report is due a set number of days after the visit ends."""
    notice.municipality_id = notice.organisation.municipality_id
    notice.notified_by = by if getattr(by, "pk", None) else None
    if notice.ends_on:
        notice.report_due_on = _report_due(notice)
    save_versioned(notice, expected_version=None)
    return notice


def visit_editable(user, notice: VisitNotice) -> bool:
    """The notifying organisation changes its notice until it is confirmed; the office at any time."""
    if not can(user, CHANGE, notice):
        return False
    return edits_municipality(user, VisitNotice, notice.municipality_id) or notice.status != VisitNotice.Status.CONFIRMED


def visit_update(*, notice: VisitNotice, by, reply: str = "", expected_version: int | None) -> bool:
    """Save an edited notice (its report date follows its end). A reply to the office's question
    sends the notice back to "notified", the reply kept as the change's reason. Returns whether
    it was such a reply."""
    stored = VisitNotice.objects.filter(pk=notice.pk).first()
    if stored is None or not visit_editable(by, stored):
        raise PermissionDenied
    reply = reply.strip()
    answered = stored.status == VisitNotice.Status.QUESTION and bool(reply)
    if answered:
        notice.status = VisitNotice.Status.NOTIFIED
    notice.municipality_id = notice.organisation.municipality_id
    notice.report_due_on = _report_due(notice)
    save_versioned(notice, expected_version=expected_version, reason=reply if answered else "")
    return answered


def _answer(notice: VisitNotice, *, by, status: str, text: str, expected_version: int) -> VisitNotice:
    if not (getattr(by, "role", None) in MUNICIPALITY_EDITORS and can(by, CHANGE, notice)):
        raise PermissionDenied
    notice.status = status
    notice.response = text
    notice.responded_by = by
    notice.responded_at = timezone.now()
    save_versioned(notice, expected_version=expected_version)
    return notice


def visit_confirm(*, notice: VisitNotice, by, text: str = "", expected_version: int) -> VisitNotice:
    return _answer(notice, by=by, status=VisitNotice.Status.CONFIRMED, text=text, expected_version=expected_version)


def visit_ask(*, notice: VisitNotice, by, text: str, expected_version: int) -> VisitNotice:
    if not text.strip():
        raise ValidationError({"response": _("Write the question to the unit.")})
    return _answer(notice, by=by, status=VisitNotice.Status.QUESTION, text=text, expected_version=expected_version)


def visit_report_submit(*, report: VisitReport, by) -> VisitReport:
    notice = report.notice
    if not can(by, CHANGE, notice):
        raise PermissionDenied
    if VisitReport.objects.filter(notice=notice).exists():
        raise ValidationError(_("This visit already has a report."), code="duplicate")
    report.submitted_by = by
    report.full_clean()
    with transaction.atomic():
        report.save()
    return report


def is_overdue(notice: VisitNotice, today: datetime.date) -> bool:
    return notice.report_due_on < today and not hasattr(notice, "report")


__all__ = ["is_overdue", "visit_ask", "visit_confirm", "visit_notify", "visit_report_submit"]

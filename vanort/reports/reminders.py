"""Reminders by e-mail for what is due — each sent once.

For every active user with an e-mail address, :func:`vanort.reports.due.due_items` (through the
gate, as that user) gives what is due; who is reminded of what:

* coordinators (and administrators): follow-ups, reviews, agreement renewals, anniversaries;
* board members: follow-ups;
* the unit that owes a visit report (its unit editors): the overdue report.

A :class:`~vanort.reports.models.SentReminder` row (item, recipient, due date — unique) is
committed just before the sending — at most once, even when the worker is killed mid-run: if
sending fails the row is deleted, so the next run tries again; if the row exists, the reminder was
sent (or its sending was cut off by the kill) and is not sent again.
"""

from __future__ import annotations

import datetime
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vanort.accounts.models import User
from vanort.core.roles import Role
from vanort.plans.visit_mail import language_of
from vanort.reports import due
from vanort.reports.models import SentReminder

log = logging.getLogger("vanort.reports")

KINDS_BY_ROLE = {
    Role.ADMIN: (due.FOLLOW_UP, due.REVIEW, due.RENEWAL, due.ANNIVERSARY, due.MILESTONE),
    Role.COORDINATOR: (due.FOLLOW_UP, due.REVIEW, due.RENEWAL, due.ANNIVERSARY, due.MILESTONE),
    Role.BOARD: (due.FOLLOW_UP,),
    Role.UNIT_EDITOR: (due.VISIT_REPORT, due.MILESTONE),
}


def items_for(user, today: datetime.date) -> list[due.DueItem]:
    kinds = KINDS_BY_ROLE.get(user.role, ())
    if not kinds:
        return []
    items = due.due_items(user, today, kinds)
    if due.VISIT_REPORT in kinds:
        # Only the unit that owes the report, and only once it is overdue.
        items = [i for i in items if i.kind != due.VISIT_REPORT or (i.overdue and i.organisation_id == user.organisation_id)]
    return items


def _message(user, item: due.DueItem, base_url: str) -> tuple[str, str]:
    with translation.override(language_of(user)):
        state = _("overdue since %(date)s") if item.overdue else _("due %(date)s")
        subject = _("Vänort reminder: %(title)s") % {"title": item.title}
        lines = [
            _("Hello %(name)s,") % {"name": user.get_full_name() or user.username},
            "",
            f"{item.kind_label}: {item.title}",
            state % {"date": formats.date_format(item.due_on, "DATE_FORMAT")},
        ]
        if item.detail:
            lines.append(item.detail)
        if item.url:
            lines += ["", f"{base_url.rstrip('/')}{item.url}"]
        lines += ["", _("You receive this reminder once for each item that is due.")]
        return subject, "\n".join(lines)


def send_reminders(*, today_iso: str | None = None, base_url: str = "") -> dict:
    """Send every reminder not yet sent; returns counts (sent, skipped as already sent, failed)."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    sent = skipped = failed = 0
    users = User.objects.filter(is_active=True, role__in=list(KINDS_BY_ROLE)).exclude(email="").select_related("municipality")
    for user in users.order_by("pk"):
        for item in items_for(user, today):
            if SentReminder.objects.filter(key=item.key, recipient=user, due_on=item.due_on).exists():
                skipped += 1
                continue
            subject, body = _message(user, item, base_url)
            # Claimed (committed) before the mail goes out, so a worker killed while sending never
            # sends it twice; a sending that fails gives the claim back for the next run.
            try:
                with transaction.atomic():
                    claim = SentReminder.objects.create(key=item.key, recipient=user, due_on=item.due_on, municipality_id=item.municipality_id)
            except IntegrityError:  # another run sent it meanwhile
                skipped += 1
                continue
            try:
                send_mail(subject, body, None, [user.email], using="default")
            except Exception:
                claim.delete()
                log.exception("reminder %s to %s failed", item.key, user.pk)
                failed += 1
            else:
                sent += 1
    log.info("reminders: %s sent, %s already sent, %s failed", sent, skipped, failed)
    return {"sent": sent, "skipped": skipped, "failed": failed}

"""E-mail about visit notices, each in its recipient's language (Swedish unless they chose another).

The views call :func:`after_commit`, so nothing is sent for a notice that was never saved.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from vanort.accounts.models import User
from vanort.core.roles import Role
from vanort.plans.models import VisitNotice

DEFAULT_LANGUAGE = "sv"


def language_of(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    for attribute in ("language", "preferred_language"):
        value = getattr(user, attribute, "") or ""
        if value in codes:
            return value
    return DEFAULT_LANGUAGE


def _send(user, subject_and_body) -> None:
    if not user.email:
        return
    with translation.override(language_of(user)):
        subject, body = subject_and_body()
        send_mail(subject, body, None, [user.email], using="default")


def _summary(notice: VisitNotice) -> str:
    return _("%(direction)s, %(start)s–%(end)s, %(organisation)s") % {
        "direction": notice.get_direction_display(),
        "start": formats.date_format(notice.starts_on, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(notice.ends_on, "SHORT_DATE_FORMAT"),
        "organisation": notice.organisation,
    }


def coordinators_of(municipality_id) -> list[User]:
    return list(
        User.objects.filter(municipality_id=municipality_id, role=Role.COORDINATOR, is_active=True).exclude(email="")
    )


def send_registered(notice_pk: int, url: str, *, again: bool = False) -> None:
    """Tell the municipality's coordinators that a notice awaits their coordination check."""
    notice = VisitNotice.objects.select_related("organisation").filter(pk=notice_pk).first()
    if notice is None:
        return
    for user in coordinators_of(notice.municipality_id):

        def text(notice=notice):
            if again:
                subject = _("Visit notice answered: %(summary)s") % {"summary": _summary(notice)}
                lead = _("The unit has answered your question about a visit. It awaits your coordination check again.")
            else:
                subject = _("New visit notice: %(summary)s") % {"summary": _summary(notice)}
                lead = _("A visit has been notified and awaits your coordination check (avstämning).")
            body = "\n\n".join([
                lead,
                _summary(notice),
                _("Purpose: %(purpose)s") % {"purpose": notice.purpose},
                _("Open the notice to confirm it or ask a question: %(url)s") % {"url": url},
            ])
            return subject, body

        _send(user, text)


def send_answered(notice_pk: int, url: str) -> None:
    """Tell the person who notified the visit that the international office has answered."""
    notice = VisitNotice.objects.select_related("organisation", "notified_by").filter(pk=notice_pk).first()
    if notice is None or notice.notified_by is None or not notice.notified_by.is_active:
        return

    def text():
        if notice.status == VisitNotice.Status.CONFIRMED:
            subject = _("Visit confirmed: %(summary)s") % {"summary": _summary(notice)}
            lead = _("The international office has confirmed your visit notice.")
        else:
            subject = _("Question about your visit: %(summary)s") % {"summary": _summary(notice)}
            lead = _("The international office has a question about your visit notice. Answer it by editing the notice.")
        parts = [lead, _summary(notice)]
        if notice.response:
            parts.append(_("The international office writes: %(text)s") % {"text": notice.response})
        parts.append(_("Open the notice: %(url)s") % {"url": url})
        return subject, "\n\n".join(parts)

    _send(notice.notified_by, text)


def after_commit(function, *args, **kwargs) -> None:
    transaction.on_commit(lambda: function(*args, **kwargs))

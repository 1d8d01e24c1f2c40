"""Writes that carry governance rules: registering decisions with case numbers, attaching
files, and moving partnership requests through presidium, preparation and the board's decision.

Pages, the demo loader and tests call these same functions (``<entity>_<action>``).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vanort.core.permissions import CHANGE, can, can_add
from vanort.core.uploads import check_count, store_upload
from vanort.core.versioning import save_versioned
from vanort.governance.models import (
    CASE_NUMBER_RE,
    PREFIX_RE,
    CaseCounter,
    Decision,
    DecisionAttachment,
    FollowUp,
    PartnershipRequest,
)
from vanort.registry.models import Partnership, TimelineEvent
from vanort.tenancy import setting_effects

_CASE = re.compile(CASE_NUMBER_RE)
_PREFIX = re.compile(PREFIX_RE)


def parse_case_number(value: str) -> tuple[str, int, int]:
    """("KS", 2017, 494) from "KS 2017-494"; a ValidationError naming the format otherwise."""
    match = _CASE.match((value or "").strip())
    if not match:
        raise ValidationError(
            {"case_number": _("Write the case number as the body's letters, the year and the running number, e.g. “KS 2017-494”.")},
            code="case_number_format",
        )
    return match["prefix"], int(match["year"]), int(match["serial"])


def format_case_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix} {year}-{serial}"


def _locked_counter(municipality_id: int, prefix: str, year: int) -> CaseCounter:
    """The counter row, locked until the surrounding transaction ends (created if missing)."""
    counter = CaseCounter.objects.select_for_update().filter(municipality_id=municipality_id, prefix=prefix, year=year).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():  # a savepoint: a concurrent first registration may win the insert
            CaseCounter.objects.create(municipality_id=municipality_id, prefix=prefix, year=year)
    except IntegrityError:
        pass
    return CaseCounter.objects.select_for_update().get(municipality_id=municipality_id, prefix=prefix, year=year)


def _next_free(municipality_id: int, prefix: str, year: int, after: int) -> int:
    """The first running number after ``after`` that no decision of that prefix and year uses."""
    used = set(
        Decision.objects.filter(municipality_id=municipality_id, case_prefix=prefix, case_year=year, case_serial__gt=after)
        .values_list("case_serial", flat=True)
    )
    serial = after + 1
    while serial in used:
        serial += 1
    return serial


def decision_paragraph_check(decision: Decision) -> None:
    """Normalise the minute paragraph ("§ 513" → "513") and refuse one already used at the same
    meeting: the same municipality, body (and committee) and meeting date."""
    decision.paragraph = (decision.paragraph or "").strip().lstrip("§").strip()
    if not decision.paragraph or not decision.municipality_id or not decision.meeting_date:
        return
    same_meeting = Decision.objects.filter(
        municipality_id=decision.municipality_id, body=decision.body, committee_id=decision.committee_id,
        meeting_date=decision.meeting_date, paragraph=decision.paragraph,
    ).exclude(pk=decision.pk)
    taken = same_meeting.values_list("case_number", flat=True).first()
    if taken is not None:
        raise ValidationError(
            {"paragraph": _("§ %(paragraph)s of this meeting is already used by %(case)s.")
             % {"paragraph": decision.paragraph, "case": taken}},
            code="paragraph_taken",
        )


def decision_register(*, decision: Decision, by, manual_case_number: str = "", on: datetime.date | None = None,
                      check_permission: bool = True) -> Decision:
    """Register a new decision and give it its case number, in one transaction.

    Without ``manual_case_number`` the next running number of the municipality, the decision's
    ``case_prefix`` and the year of ``on`` (today) is drawn from a locked :class:`CaseCounter`:
    concurrent registrations wait for each other, a number already in use (typed by hand) is
    skipped, and if the decision cannot be saved the number is not used (no gaps, no duplicates).

    A manual (historical) number must have the format "KS 2017-494" and be unused. It is *outside
    the running series* unless it is exactly the counter's next number: an old case (KS 2026-400
    while the counter stands at 310) leaves the counter alone, so the next automatic number is
    still 311; a hand-entered 311 continues the series (the counter moves to it, and past any
    numbers directly after it that are already used).
    """
    if check_permission and not can_add(by, Decision):
        raise PermissionDenied
    if not decision.municipality_id and getattr(by, "municipality_id", None):
        decision.municipality_id = by.municipality_id
    if decision.body != Decision.Body.COMMITTEE:
        decision.committee = None
    manual = (manual_case_number or "").strip()
    if manual:
        prefix, year, serial = parse_case_number(manual)
        decision.case_prefix = prefix
    else:
        decision.case_prefix = (decision.case_prefix or "").strip().upper()
        if not _PREFIX.match(decision.case_prefix):
            raise ValidationError({"case_prefix": _("The prefix is one to ten capital letters, e.g. KS.")}, code="case_prefix")
        year = (on or timezone.localdate()).year
        serial = None
    # Validate everything but the number first, so a bad form never draws a number.
    decision.case_year, decision.case_serial, decision.case_number = year, serial or 1, "-"
    decision_paragraph_check(decision)
    decision.full_clean(exclude=["case_number", "case_serial", "case_year"], validate_constraints=False)
    if getattr(by, "pk", None):
        decision.registered_by = by
    with transaction.atomic():
        counter = _locked_counter(decision.municipality_id, decision.case_prefix, year)
        if serial is None:
            serial = _next_free(decision.municipality_id, decision.case_prefix, year, counter.last_number)
            counter.last_number = serial
            counter.save(update_fields=["last_number"])
        decision.case_year, decision.case_serial = year, serial
        decision.case_number = format_case_number(decision.case_prefix, year, serial)
        save_versioned(decision, expected_version=None)
        if serial == counter.last_number + 1:  # the series' next number, typed by hand
            counter.last_number = _next_free(decision.municipality_id, decision.case_prefix, year, serial) - 1
            counter.save(update_fields=["last_number"])
    return decision


def decision_attach(*, decision: Decision, upload, content_type: str, by) -> DecisionAttachment:
    """Store a (checked) file with its row, together or not at all (``store_upload``)."""
    if not can(by, CHANGE, decision):
        raise PermissionDenied
    attachment = DecisionAttachment(
        decision=decision, original_name=upload.name[:255], content_type=content_type, size=upload.size,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    with transaction.atomic():
        check_count(decision, decision.attachments.all())
        return store_upload(attachment, upload)


def follow_up_term(follow_up: FollowUp) -> None:
    """Record the term of office (or rule period) ``follow_up`` answers for.

    Set from the municipality's term settings of today while the follow-up is not received;
    frozen from the moment a decision receives it, so that a later change of the settings never
    reopens it.
    """
    stored = None
    if follow_up.pk:
        stored = FollowUp.objects.filter(pk=follow_up.pk).values("decision_id", "term_start", "term_end").first()
    if stored and stored["decision_id"] is not None and stored["term_start"]:
        follow_up.term_start, follow_up.term_end = stored["term_start"], stored["term_end"]
        return
    if not (follow_up.document_id and follow_up.period_start and follow_up.period_end):
        return
    from vanort.governance.selectors import term_for

    term = term_for(follow_up.document, follow_up.period_start, follow_up.period_end)
    follow_up.term_start, follow_up.term_end = term.start, term.end


def follow_up_save(*, follow_up: FollowUp, by, expected_version: int | None, check_permission: bool = True) -> FollowUp:
    """Save a follow-up with the term it answers for (:func:`follow_up_term`)."""
    if check_permission and not (can(by, CHANGE, follow_up) if follow_up.pk else can_add(by, FollowUp)):
        raise PermissionDenied
    follow_up_term(follow_up)
    save_versioned(follow_up, expected_version=expected_version)
    return follow_up


def follow_up_terms_refresh(municipality) -> int:
    """After the municipality's term settings changed: move the follow-ups not yet received to
    the terms the new settings give; received ones keep theirs. Returns how many moved."""
    moved = 0
    for follow_up in FollowUp.objects.filter(document__municipality=municipality, decision__isnull=True).select_related(
        "document__municipality"
    ):
        before = (follow_up.term_start, follow_up.term_end)
        follow_up_term(follow_up)
        if (follow_up.term_start, follow_up.term_end) != before:
            FollowUp.objects.filter(pk=follow_up.pk).update(term_start=follow_up.term_start, term_end=follow_up.term_end)
            moved += 1
    return moved


TERM_FIELDS = ("election_day", "election_month", "first_election_year", "term_years", "follow_up_grace", "follow_up_grace_unit")


def _follow_ups_moved(stored, changed, today: datetime.date) -> str:
    if all(getattr(stored, name) == getattr(changed, name) for name in TERM_FIELDS):
        return ""
    from vanort.governance.selectors import moved_by_settings

    count = moved_by_settings(stored, changed, today)
    if not count:
        return ""
    received = FollowUp.objects.filter(document__municipality=stored, decision__isnull=False).count()
    parts = [
        ngettext("%(count)d follow-up not yet received will get a new period or due date.",
                 "%(count)d follow-ups not yet received will get new periods or due dates.", count) % {"count": count},
        ngettext("%(count)d follow-up already received keeps its term.",
                 "%(count)d follow-ups already received keep their terms.", received) % {"count": received},
    ]
    return " ".join(parts)


follow_up_setting_effect = setting_effects.Effect(warn=_follow_ups_moved, apply=follow_up_terms_refresh)


def _locked_request(request: PartnershipRequest, by) -> PartnershipRequest:
    if not can(by, CHANGE, request):
        raise PermissionDenied
    return PartnershipRequest.objects.select_for_update().get(pk=request.pk)


def request_transition(*, request: PartnershipRequest, to_status: str, by, note: str = "") -> PartnershipRequest:
    """Move a request between received, with the presidium and prepared (deciding is separate)."""
    with transaction.atomic():
        request = _locked_request(request, by)
        allowed = PartnershipRequest.TRANSITIONS[PartnershipRequest.Status(request.status)]
        if to_status not in allowed:
            raise ValidationError(
                _("A request cannot go from “%(from)s” to “%(to)s”.")
                % {"from": request.get_status_display(), "to": dict(PartnershipRequest.Status.choices).get(to_status, to_status)},
                code="transition",
            )
        if to_status == PartnershipRequest.Status.PREPARED and not request.priority_areas.exists():
            raise ValidationError(_("Link the request to at least one priority area before it is prepared for the board."), code="no_areas")
        if note and to_status == PartnershipRequest.Status.PRESIDIUM:
            request.presidium_note = "\n".join(filter(None, [request.presidium_note, note]))
        request.status = to_status
        save_versioned(request, expected_version=request.version,
                       reason=_("Status: %(status)s") % {"status": request.get_status_display()})
    return request


def _check_decision(request: PartnershipRequest, decision: Decision, by) -> None:
    if request.status != PartnershipRequest.Status.PREPARED:
        raise ValidationError(_("Only a request prepared by the international office goes to the board."), code="not_prepared")
    if decision.municipality_id != request.municipality_id:
        raise ValidationError(_("The decision belongs to another municipality."), code="municipality")
    if decision.body != Decision.Body.BOARD:
        raise ValidationError(_("New partnerships are decided by the municipal board."), code="not_board")


def request_accept(*, request: PartnershipRequest, decision: Decision, by, status: str = Partnership.Status.PROPOSED,
                   category: str | None = None) -> Partnership:
    """The board accepted the request: create the partnership with its first history, in one go.

    The partnership starts ``proposed`` or ``active``, with the request's priority areas, and two
    timeline events: the request received and the board's decision. The request is closed as
    accepted, pointing at the decision and the partnership.
    """
    if status not in (Partnership.Status.PROPOSED, Partnership.Status.ACTIVE):
        raise ValidationError(_("An accepted request becomes a proposed or an active partnership."), code="status")
    with transaction.atomic():
        request = _locked_request(request, by)
        _check_decision(request, decision, by)
        if not can_add(by, Partnership):
            raise PermissionDenied
        partnership = Partnership(
            municipality_id=request.municipality_id, partner_city=request.city, category=category or request.proposed_category,
            status=status, start_year=decision.meeting_date.year if status == Partnership.Status.ACTIVE else None,
            is_public=status == Partnership.Status.ACTIVE,
        )
        save_versioned(partnership, expected_version=None, reason=_("Created from an accepted request"))
        partnership.priority_areas.set(request.priority_areas.all())
        events = [
            (request.received_on, _("Request received"),
             _("Request from %(sender)s to establish a partnership.") % {"sender": request.sender}),
            (decision.meeting_date, _("Board decided to accept the request (%(case)s)") % {"case": decision_label(decision)},
             decision.decision_points),
        ]
        for day, title, description in events:
            event = TimelineEvent(partnership=partnership, date=day, title=title[:250], description=description,
                                  is_public=partnership.is_public)
            save_versioned(event, expected_version=None)
        decision.partnerships.add(partnership)
        request.status = PartnershipRequest.Status.ACCEPTED
        request.decision = decision
        request.partnership = partnership
        save_versioned(request, expected_version=request.version, reason=_("Accepted by the board"))
    return partnership


def request_decline(*, request: PartnershipRequest, decision: Decision, reasons: str, by) -> PartnershipRequest:
    """The board declined the request: it is closed with the decision and the reasons."""
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for declining.")}, code="no_reasons")
    with transaction.atomic():
        request = _locked_request(request, by)
        _check_decision(request, decision, by)
        request.status = PartnershipRequest.Status.DECLINED
        request.decision = decision
        request.decline_reasons = reasons.strip()
        save_versioned(request, expected_version=request.version, reason=_("Declined by the board"))
    return request


def decision_label(decision: Decision) -> str:
    return f"{decision.case_number}, § {decision.paragraph}" if decision.paragraph else decision.case_number


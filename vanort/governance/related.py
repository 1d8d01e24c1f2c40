"""What governance shows on the pages of the records its decisions, reviews, requests and
follow-ups concern (:mod:`vanort.core.related`): a partnership's decisions, agreements with the
decisions they rest on, reviews, requests and follow-ups; an agreement's and an action plan's
decisions. Each section is a fixed number of queries through the gate, left out for a user who
may not list such records at all (the partner and the public: no reviews, requests, follow-ups)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vanort.core import related
from vanort.core.permissions import CHANGE, VIEW, can, can_add, can_list, restrict, visible_pks
from vanort.governance.models import Decision, FollowUp, PartnershipRequest, Review
from vanort.plans.models import ActionPlan
from vanort.registry.models import Agreement, Partnership


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def decisions_section(user, decisions) -> related.Section | None:
    if not can_list(user, Decision):
        return None
    rows = restrict(decisions, user, VIEW).distinct().order_by("-meeting_date", "-pk")
    return related.Section("decisions", _lazy("Decisions"), [
        related.Item(str(decision), decision.get_absolute_url(), f"{decision.get_body_display()}, {_date(decision.meeting_date)}")
        for decision in rows
    ], empty=_lazy("No decisions registered."))


def partnership_decisions(partnership, user):
    return decisions_section(user, Decision.objects.filter(Q(partnerships=partnership) | Q(agreements__partnership=partnership)
                                                           | Q(agreements_resting__partnership=partnership)))


def partnership_agreements(partnership, user):
    """The partnership's agreements in force or past (not archived), each with the decisions it
    rests on: three queries however many."""
    agreements = list(restrict(partnership.agreements.current(), user, VIEW))
    resting = Decision.agreements_resting.through.objects.filter(agreement__in=[a.pk for a in agreements])
    pairs = list(resting.values_list("agreement_id", "decision_id"))
    decisions = {d.pk: d for d in restrict(Decision.objects.filter(pk__in={d for _a, d in pairs}), user, VIEW)} if pairs else {}
    items = []
    for agreement in agreements:
        rests_on = [decisions[d] for a, d in pairs if a == agreement.pk and d in decisions]
        note = _("signed %(date)s") % {"date": _date(agreement.signed_on)} if agreement.signed_on else ""
        links = [(_("rests on %(decision)s") % {"decision": decision}, decision.get_absolute_url()) for decision in rests_on]
        if not rests_on and agreement.decision_reference:
            note = ", ".join(filter(None, [note, _("rests on %(decision)s") % {"decision": agreement.decision_reference}]))
        items.append(related.Item(str(agreement), agreement.get_absolute_url(), note, links))
    add = None
    if user.is_authenticated and can_add(user, Agreement) and can(user, CHANGE, partnership):
        add = (_("Register an agreement"), f"{reverse('registry:agreement_create')}?partnership={partnership.pk}")
    return related.Section("agreements", _lazy("Agreements"), items, empty=_lazy("No agreements registered."), add=add)


def partnership_reviews(partnership, user):
    if not can_list(user, Review):
        return None
    rows = list(restrict(Review.objects.filter(partnership=partnership), user, VIEW).select_related("decision"))
    visible = _visible_decisions(user, rows)
    return related.Section("reviews", _lazy("Reviews"), [
        related.Item(str(review), review.get_absolute_url(), f"{_date(review.period_start)} – {_date(review.period_end)}",
                     _received_by(review.decision, visible))
        for review in rows
    ], empty=_lazy("No reviews."))


def _received_by(decision, visible: set) -> list[tuple[str, str]]:
    """A link to the decision that received a review or follow-up, if the reader may see it."""
    if decision is None or decision.pk not in visible:
        return []
    return [(_("received by %(decision)s") % {"decision": decision}, decision.get_absolute_url())]


def _visible_decisions(user, rows) -> set:
    return visible_pks(user, Decision, {row.decision_id for row in rows if row.decision_id})


def partnership_requests(partnership, user):
    if not can_list(user, PartnershipRequest):
        return None
    rows = restrict(PartnershipRequest.objects.filter(
        Q(partnership=partnership) | Q(city=partnership.partner_city_id, municipality=partnership.municipality_id)), user, VIEW,
    ).select_related("city")
    return related.Section("requests", _lazy("Partnership requests"), [
        related.Item(str(request), request.get_absolute_url(), request.get_status_display()) for request in rows
    ], empty=_lazy("No partnership requests."))


def partnership_follow_ups(partnership, user):
    """The follow-ups received by a decision that concerns the partnership."""
    if not can_list(user, FollowUp):
        return None
    rows = list(restrict(FollowUp.objects.filter(decision__partnerships=partnership), user, VIEW)
                .select_related("document", "decision").distinct())
    visible = _visible_decisions(user, rows)
    return related.Section("follow_ups", _lazy("Follow-ups"), [
        related.Item(str(follow_up), follow_up.get_absolute_url(), "", _received_by(follow_up.decision, visible))
        for follow_up in rows
    ], empty=_lazy("No follow-ups received by a decision about it."))


def agreement_decisions(agreement, user):
    return decisions_section(user, Decision.objects.filter(Q(agreements=agreement) | Q(agreements_resting=agreement)))


def agreement_reviews(agreement, user):
    if not can_list(user, Review):
        return None
    rows = restrict(Review.objects.filter(agreement=agreement), user, VIEW)
    return related.Section("reviews", _lazy("The review that prepared it"), [
        related.Item(str(review), review.get_absolute_url()) for review in rows
    ], empty=_lazy("No review."))


def plan_decisions(plan, user):
    return decisions_section(user, Decision.objects.filter(plans=plan))


def register() -> None:
    related.register(Partnership, partnership_agreements, order=10)
    related.register(Partnership, partnership_decisions, order=20)
    related.register(Partnership, partnership_reviews, order=25)
    related.register(Partnership, partnership_requests, order=60)
    related.register(Partnership, partnership_follow_ups, order=70)
    related.register(Agreement, agreement_decisions, order=10)
    related.register(Agreement, agreement_reviews, order=20)
    related.register(ActionPlan, plan_decisions, order=10)

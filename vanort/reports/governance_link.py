"""What the reports read from ``vanort.governance``, in one place."""

from __future__ import annotations

from vanort.core.permissions import VIEW, restrict
from vanort.governance import mandates
from vanort.governance.models import ActivityGuidelineAssessment, FollowUp, Guideline, Review


def mandate_period(municipality, year: int) -> mandates.MandatePeriod:
    """The term of office that starts in the election year ``year`` (15 Oct – 14 Oct by default)."""
    return mandates.period_starting(year, municipality)


def is_election_year(municipality, year: int) -> bool:
    period = mandates.period_starting(year, municipality)
    return mandates.period_of(period.start, municipality) == period


def period_of(municipality, day):
    """The term of office that ``day`` falls in."""
    return mandates.period_of(day, municipality)


def follow_up_for(user, document, start):
    """The follow-up of ``document`` for the period starting ``start`` that ``user`` may see, or None."""
    return (restrict(FollowUp.objects.all(), user, VIEW).filter(document=document, period_start=start)
            .select_related("decision").first())


def review_for(user, partnership, pk=None):
    """The review of ``partnership`` that ``user`` may see: ``pk``, or the latest; None if none."""
    reviews = restrict(Review.objects.all(), user, VIEW).filter(partnership=partnership).select_related("agreement", "decision")
    if pk is not None:
        reviews = reviews.filter(pk=pk)
    return reviews.order_by("-period_end", "-pk").first()


def guidelines(user, document):
    return restrict(Guideline.objects.all(), user, VIEW).filter(document=document).order_by("position", "pk")


def assessments(user, document, acts):
    """The assessments of the activities ``acts`` against the guidelines of ``document``."""
    return (restrict(ActivityGuidelineAssessment.objects.all(), user, VIEW)
            .filter(guideline__document=document, activity_id__in=acts.values("pk"))
            .select_related("activity").order_by("guideline__position", "guideline_id", "activity__planned_start", "activity_id"))

"""Governance on top of ``world``: a strategy with guidelines, the board's decision § 513 adopting
the position paper (followed up once per mandate period), a follow-up, a request and a review."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from vanort.core.roles import Role
from vanort.governance.models import (
    Decision,
    FollowUp,
    GoverningDocument,
    Guideline,
    PartnershipRequest,
    Review,
)
from vanort.governance.services import decision_register


def make_decision(world, *, title="Beslut", meeting_date=datetime.date(2017, 12, 4), manual="", body=Decision.Body.BOARD,
                  by=None, is_public=True, **extra) -> Decision:
    decision = Decision(municipality=world.home, body=body, meeting_date=meeting_date, title=title, title_sv=title,
                        is_public=is_public, **extra)
    return decision_register(decision=decision, by=by or world.users[Role.COORDINATOR], manual_case_number=manual,
                             on=meeting_date)


@pytest.fixture
def gov(world):
    strategy = GoverningDocument.objects.create(
        municipality=world.home, title="Internationell strategi", title_en="International strategy", kind="strategy",
        adopted_on=datetime.date(2010, 6, 1), follow_up_rule="none",
    )
    guidelines = [
        Guideline.objects.create(document=strategy, position=i, text=text)
        for i, text in enumerate(["Demokrati och jämställdhet beaktas", "Öppna dörrar för näringslivet"], start=1)
    ]
    s513 = make_decision(world, title="Positionspapper – Palo Alto", manual="KS 2017-494", paragraph="513",
                         decision_points="Positionspapper fastställs.\nFöljs upp minst en gång per mandatperiod.",
                         decision_basis="Tjänsteskrivelse 2017-11-14")
    paper = GoverningDocument.objects.create(
        municipality=world.home, title="Positionspapper Palo Alto", kind="position_paper",
        adopted_on=datetime.date(2017, 12, 4), adopted_by=s513, follow_up_rule="per_mandate",
    )
    receiving = make_decision(world, title="Uppföljning positionspapper", meeting_date=datetime.date(2018, 9, 3), paragraph="301")
    done = FollowUp.objects.create(document=paper, period_start=datetime.date(2014, 10, 15), period_end=datetime.date(2018, 10, 14),
                                   assessment="Bra.", decision=receiving)
    started = FollowUp.objects.create(document=paper, period_start=datetime.date(2018, 10, 15), period_end=datetime.date(2022, 10, 14))
    internal_decision = make_decision(world, title="Internt beslut", meeting_date=datetime.date(2026, 3, 2), is_public=False,
                                      body=Decision.Body.PRESIDIUM)
    request = PartnershipRequest.objects.create(
        municipality=world.home, city=world.cities.enschede, received_on=datetime.date(2026, 9, 1), sender="Burgemeester",
    )
    review = Review.objects.create(partnership=world.partnership, title="Översyn Palo Alto", period_start=datetime.date(1987, 1, 1),
                                   period_end=datetime.date(2017, 12, 31), decision=s513)
    foreign_decision = Decision.objects.create(
        municipality=world.other, meeting_date=datetime.date(2020, 1, 1), title="Foreign", case_prefix="KS", case_year=2020,
        case_serial=1, case_number="KS 2020-1", is_public=False,
    )
    return SimpleNamespace(strategy=strategy, guidelines=guidelines, s513=s513, paper=paper, receiving=receiving, done=done,
                           started=started, internal_decision=internal_decision, request=request, review=review,
                           foreign_decision=foreign_decision)

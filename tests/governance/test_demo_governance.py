"""The demo's governance: § 513, the position paper, the follow-ups due since 2017 and the
guideline assessments of three 2018 activities."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from vanort.accounts.models import User
from vanort.governance.models import (
    ActivityGuidelineAssessment,
    CaseCounter,
    Decision,
    FollowUp,
    GoverningDocument,
    PartnershipRequest,
    Review,
)
from vanort.governance.selectors import DONE, DUE, follow_up_statuses_for

pytestmark = pytest.mark.engine_independent


@pytest.mark.django_db
def test_demo_governance():
    call_command("loaddemo", stdout=io.StringIO())
    s513 = Decision.objects.get(case_number="KS 2017-494")
    assert s513.paragraph == "513" and s513.meeting_date.year == 2017 and s513.body == "board"
    assert s513.decision_basis.startswith("Tjänsteskrivelse 2017-11-14")
    assert len(s513.points) == 2
    assert [d.recipient for d in s513.distribution.all()] == ["Samtliga nämnder"]
    assert s513.agreements_resting.get().signed_on == datetime.date(2018, 5, 15)
    paper = GoverningDocument.objects.get(kind="position_paper")
    assert paper.adopted_by == s513 and paper.follow_up_rule == "per_mandate"
    strategy = GoverningDocument.objects.get(kind="strategy")
    assert strategy.guidelines.count() == 6 and all(g.text_en for g in strategy.guidelines.all())
    # Three 2018 activities assessed against the strategy's guidelines, each with a justification.
    assessments = list(ActivityGuidelineAssessment.objects.select_related("activity", "guideline"))
    assert len(assessments) == 9 and all(a.guideline.document == strategy and a.justification for a in assessments)
    assert len({a.activity_id for a in assessments}) == 3
    assert all(a.activity.actual_start.year == 2018 for a in assessments)
    assert {a.judgement for a in assessments} == {"fulfils", "partly"}
    assert all(a.history.count() == 1 for a in assessments)

    board = User.objects.get(role="board")
    statuses = follow_up_statuses_for(board, datetime.date(2026, 11, 27))
    assert [(s.period.label, s.state) for s in statuses] == [
        ("2014–2018", DONE), ("2018–2022", DONE), ("2022–2026", DONE), ("2026–2030", DUE),
    ]
    assert all(s.decision is not None for s in statuses[:3])
    assert Review.objects.get().decision is not None
    request = PartnershipRequest.objects.get()
    assert request.city.name == "Kaunas" and request.status == "presidium"
    # The register continues each year's series after the demo's latest case.
    assert Decision.objects.count() == 5
    assert CaseCounter.objects.get(prefix="KS", year=2026).last_number == 305
    assert all(f.term_start and f.term_end for f in FollowUp.objects.all())

    client = Client()
    client.force_login(board)
    page = client.get(reverse("governance:followup_status")).content.decode()
    assert "2026–2030" in page

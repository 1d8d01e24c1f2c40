"""Issue 13's first rules at their doors: the case register's running series and minute
paragraphs, terms of office that stay put for received follow-ups, guidelines that keep their
assessments."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from tests.plans.conftest import make_activity
from vanort.core.roles import Role
from vanort.governance.mandates import MandatePeriod
from vanort.governance.models import (
    ActivityGuidelineAssessment,
    CaseCounter,
    Decision,
    FollowUp,
    GoverningDocument,
    Guideline,
)
from vanort.governance.selectors import DONE, DUE, OVERDUE, follow_up_statuses
from vanort.governance.services import follow_up_save

pytestmark = pytest.mark.engine_independent

D = datetime.date


def decision_data(**extra):
    return {"body": "board", "meeting_date": "2026-11-02", "paragraph": "402", "case_prefix": "KS", "title_sv": "Beslut om X",
            "decision_points_sv": "A", "is_public": "on", **extra}


# --- the case register ----------------------------------------------------------------------------


def test_an_old_case_entered_on_the_page_leaves_the_running_series(world, client_for):
    year = timezone.localdate().year
    CaseCounter.objects.create(municipality=world.home, prefix="KS", year=year, last_number=310)
    client = client_for(world.users[Role.COORDINATOR])
    url = reverse("governance:decision_create")
    response = client.post(url, decision_data(manual_case_number=f"KS {year}-400", paragraph="1", title_sv="Gammalt"))
    assert response.status_code == 302
    assert client.post(url, decision_data(paragraph="2", title_sv="Nytt")).status_code == 302
    assert Decision.objects.get(title_sv="Nytt").case_number == f"KS {year}-311"


def test_the_same_paragraph_twice_at_one_meeting_is_a_field_error_on_the_page(world, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    url = reverse("governance:decision_create")
    assert client.post(url, decision_data(title_sv="Första")).status_code == 302
    first = Decision.objects.get(title_sv="Första")
    response = client.post(url, decision_data(title_sv="Andra", paragraph="§ 402"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_paragraph_error"' in page and first.case_number in page
    assert not Decision.objects.filter(title_sv="Andra").exists()
    assert CaseCounter.objects.get().last_number == 1  # the refused form drew no number
    # Another meeting: fine. Then editing it onto the first meeting's § 402 is refused, nothing changed.
    assert client.post(url, decision_data(title_sv="Andra", meeting_date="2026-11-09")).status_code == 302
    second = Decision.objects.get(title_sv="Andra")
    edit = {**decision_data(title_sv="Andra"), "expected_version": second.version}
    response = client.post(reverse("governance:decision_edit", args=[second.pk]), edit)
    assert response.status_code == 400 and 'id="id_paragraph_error"' in response.content.decode()
    second.refresh_from_db()
    assert second.meeting_date == D(2026, 11, 9)
    # Another paragraph is saved as submitted.
    response = client.post(reverse("governance:decision_edit", args=[second.pk]), {**edit, "paragraph": "403"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.meeting_date, second.paragraph) == (D(2026, 11, 2), "403")


# --- terms of office ------------------------------------------------------------------------------


def test_term_labels_name_the_first_and_last_year():
    assert MandatePeriod(D(2015, 1, 1), D(2018, 12, 31)).label == "2015–2018"
    assert MandatePeriod(D(2022, 10, 15), D(2026, 10, 14)).label == "2022–2026"
    assert FollowUp(period_start=D(2015, 1, 1), period_end=D(2018, 12, 31)).period_label == "2015–2018"


def test_a_follow_up_records_its_term_and_keeps_it_once_received(world, gov):
    by = world.users[Role.COORDINATOR]
    follow_up = FollowUp(document=gov.paper, period_start=D(2022, 10, 15), period_end=D(2026, 10, 14))
    follow_up_save(follow_up=follow_up, by=by, expected_version=None)
    follow_up.refresh_from_db()
    assert (follow_up.term_start, follow_up.term_end) == (D(2022, 10, 15), D(2026, 10, 14))
    follow_up.decision = gov.receiving
    follow_up_save(follow_up=follow_up, by=by, expected_version=follow_up.version)
    world.home.election_day, world.home.election_month = 1, 1
    world.home.save()
    follow_up = FollowUp.objects.get(pk=follow_up.pk)
    follow_up.assessment = "Tillägg"
    follow_up_save(follow_up=follow_up, by=by, expected_version=follow_up.version)
    follow_up.refresh_from_db()
    assert (follow_up.term_start, follow_up.term_end) == (D(2022, 10, 15), D(2026, 10, 14))


def _paper_states(gov, today):
    return [(s.period.label, s.state) for s in follow_up_statuses(GoverningDocument.objects.filter(pk=gov.paper.pk), today)]


def test_changing_to_1_january_terms_does_not_reopen_received_follow_ups(world, gov):
    FollowUp.objects.filter(pk=gov.done.pk).update(term_start=D(2014, 10, 15), term_end=D(2018, 10, 14))
    FollowUp.objects.filter(pk=gov.started.pk).update(decision=gov.receiving, term_start=D(2018, 10, 15), term_end=D(2022, 10, 14))
    before = _paper_states(gov, D(2026, 11, 27))
    assert before == [("2014–2018", DONE), ("2018–2022", DONE), ("2022–2026", OVERDUE), ("2026–2030", DUE)]
    world.home.election_day, world.home.election_month = 1, 1
    world.home.save()
    after = _paper_states(gov, D(2026, 11, 27))
    # The two received follow-ups stay done for the terms they recorded; the open ones follow the new terms.
    assert after == [("2014–2018", DONE), ("2018–2022", DONE), ("2022–2025", OVERDUE), ("2026–2029", DUE)]


def test_a_grace_period_after_the_term_before_overdue(world, gov):
    today = D(2026, 11, 27)  # six weeks after the 2022–2026 term ended
    assert dict(_paper_states(gov, today))["2022–2026"] == OVERDUE
    world.home.follow_up_grace, world.home.follow_up_grace_unit = 3, "months"
    world.home.save()
    statuses = follow_up_statuses(GoverningDocument.objects.filter(pk=gov.paper.pk), today)
    late = next(s for s in statuses if s.period.label == "2022–2026")
    assert (late.state, late.due_on) == (DUE, D(2027, 1, 14))
    world.home.follow_up_grace, world.home.follow_up_grace_unit = 30, "days"
    world.home.save()
    assert dict(_paper_states(gov, today))["2022–2026"] == OVERDUE
    assert dict(_paper_states(gov, D(2026, 11, 13)))["2022–2026"] == DUE


def settings_data(municipality, **extra):
    return {"name": municipality.name, "currency": "SEK", "visit_report_days": 30, "election_day": 15, "election_month": 10,
            "first_election_year": 2014, "term_years": 4, "follow_up_grace": 0, "follow_up_grace_unit": "months",
            "expected_version": municipality.version, **extra}


def test_the_settings_page_says_what_a_change_moves_before_it_saves(world, gov, client_for):
    today = timezone.localdate()
    open_now = [s for s in follow_up_statuses(GoverningDocument.objects.filter(pk=gov.paper.pk), today) if s.state != DONE]
    url = reverse("tenancy:municipality_edit", args=[world.home.pk])
    admin = client_for(world.users[Role.ADMIN])
    data = settings_data(world.home, election_day=1, election_month=1)
    response = admin.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    world.home.refresh_from_db()
    assert (world.home.election_day, world.home.election_month) == (15, 10)  # not saved yet
    warning = re.search(r'id="setting-effects".*?</div>', page, re.S).group(0)
    assert f"{len(open_now)} " in warning and "1 " in warning  # moved, and the one received that keeps its term
    token = re.search(r'name="confirm_effects" value="([^"]*)"', page).group(1)
    # Changing a value on the confirm page warns again rather than saving.
    response = admin.post(url, {**data, "election_day": 2, "confirm_effects": token})
    assert response.status_code == 200
    world.home.refresh_from_db()
    assert world.home.election_day == 15
    response = admin.post(url, {**data, "confirm_effects": token})
    assert response.status_code == 302
    world.home.refresh_from_db()
    assert (world.home.election_day, world.home.election_month) == (1, 1)
    gov.started.refresh_from_db()
    assert (gov.started.term_start, gov.started.term_end) == (D(2018, 1, 1), D(2021, 12, 31))  # not received: moved
    status = client_for(world.users[Role.BOARD]).get(reverse("governance:followup_status")).content.decode()
    assert "2014–2018" in status  # the received follow-up keeps its term


def test_a_change_that_moves_nothing_saves_at_once(world, client_for):
    url = reverse("tenancy:municipality_edit", args=[world.home.pk])
    response = client_for(world.users[Role.ADMIN]).post(url, settings_data(world.home, election_day=1, follow_up_grace=2))
    assert response.status_code == 302
    world.home.refresh_from_db()
    assert (world.home.election_day, world.home.follow_up_grace) == (1, 2)


def test_the_follow_up_page_records_the_term(world, gov, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("governance:followup_create"), {
        "document": gov.paper.pk, "period_start": "2022-10-15", "period_end": "2026-10-14", "assessment": "Bra",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    follow_up = FollowUp.objects.get(period_start=D(2022, 10, 15))
    assert (follow_up.term_start, follow_up.term_end) == (D(2022, 10, 15), D(2026, 10, 14))


# --- guidelines keep their assessments ------------------------------------------------------------


def test_a_guideline_with_assessments_cannot_be_deleted(world, gov, client_for):
    first, second = gov.guidelines
    activity = make_activity(world, title="Skolutbyte", organisation=world.unit, areas=[world.area])
    ActivityGuidelineAssessment.objects.create(activity=activity, guideline=first, judgement="fulfils")
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("governance:guideline_delete", args=[first.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert Guideline.objects.filter(pk=first.pk).exists()
    assert ActivityGuidelineAssessment.objects.filter(guideline=first).count() == 1
    assert response.redirect_chain[-1][0] == first.get_absolute_url()
    with pytest.raises(ProtectedError):
        first.delete()
    # One without assessments goes.
    assert client.post(reverse("governance:guideline_delete", args=[second.pk])).status_code == 302
    assert not Guideline.objects.filter(pk=second.pk).exists()


def test_a_retired_guideline_is_not_offered_for_new_assessments(world, gov, client_for):
    first, second = gov.guidelines
    assessed = make_activity(world, title="Skolutbyte", organisation=world.unit, areas=[world.area])
    fresh = make_activity(world, title="Kulturresa", organisation=world.unit, areas=[world.area])
    ActivityGuidelineAssessment.objects.create(activity=assessed, guideline=first, judgement="fulfils", justification="Ja")
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("governance:guideline_edit", args=[first.pk]), {
        "document": gov.strategy.pk, "position": first.position, "text_sv": first.text, "retired_on": "2020-01-01",
        "expected_version": first.version,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    first.refresh_from_db()
    assert first.retired_on == D(2020, 1, 1)
    client.get(first.get_absolute_url())  # shows (and so consumes) the "saved" message naming it
    fresh_page = client.get(reverse("governance:activity_guidelines", args=[fresh.pk])).content.decode()
    assert first.text not in fresh_page and second.text in fresh_page
    client.post(reverse("governance:activity_guidelines", args=[fresh.pk]), {f"g{first.pk}_judgement": "fulfils"})
    assert not ActivityGuidelineAssessment.objects.filter(activity=fresh).exists()
    assessed_page = client.get(reverse("governance:activity_guidelines", args=[assessed.pk])).content.decode()
    assert first.text in assessed_page

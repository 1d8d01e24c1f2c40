"""Terms of office and the follow-ups a document's rule makes due, done or overdue."""

import datetime

import pytest

from vanort.core.roles import Role
from vanort.governance.mandates import TermSettings, period_of, periods_between
from vanort.governance.models import FollowUp, GoverningDocument
from vanort.governance.selectors import (
    DONE,
    DUE,
    OVERDUE,
    follow_up_statuses,
    follow_up_statuses_for,
)

pytestmark = pytest.mark.engine_independent

D = datetime.date


@pytest.mark.parametrize(("day", "label"), [
    (D(2026, 10, 14), "2022–2026"),
    (D(2026, 10, 15), "2026–2030"),
    (D(2018, 10, 14), "2014–2018"),
    (D(2018, 10, 15), "2018–2022"),
    (D(2017, 12, 4), "2014–2018"),
    (D(2020, 1, 1), "2018–2022"),
    (D(2026, 11, 27), "2026–2030"),
])
def test_period_boundaries_on_14_and_15_october(day, label):
    period = period_of(day)
    assert period.label == label
    assert period.contains(day)


def test_period_runs_from_15_october_to_14_october_four_years_later():
    period = period_of(D(2023, 5, 1))
    assert (period.start, period.end) == (D(2022, 10, 15), D(2026, 10, 14))


def test_configurable_day_month_and_length():
    settings = TermSettings(day=1, month=9, first_year=2019, years=5)
    assert period_of(D(2024, 8, 31), settings).label == "2019–2024"
    period = period_of(D(2024, 9, 1), settings)
    assert (period.start, period.end) == (D(2024, 9, 1), D(2029, 8, 31))
    assert [p.label for p in periods_between(D(2019, 9, 1), D(2030, 1, 1), settings)] == ["2019–2024", "2024–2029", "2029–2034"]


def test_municipality_settings_are_used(world):
    world.home.election_day, world.home.election_month = 1, 1
    # A term's label names the years of its first and last day: 1 Jan 2018 – 31 Dec 2021.
    assert period_of(D(2018, 1, 1), world.home).label == "2018–2021"
    assert period_of(D(2017, 12, 31), world.home).label == "2014–2017"


def test_periods_since_the_position_paper(gov):
    statuses = follow_up_statuses(GoverningDocument.objects.filter(pk=gov.paper.pk), D(2026, 11, 27))
    assert [(s.period.label, s.state) for s in statuses] == [
        ("2014–2018", DONE), ("2018–2022", OVERDUE), ("2022–2026", OVERDUE), ("2026–2030", DUE),
    ]
    assert statuses[0].decision == gov.receiving
    assert statuses[1].follow_up == gov.started and statuses[1].decision is None


def test_closing_a_follow_up_makes_it_done(gov):
    FollowUp.objects.filter(pk=gov.started.pk).update(decision=gov.receiving)
    statuses = follow_up_statuses(GoverningDocument.objects.filter(pk=gov.paper.pk), D(2022, 1, 1))
    assert [s.state for s in statuses] == [DONE, DONE]


def test_replaced_documents_and_no_rule_need_nothing(gov):
    assert follow_up_statuses(GoverningDocument.objects.filter(pk=gov.strategy.pk), D(2026, 11, 27)) == []
    GoverningDocument.objects.filter(pk=gov.paper.pk).update(status="replaced", replaced_by=gov.strategy)
    assert follow_up_statuses(GoverningDocument.objects.filter(pk=gov.paper.pk), D(2026, 11, 27)) == []


def test_every_n_years(gov):
    GoverningDocument.objects.filter(pk=gov.paper.pk).update(follow_up_rule="every_n_years", follow_up_years=3)
    statuses = follow_up_statuses(GoverningDocument.objects.filter(pk=gov.paper.pk), D(2024, 1, 1))
    # The follow-up the board received for 2014–2018 stays done, beside the new rule's periods.
    assert [(s.period.start, s.period.end, s.state) for s in statuses] == [
        (D(2014, 10, 15), D(2018, 10, 14), DONE),
        (D(2017, 12, 4), D(2020, 12, 3), OVERDUE), (D(2020, 12, 4), D(2023, 12, 3), OVERDUE), (D(2023, 12, 4), D(2026, 12, 3), DUE),
    ]


def test_statuses_for_a_user_pass_the_gate(world, gov):
    due = follow_up_statuses_for(world.users[Role.BOARD], D(2026, 11, 27), states=(DUE,))
    assert [s.period.label for s in due] == ["2026–2030"]
    assert follow_up_statuses_for(world.foreign_user, D(2026, 11, 27)) == []

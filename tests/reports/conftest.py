"""Report data on top of ``world`` and the plans' ``plan_data``: a done activity, visits, a
governing document with its follow-ups and a decision — every figure the tests check is here."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from tests.plans.conftest import make_activity, make_cost, plan_data  # noqa: F401  (fixture)
from vanort.governance.models import Decision, FollowUp, GoverningDocument
from vanort.governance.services import decision_register
from vanort.plans.models import Activity, CostLine, Participation, VisitNotice, VisitReport
from vanort.plans.services.visits import visit_notify

TODAY = datetime.date(2026, 11, 27)
#: The term of office 2022-10-15 – 2026-10-14 and the one after.
PERIOD_2022 = (datetime.date(2022, 10, 15), datetime.date(2026, 10, 14))


@pytest.fixture
def report_data(world, plan_data):  # noqa: F811
    home = world.home
    done = make_activity(world, title="Ungdomsutbyte", organisation=world.unit, areas=[world.area], plan=plan_data.plan,
                         status=Activity.Status.DONE, progress=100, goals="20 ungdomar", outcome="22 ungdomar deltog",
                         start=datetime.date(2026, 5, 10))
    make_cost(done, world.university, 2_000_00, actual=1_950_50, cost_type=CostLine.Type.FEES)
    Participation.objects.create(activity=done, total=22, women=12, men=9, other_gender=1, under_18=15, age_18_29=5, age_30_plus=2)
    # An activity outside every period of the reports (2019) must not count.
    old = make_activity(world, title="Gammalt projekt", organisation=world.unit, areas=[world.area], start=datetime.date(2019, 3, 1))
    make_cost(old, world.unit, 99_999_00)
    # Visits: one reported, one overdue, one in another municipality's hands (not visible).
    coordinator = world.users["coordinator"]
    reported = visit_notify(notice=VisitNotice(
        organisation=world.unit, partnership=world.partnership, direction=VisitNotice.Direction.OUTGOING, travellers="Lärare",
        traveller_count=3, starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 4, 5), purpose="Skolbesök"), by=coordinator)
    VisitReport.objects.create(notice=reported, results="Bra", submitted_by=coordinator)
    overdue = visit_notify(notice=VisitNotice(
        organisation=world.unit, partnership=world.partnership, direction=VisitNotice.Direction.INCOMING, travellers="Delegation",
        traveller_count=5, starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 9, 3), purpose="Studiebesök"), by=coordinator)
    # Governance: the position paper (per mandate period, priority area "Smart stad"), its decision.
    decision = decision_register(decision=Decision(municipality=home, title="Positionspapper för Palo Alto",
                                                    meeting_date=datetime.date(2017, 12, 4), paragraph="513"),
                                 by=coordinator, manual_case_number="KS 2017-494", check_permission=False)
    later = decision_register(decision=Decision(municipality=home, title="Handlingsplan 2026", meeting_date=datetime.date(2026, 2, 2),
                                                 paragraph="17"), by=coordinator, check_permission=False, on=datetime.date(2026, 2, 2))
    later.partnerships.add(world.partnership)
    document = GoverningDocument.objects.create(
        municipality=home, title="Positionspapper Palo Alto", adopted_on=datetime.date(2017, 12, 4), adopted_by=decision,
    )
    document.priority_areas.add(world.area)
    FollowUp.objects.create(document=document, period_start=datetime.date(2014, 10, 15), period_end=datetime.date(2018, 10, 14),
                            decision=decision)
    return SimpleNamespace(**vars(plan_data), done=done, old=old, reported=reported, overdue=overdue, decision=decision,
                           later=later, document=document)


@pytest.fixture
def frozen_today(monkeypatch):
    """Every ``timezone.localdate()`` answers TODAY (27 November 2026)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def table(report, table_id):
    return next(t for t in report.tables if t.id == table_id)


def rows_by_label(t):
    return {str(row[0]): row[1:] for row in t.rows}


@pytest.fixture(autouse=True)
def _english():
    """Labels are checked in their English source form."""
    from django.utils import translation

    with translation.override("en"):
        yield

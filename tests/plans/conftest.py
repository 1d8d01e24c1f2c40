"""A small action plan on top of ``world``: activities with areas, costs and participation."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from vanort.plans.models import (
    ActionPlan,
    Activity,
    CostLine,
    ExchangeRate,
    Milestone,
    NamedParticipant,
    Participation,
)
from vanort.plans.services.activities import activity_save
from vanort.plans.services.costs import cost_line_save
from vanort.registry.models import PriorityArea


def make_activity(world, *, title, organisation, areas, plan=None, status=Activity.Status.PLANNED, progress=0,
                  start=datetime.date(2026, 3, 1), is_public=False, **extra):
    values = {"equality_marker": 1, "equality_text": "Equal numbers of girls and boys.", **extra}
    activity = Activity(
        municipality=world.home, plan=plan, title=title, kind=Activity.Kind.PROJECT,
        responsible_organisation=organisation, status=status, progress=progress, planned_start=start,
        is_public=is_public, **values,
    )
    return activity_save(by=None, activity=activity, areas=areas, expected_version=None)


def make_cost(activity, organisation, amount, *, currency="SEK", actual=None, cost_type=CostLine.Type.TRAVEL):
    return cost_line_save(by=None, line=CostLine(activity=activity, paying_organisation=organisation, cost_type=cost_type,
                                   currency=currency, estimated=amount, actual=actual, rate_date=activity.planned_start))


@pytest.fixture
def plan_data(world):
    education = PriorityArea.objects.create(municipality=world.home, name="Utbildning", name_en="Education", position=2)
    plan = ActionPlan.objects.create(
        municipality=world.home, partnership=world.partnership, title="Handlingsplan 2026", title_en="Action plan 2026",
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31), coordinator=world.users["coordinator"],
    )
    school = make_activity(world, title="Skolutbyte", organisation=world.unit, areas=[world.area, education], plan=plan, progress=40,
                           is_public=True)
    energy = make_activity(world, title="Energiprojekt", organisation=world.other_unit, areas=[world.area], plan=plan, progress=80)
    proposal = make_activity(world, title="Forskarbesök", organisation=world.university, areas=[education],
                             status=Activity.Status.PROPOSED, equality_text="")
    proposal.partnership = world.partnership
    proposal.save()
    make_cost(school, world.unit, 1_234_50)
    make_cost(school, world.other_unit, 10_00, actual=9_99, cost_type=CostLine.Type.ACCOMMODATION)
    make_cost(energy, world.other_unit, 500_000_01)
    ExchangeRate.objects.create(municipality=world.home, currency="USD", valid_from=datetime.date(2026, 1, 1), rate=Decimal("10.5"))
    Participation.objects.create(activity=school, total=10, women=5, men=4, other_gender=1, under_18=8, age_18_29=1, age_30_plus=1)
    NamedParticipant.objects.create(activity=school, name="Kim Minor", is_minor=True)
    Milestone.objects.create(activity=school, title="Resa bokad", due_on=datetime.date(2026, 2, 1))
    return SimpleNamespace(plan=plan, school=school, energy=energy, proposal=proposal, education=education)

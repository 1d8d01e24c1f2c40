"""The cost summaries always equal the raw aggregate over the cost lines, whatever happened."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Sum
from django.urls import reverse

from tests.plans.conftest import make_cost
from tests.plans.test_import_export import COLUMNS, csv_upload, good_rows
from tests.plans.test_import_export import plan_world as plan_world  # noqa: F401  (fixture)
from vanort.core.permissions import VIEW, restrict
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, CostAreaSummary, CostLine, CostSummary
from vanort.plans.services.activities import activity_save
from vanort.plans.services.costs import (
    cost_line_save,
    cost_lines_delete,
    cost_totals,
    rebuild_cost_summary,
    summary_totals,
)
from vanort.plans.services.imports import import_activities
from vanort.plans.services.plans import activity_accept
from vanort.registry.models import PriorityArea

pytestmark = pytest.mark.engine


def raw(group_by):
    return {
        tuple(row[key] for key in group_by): (row["estimated"], row["actual"])
        for row in cost_totals(CostLine.objects.all(), *group_by)
    }


def summed(model, group_by):
    return {
        tuple(row[key] for key in group_by): (row["estimated"], row["actual"])
        for row in summary_totals(model.objects.all(), *group_by)
    }


def assert_summaries_exact():
    """Every breakdown the pages show, read from the summaries, equals the cost lines' aggregate."""
    plain = {
        ("municipality", "paying_organisation"): ("municipality", "paying_organisation"),
        ("municipality", "year", "paying_organisation", "cost_type"): ("municipality", "year", "paying_organisation", "cost_type"),
        ("municipality", "activity__plan", "paying_organisation"): ("municipality", "plan", "paying_organisation"),
        ("municipality", "activity__partnership", "paying_organisation"): ("municipality", "partnership", "paying_organisation"),
        ("municipality", "year", "activity__plan", "activity__partnership", "paying_organisation", "cost_type"):
            ("municipality", "year", "plan", "partnership", "paying_organisation", "cost_type"),
    }
    for raw_keys, summary_keys in plain.items():
        assert summed(CostSummary, summary_keys) == raw(raw_keys), summary_keys
    assert summed(CostAreaSummary, ("municipality", "year", "area", "plan", "partnership", "paying_organisation")) == raw(
        ("municipality", "year", "activity__priority_areas", "activity__plan", "activity__partnership", "paying_organisation"))
    counts = {tuple(key): n for *key, n in CostSummary.objects.values_list(
        "municipality", "year", "paying_organisation", "cost_type", "plan", "partnership", "lines")}
    assert sum(counts.values()) == CostLine.objects.count()
    assert all(n > 0 for n in counts.values())  # no empty rows are left behind
    assert len(counts) == CostSummary.objects.count()  # one row per key


def test_creates_edits_and_deletes(world, plan_data):
    assert_summaries_exact()
    assert CostSummary.objects.filter(plan=plan_data.plan).count() == 3
    line = CostLine.objects.get(activity=plan_data.school, paying_organisation=world.unit)
    line.estimated, line.actual = 2_000_00, 1_999_99
    cost_line_save(line, by=None)
    assert_summaries_exact()
    line.paying_organisation = world.university  # moves to another payer's slice
    line.rate_date = datetime.date(2025, 12, 31)  # and to another year
    cost_line_save(line, by=None)
    assert_summaries_exact()
    assert not CostSummary.objects.filter(paying_organisation=world.unit).exists()
    make_cost(plan_data.school, world.university, 1, actual=0, cost_type=CostLine.Type.FEES)
    make_cost(plan_data.proposal, world.university, 7_00)
    assert_summaries_exact()
    cost_lines_delete(CostLine.objects.filter(pk=line.pk))
    assert_summaries_exact()
    cost_lines_delete(CostLine.objects.all())
    assert_summaries_exact()
    assert not CostSummary.objects.exists() and not CostAreaSummary.objects.exists()


def test_plan_moves_and_area_changes(world, plan_data):
    other_plan = ActionPlan.objects.create(
        municipality=world.home, network=world.network, title="Nätverksplan", period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    school = plan_data.school
    school.plan = other_plan
    activity_save(by=None, activity=school, areas=[plan_data.education], expected_version=school.version)
    assert_summaries_exact()
    assert CostSummary.objects.filter(plan=other_plan, partnership=None).exists()
    make_cost(plan_data.proposal, world.unit, 3_00)
    assert_summaries_exact()
    activity_accept(activity=plan_data.proposal, plan=plan_data.plan, by=world.users[Role.COORDINATOR])
    assert_summaries_exact()
    assert CostSummary.objects.filter(plan=plan_data.plan, paying_organisation=world.unit).count() == 1
    extra = PriorityArea.objects.create(municipality=world.home, name="Kultur")
    plan_data.energy.priority_areas.add(extra)  # any door, not only activity_save
    assert_summaries_exact()
    extra.activities.remove(plan_data.energy)
    assert_summaries_exact()
    plan_data.education.activities.clear()
    assert_summaries_exact()
    assert CostAreaSummary.objects.filter(area=None).exists()  # lines of activities without an area still count


def test_import_keeps_the_summaries(plan_world):
    user = plan_world.users[Role.COORDINATOR]
    assert import_activities(csv_upload(good_rows()), user=user).ok
    assert CostLine.objects.exists()
    assert_summaries_exact()
    assert CostAreaSummary.objects.filter(area=plan_world.culture).exists()
    rows = good_rows()
    rows[0][COLUMNS.index("plan")] = ""  # the import moves the activity out of the plan, and out of one area
    rows[0][COLUMNS.index("priority_areas")] = "Smart stad"
    result = import_activities(csv_upload(rows), user=user)
    assert result.ok and result.updated == 1, result.errors
    assert_summaries_exact()
    assert not CostAreaSummary.objects.filter(area=plan_world.culture).exists()
    assert not CostSummary.objects.exclude(plan=None).exists()


def test_rebuild_and_migration_fill(world, plan_data):
    CostSummary.objects.all().delete()
    CostAreaSummary.objects.all().delete()
    rebuild_cost_summary(world.home.pk)
    assert_summaries_exact()
    CostSummary.objects.update(estimated=0)
    rebuild_cost_summary()
    assert_summaries_exact()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.UNIT_EDITOR, Role.BOARD])
def test_cost_page_totals_match_the_lines(world, plan_data, client_for, role):
    """What the page shows is the raw aggregate of the lines the user may see — never pooled."""
    user = world.users[role]
    page = client_for(user).get(reverse("plans:cost_totals"))
    assert page.status_code == 200
    lines = restrict(CostLine.objects.all(), user, VIEW)
    expected = {(row["paying_organisation"], row["estimated"], row["actual"]) for row in cost_totals(lines, "paying_organisation")}
    assert {(row["paying_organisation"], row["estimated"], row["actual"]) for row in page.context["by_payer"]} == expected
    assert page.context["totals"] == lines.aggregate(estimated=Sum("estimated_home"), actual=Sum("actual_home"))
    area = next(table for table in page.context["tables"] if table["id"] == "area")
    assert len(area["rows"]) == len(cost_totals(lines, "activity__priority_areas", "paying_organisation"))

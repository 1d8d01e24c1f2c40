"""Prepare the next plan from this one (recurring and unfinished activities, a preview where items
can be left out), and copy a single activity as a template."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, CostLine, CostSummary, Milestone
from vanort.plans.services.carry import activity_copy, carry_candidates, plan_carry_forward
from vanort.plans.services.series import series_create

from .conftest import make_activity, make_cost

pytestmark = pytest.mark.engine


@pytest.fixture
def old_plan(world):
    plan = ActionPlan.objects.create(municipality=world.home, partnership=world.partnership, title="Handlingsplan 2025–2026",
                                     period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2026, 12, 31))
    meeting = make_activity(world, title="Borgmästarmöte", organisation=world.unit, areas=[world.area], plan=plan,
                            start=datetime.date(2025, 6, 10))
    Milestone.objects.create(activity=meeting, title="Inbjudan", due_on=datetime.date(2025, 3, 10), done_on=datetime.date(2025, 3, 1))
    series_create(activity=meeting, rule="FREQ=YEARLY;COUNT=3", by=None, areas=[world.area])
    seminar = make_activity(world, title="Klimatseminarium", organisation=world.other_unit, areas=[world.area], plan=plan,
                            start=datetime.date(2026, 10, 1), status=Activity.Status.ONGOING)
    make_cost(seminar, world.other_unit, 5_000_00)
    done = make_activity(world, title="Avslutat projekt", organisation=world.unit, areas=[world.area], plan=plan,
                         start=datetime.date(2025, 2, 1), status=Activity.Status.DONE, outcome="Klart.")
    return plan, seminar, done


def test_the_next_plan_takes_the_series_and_the_unfinished_not_the_done(world, old_plan):
    plan, seminar, done = old_plan
    candidates = carry_candidates(plan)
    assert [a.title for a in candidates] == ["Borgmästarmöte", "Klimatseminarium"]  # the series once
    new = plan_carry_forward(plan=plan, by=world.users[Role.COORDINATOR], title="Handlingsplan 2027",
                             period_start=datetime.date(2027, 1, 1), period_end=datetime.date(2027, 12, 31))
    assert new.status == ActionPlan.Status.DRAFT and new.partnership == world.partnership
    rows = list(new.activities.order_by("planned_start").values_list("title", "planned_start", "status", "series_date"))
    assert rows == [
        ("Borgmästarmöte", datetime.date(2027, 6, 10), "planned", datetime.date(2027, 6, 10)),  # the series' third date
        ("Klimatseminarium", datetime.date(2027, 10, 1), "planned", None),  # unfinished: the same time of year
    ]
    meeting = new.activities.get(title="Borgmästarmöte")
    assert list(meeting.milestones.values_list("title", "due_on", "done_on")) == [("Inbjudan", datetime.date(2027, 3, 10), None)]
    assert list(meeting.priority_areas.all()) == [world.area]
    copied = new.activities.get(title="Klimatseminarium")
    assert list(CostLine.objects.filter(activity=copied).values_list("estimated", "actual", "paying_organisation")) == [
        (5_000_00, None, world.other_unit.pk)]
    assert CostSummary.objects.filter(plan=new).get().estimated == 5_000_00
    assert Activity.objects.get(pk=done.pk).plan_id == plan.pk and not new.activities.filter(title="Avslutat projekt").exists()
    assert meeting.history.count() == 1


def test_items_can_be_left_out_and_only_the_office_prepares_plans(world, old_plan, client_for):
    plan, seminar, _done = old_plan
    with pytest.raises(PermissionDenied):
        plan_carry_forward(plan=plan, by=world.users[Role.UNIT_EDITOR], title="x", period_start=datetime.date(2027, 1, 1),
                           period_end=datetime.date(2027, 12, 31))
    assert ActionPlan.objects.count() == 1
    client = client_for(world.users[Role.COORDINATOR])
    url = reverse("plans:actionplan_carry", args=[plan.pk])
    page = client.get(url)
    form = page.context["form"]
    assert form["period_start"].value() == datetime.date(2027, 1, 1) and form["period_end"].value() == datetime.date(2028, 12, 31)
    assert form["title"].value() == "Handlingsplan 2027–2028"  # the old title with the new period's years
    assert "Klimatseminarium" in page.content.decode() and "Avslutat projekt" not in page.content.decode()
    keep = [a.pk for a in carry_candidates(plan) if a.pk != seminar.pk]
    response = client.post(url, {"title": "Handlingsplan 2027", "period_start": "2027-01-01", "period_end": "2027-12-31",
                                 "activities": keep})
    new = ActionPlan.objects.get(title="Handlingsplan 2027")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert list(new.activities.values_list("title", flat=True)) == ["Borgmästarmöte"]
    assert client_for(world.users[Role.UNIT_EDITOR]).get(url).status_code == 403


def test_copy_a_single_activity(world, old_plan, client_for):
    _plan, seminar, _done = old_plan
    client = client_for(world.users[Role.UNIT_EDITOR])
    assert client.post(reverse("plans:activity_copy", args=[seminar.pk])).status_code == 403  # Tekniska verken's
    assert Activity.objects.filter(title="Klimatseminarium").count() == 1
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("plans:activity_copy", args=[seminar.pk]))
    copy = Activity.objects.filter(title="Klimatseminarium").exclude(pk=seminar.pk).get()
    assert response["Location"] == reverse("plans:activity_edit", args=[copy.pk])
    assert (copy.plan_id, copy.planned_start, copy.responsible_organisation_id, copy.status) == (
        seminar.plan_id, seminar.planned_start, world.other_unit.pk, "planned")
    assert not CostLine.objects.filter(activity=copy).exists()
    with pytest.raises(PermissionDenied):
        activity_copy(activity=seminar, by=world.users[Role.PARTNER])

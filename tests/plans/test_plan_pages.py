"""Action plan pages: transitions with their log, the grouped plan page, exchange rates, and
query counts that do not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, ExchangeRate, PlanStatusChange
from vanort.plans.services.plans import plan_transition

from .conftest import make_activity, make_cost

pytestmark = pytest.mark.engine


def transition(client, plan, to_status, note=""):
    return client.post(reverse("plans:actionplan_transition", args=[plan.pk]), {"to_status": to_status, "note": note})


def test_plan_moves_through_its_statuses_and_logs_who(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    plan = plan_data.plan
    for status in ("coordination", "adopted", "closed"):
        response = transition(client, plan, status, note=f"to {status}")
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == status
    log = list(PlanStatusChange.objects.filter(plan=plan).values_list("from_status", "to_status", "by__username"))
    assert log == [("draft", "coordination", "coordinator"), ("coordination", "adopted", "coordinator"),
                   ("adopted", "closed", "coordinator")]
    page = client.get(plan.get_absolute_url())
    assert page.context["transition_form"] is None  # closed is final
    assert "to adopted" in page.content.decode()


def test_invalid_move_is_refused(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    plan = plan_data.plan
    response = transition(client, plan, "closed")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT and not plan.status_changes.exists()
    messages = [str(m) for m in client.get(plan.get_absolute_url()).context["messages"]]
    assert len(messages) == 1
    with pytest.raises(ValidationError):
        plan_transition(plan=plan, to_status="adopted", by=world.users[Role.COORDINATOR])


def test_empty_plan_cannot_be_adopted(world, plan_data, client_for):
    empty = ActionPlan.objects.create(municipality=world.home, network=world.network, title="Nätverksplan",
                                      period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    client = client_for(world.users[Role.COORDINATOR])
    transition(client, empty, "coordination")
    transition(client, empty, "adopted")
    empty.refresh_from_db()
    assert empty.status == ActionPlan.Status.COORDINATION


@pytest.mark.parametrize("role,status", [(Role.UNIT_EDITOR, 403), (Role.BOARD, 403), (Role.PARTNER, 403), (None, 302)])
def test_only_coordinators_move_plans(world, plan_data, client_for, role, status):
    client = client_for(world.users.get(role) if role else None)
    assert transition(client, plan_data.plan, "coordination").status_code == status
    plan_data.plan.refresh_from_db()
    assert plan_data.plan.status == ActionPlan.Status.DRAFT


def test_other_municipality_sees_nothing(world, plan_data, client_for):
    plan_data.plan.is_public = False
    plan_data.plan.save()
    client = client_for(world.foreign_user)
    assert client.get(plan_data.plan.get_absolute_url()).status_code == 404
    assert transition(client, plan_data.plan, "coordination").status_code == 404
    assert client.get(plan_data.energy.get_absolute_url()).status_code == 404


def test_plan_page_groups_and_rolls_up_progress(world, plan_data, client_for):
    context = client_for(world.users[Role.BOARD]).get(plan_data.plan.get_absolute_url()).context
    assert context["overall"]["progress"] == 60 and context["overall"]["count"] == 2
    by_area = {str(group["area"]): (group["progress"], group["count"], group["statuses"]) for group in context["by_area"]}
    assert by_area == {"Smart stad": (60, 2, [0, 2, 0, 0, 0]), "Utbildning": (40, 1, [0, 1, 0, 0, 0])}
    by_org = {str(group["organisation"]): (group["progress"], group["count"]) for group in context["by_org"]}
    assert by_org == {"Utbildningsförvaltningen": (40, 1), "Tekniska verken": (80, 1)}
    assert context["overall"]["statuses"] == [0, 2, 0, 0, 0]
    assert [a.title for a in context["activities"].object_list] == ["Skolutbyte", "Energiprojekt"]
    payers = {str(row["organisation"]): row["estimated"] for row in context["cost_by_payer"]}
    assert payers == {"Utbildningsförvaltningen": 123450, "Tekniska verken": 50001001}
    assert context["proposed"] == []  # the board cannot accept
    assert context["transition_form"] is None


def test_plan_create_sets_the_coordinator(world, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("plans:actionplan_create"), {
        "partnership": world.partnership.pk, "title_sv": "Plan 2027", "period_start": "2027-01-01", "period_end": "2027-12-31",
    })
    assert response.status_code == 302
    plan = ActionPlan.objects.get(title="Plan 2027")
    assert plan.coordinator == world.users[Role.COORDINATOR] and plan.status == ActionPlan.Status.DRAFT
    both = client.post(reverse("plans:actionplan_create"), {
        "partnership": world.partnership.pk, "network": world.network.pk, "title_sv": "X",
        "period_start": "2027-01-01", "period_end": "2026-12-31",
    })
    assert both.status_code == 400
    assert {"partnership", "period_end"} <= set(both.context["form"].errors)
    assert client_for(world.users[Role.UNIT_EDITOR]).get(reverse("plans:actionplan_create")).status_code == 403


def test_exchange_rates_are_kept_by_coordinators(world, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    url = reverse("plans:exchangerate_create")
    response = client.post(url, {"currency": "eur", "valid_from": "2026-01-01", "rate": "11,25"})  # Swedish decimal comma
    assert response.status_code == 302 and response["Location"] == reverse("plans:exchangerate_list")
    rate = ExchangeRate.objects.get(currency="EUR")
    assert rate.municipality == world.home and str(rate.rate) == "11.250000"
    duplicate = client.post(url, {"currency": "EUR", "valid_from": "2026-01-01", "rate": "12"})
    assert duplicate.status_code == 400
    assert client.get(reverse("plans:exchangerate_list")).status_code == 200
    assert client_for(world.users[Role.UNIT_EDITOR]).post(url, {"currency": "NOK", "valid_from": "2026-01-01", "rate": "1"}).status_code == 403


def grow(world, plan_data, count):
    for index in range(count):
        activity = make_activity(world, title=f"Extra {index}", organisation=world.unit if index % 2 else world.other_unit,
                                 areas=[world.area, plan_data.education], plan=plan_data.plan, progress=index % 100)
        make_cost(activity, world.unit, 100 + index)
        activity.participating_organisations.add(world.university)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_of", [
    lambda data: data.plan.get_absolute_url(),
    lambda data: reverse("plans:activity_list"),
    lambda data: reverse("plans:activity_list") + f"?sort=-progress&area={data.education.pk}",
    lambda data: data.school.get_absolute_url(),
    lambda data: reverse("plans:cost_totals"),
])
def test_query_count_does_not_grow_with_the_data(world, plan_data, client_for, url_of):
    client = client_for(world.users[Role.COORDINATOR])
    url = url_of(plan_data)
    client.get(url)  # warm up sessions and caches
    before = count_queries(client, url)
    grow(world, plan_data, 12)
    assert count_queries(client, url) == before
    grow(world, plan_data, 12)
    assert count_queries(client, url) == before
    assert Activity.objects.filter(plan=plan_data.plan).count() == 26


def test_plan_page_pages_its_activities_in_fixed_queries(world, plan_data, client_for, django_assert_max_num_queries):
    """A big plan shows its roll-ups over all activities and its activities 50 at a time."""
    for number in range(52):
        make_activity(world, title=f"Aktivitet {number:02}", organisation=world.unit, areas=[world.area], plan=plan_data.plan,
                      progress=100 if number % 2 else 0, start=datetime.date(2026, 6, 1))
    client = client_for(world.users[Role.COORDINATOR])
    with django_assert_max_num_queries(30):
        first = client.get(plan_data.plan.get_absolute_url())
    context = first.context
    assert context["overall"]["count"] == 54 and len(context["activities"].object_list) == 50
    assert {str(g["area"]): g["count"] for g in context["by_area"]} == {"Smart stad": 54, "Utbildning": 1}
    assert f"?plan={plan_data.plan.pk}" in first.content.decode()
    last = client.get(plan_data.plan.get_absolute_url() + "?page=2")
    assert [a.title for a in last.context["activities"].object_list] == ["Aktivitet 48", "Aktivitet 49", "Aktivitet 50", "Aktivitet 51"]

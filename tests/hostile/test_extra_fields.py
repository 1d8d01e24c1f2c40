"""The adversarial pass: as each role, submit the activity's page form and API and the cost-line
form with fields the role may not set (municipality, organisation, owner, version, is_public,
status, plan) and with another municipality's ids in every foreign key; read the row back and
check that nothing outside the role's rights changed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.api.conftest import api  # noqa: F401 (a fixture)
from tests.plans.conftest import make_activity
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, CostLine
from vanort.registry.models import PriorityArea

pytestmark = pytest.mark.engine

ROLES = [Role.ADMIN, Role.COORDINATOR, Role.BOARD, Role.UNIT_EDITOR, Role.PARTNER, "foreign"]
EQUALITY = {"equality_marker": "1", "equality_text": "Lika många flickor och pojkar."}
MARKER = "Fientligt prov"


@pytest.fixture
def hostile(world):
    w = world
    w.plan = ActionPlan.objects.create(municipality=w.home, partnership=w.partnership, title="Handlingsplan 2026",
                                       period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    w.foreign_area = PriorityArea.objects.create(municipality=w.other, name="Foreign area")
    w.foreign_plan = ActionPlan.objects.create(municipality=w.other, partnership=w.foreign_partnership, title="Foreign plan",
                                               period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    # Each signed-in role's own proposal (a partner's own; the office's: the unit's).
    w.unit_activity = make_activity(w, title="Enhetens förslag", organisation=w.unit, areas=[w.area],
                                    status=Activity.Status.PROPOSED, equality_text="")
    w.partner_activity = make_activity(w, title="Partnerns förslag", organisation=w.university, areas=[w.area],
                                       status=Activity.Status.PROPOSED, equality_text="")
    return w


def user_of(w, role):
    return w.foreign_user if role == "foreign" else w.users[role]


def target(w, role):
    return w.partner_activity if role == Role.PARTNER else w.unit_activity


def state(activity):
    activity = Activity.objects.get(pk=activity.pk)
    return {
        "title": activity.title_sv, "version": activity.version, "municipality": activity.municipality_id,
        "plan": activity.plan_id, "partnership": activity.partnership_id, "status": activity.status,
        "is_public": activity.is_public, "responsible_organisation": activity.responsible_organisation_id,
        "areas": sorted(activity.priority_areas.values_list("pk", flat=True)),
        "participating": sorted(activity.participating_organisations.values_list("pk", flat=True)),
    }


def extras(w):
    """What a hostile client adds: fields the activity form does not have, and the guarded ones."""
    return {"municipality": w.other.pk, "organisation": w.foreign_org.pk, "owner": w.foreign_user.pk, "version": 99,
            "is_public": True, "status": "ongoing", "plan": w.plan.pk, **EQUALITY}


def page_data(w, activity, **values):
    data = {"title_sv": MARKER, "kind": "project", "responsible_organisation": activity.responsible_organisation_id,
            "priority_areas": [w.area.pk], "status": activity.status, "progress": "0", "planned_start": "2026-03-01",
            "expected_version": activity.version, **values}
    return {key: ("on" if value is True else value) for key, value in data.items()}


def expected_after(w, role, before, *, door):
    """The row as the role's rights leave it: the office sets everything (but never the
    municipality or the version); a unit editor sets any status, but neither plan nor publication
    (the page leaves them out; the API refuses the request); a partner may not leave "proposed"
    outside a plan (refused); the board may not change it (403), a foreigner not see it (404)."""
    if role in (Role.ADMIN, Role.COORDINATOR):
        return {**before, "title": MARKER, "version": before["version"] + 1, "plan": w.plan.pk,
                "partnership": w.plan.partnership_id, "status": "ongoing", "is_public": True}
    if role == Role.UNIT_EDITOR and door == "page":
        return {**before, "title": MARKER, "version": before["version"] + 1, "status": "ongoing"}
    return before


@pytest.mark.parametrize("role", ROLES)
def test_page_form_with_extra_fields(hostile, client_for, role):
    w, activity = hostile, target(hostile, role)
    before = state(activity)
    client_for(user_of(w, role)).post(reverse("plans:activity_edit", args=[activity.pk]), page_data(w, activity, **extras(w)))
    assert state(activity) == expected_after(w, role, before, door="page")


@pytest.mark.parametrize("role", ROLES)
def test_api_with_extra_fields(hostile, api, role):  # noqa: F811
    w, activity = hostile, target(hostile, role)
    before = state(activity)
    body = {"title_sv": MARKER, **extras(w), "version": activity.version, "owner": w.foreign_user.pk}
    response = api(user_of(w, role)).patch(f"/api/activities/{activity.pk}/", body, format="json")
    assert state(activity) == expected_after(w, role, before, door="api"), response.content


def foreign_ids(w):
    return {"plan": w.foreign_plan.pk, "partnership": w.foreign_partnership.pk, "responsible_organisation": w.foreign_org.pk,
            "participating_organisations": [w.foreign_org.pk], "priority_areas": [w.foreign_area.pk]}


@pytest.mark.parametrize("field", ["plan", "partnership", "responsible_organisation", "participating_organisations", "priority_areas"])
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.UNIT_EDITOR, Role.PARTNER])
def test_another_municipalitys_ids_change_nothing(hostile, client_for, api, role, field):  # noqa: F811
    w, activity = hostile, target(hostile, role)
    value = foreign_ids(w)[field]
    before = state(activity)
    page = client_for(user_of(w, role)).post(reverse("plans:activity_edit", args=[activity.pk]),
                                             page_data(w, activity, **{field: value}))
    assert page.status_code in (302, 400)  # a field the role's form leaves out (plan) is ignored
    assert state(activity) == {**before, **({"title": MARKER, "version": before["version"] + 1} if page.status_code == 302 else {})}
    before = state(activity)
    response = api(user_of(w, role)).patch(f"/api/activities/{activity.pk}/", {field: value, "version": before["version"]},
                                           format="json")
    assert response.status_code == 400
    assert state(activity) == before
    count = Activity.objects.count()
    response = api(user_of(w, role)).post("/api/activities/", {
        "title_sv": MARKER, "kind": "project", "responsible_organisation": activity.responsible_organisation_id,
        "priority_areas": [w.area.pk], field: value}, format="json")
    assert response.status_code == 400 and Activity.objects.count() == count


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.UNIT_EDITOR, Role.PARTNER])
def test_cost_line_with_another_payer_or_municipality(hostile, client_for, role):
    w, activity = hostile, target(hostile, role)
    own = w.users[role].organisation
    client = client_for(w.users[role])
    url = reverse("plans:costline_create", args=[activity.pk])
    line = {"cost_type": "travel", "currency": "SEK", "estimated": "100", "rate_date": "2026-03-01",
            "municipality": w.other.pk, "activity": w.partner_activity.pk, "year": 1999, "estimated_home": 1}
    # Another municipality's organisation: refused for everyone.
    assert client.post(url, {**line, "paying_organisation": w.foreign_org.pk}).status_code == 400
    assert not CostLine.objects.exists()
    # Another organisation of the municipality: only the office records it.
    other = w.other_unit.pk
    response = client.post(url, {**line, "paying_organisation": other})
    if role == Role.COORDINATOR:
        assert response.status_code == 302
    else:
        assert response.status_code == 400 and not CostLine.objects.exists()
        assert client.post(url, {**line, "paying_organisation": own.pk}).status_code == 302
    saved = CostLine.objects.get()
    # The extras are not the client's to set: the line is this activity's, in its municipality, this year.
    assert (saved.activity_id, saved.municipality_id, saved.year, saved.estimated_home) == (activity.pk, w.home.pk, 2026, 10000)

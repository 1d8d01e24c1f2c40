"""Dates outside the plan, at every door: a new series' dates outside its plan's period are listed
and confirmed before anything is created (page and API alike), with the next plan offered; an
activity's own dates outside the period are saved with a warning (service, page, API, import); a
milestone due outside its activity's dates is saved with a warning (service, page)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from vanort.api.models import ApiToken
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, Milestone
from vanort.plans.services.activities import activity_plan_warnings
from vanort.plans.services.imports import COLUMNS, import_activities
from vanort.plans.services.milestones import milestone_save

from .conftest import make_activity
from .test_activity_pages import activity_post

pytestmark = pytest.mark.engine


@pytest.fixture
def plans(world):
    def plan(title, start, end):
        return ActionPlan.objects.create(municipality=world.home, partnership=world.partnership, title=title, title_en=title,
                                          period_start=datetime.date.fromisoformat(start), period_end=datetime.date.fromisoformat(end))
    return plan("Handlingsplan 2025–2026", "2025-01-01", "2026-12-31"), plan("Handlingsplan 2027", "2027-01-01", "2027-12-31")


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)}")
    return client


def test_the_service_names_the_dates_outside_the_plan(world, plans):
    activity = make_activity(world, title="Ungdomsvecka", organisation=world.unit, areas=[world.area], plan=plans[0],
                             start=datetime.date(2026, 12, 20), planned_end=datetime.date(2027, 1, 3))
    from django.utils import formats, translation

    with translation.override("en"):
        [warning] = activity_plan_warnings(activity)
        assert formats.date_format(datetime.date(2027, 1, 3), "SHORT_DATE_FORMAT") in warning
        assert formats.date_format(datetime.date(2026, 12, 20), "SHORT_DATE_FORMAT") not in warning.split("(")[0]
    activity.planned_end = datetime.date(2026, 12, 30)
    assert activity_plan_warnings(activity) == []
    activity.plan = None
    activity.planned_end = datetime.date(2030, 1, 1)
    assert activity_plan_warnings(activity) == []


def test_the_page_saves_dates_outside_the_plan_and_says_so(world, plans, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("plans:activity_create"), activity_post(world, plan=plans[0].pk, planned_start="2027-02-01"),
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert Activity.objects.get(title_sv="Ungdomsutbyte").planned_start == datetime.date(2027, 2, 1)
    assert "outside its plan" in response.content.decode()


def series_body(world, plan, **extra):
    return {"title_sv": "Ungdomsvecka", "kind": "youth_exchange", "responsible_organisation": world.unit.pk,
            "priority_areas": [world.area.pk], "plan": plan.pk, "planned_start": "2025-08-11", "planned_end": "2025-08-15",
            "status": "planned", "equality_marker": 1, "equality_text": "Lika många flickor och pojkar.",
            "repeat": "yearly", "repeat_count": 3, **extra}


def test_the_api_lists_a_series_dates_outside_the_plan_before_it_creates_them(world, plans):
    current, following = plans
    client = api_for(world.users[Role.COORDINATOR])
    asked = client.post("/api/activities/", series_body(world, current), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert asked.status_code == 400, asked.content
    question = " ".join(asked.json()["repeat_confirmed"])
    assert "2025-08-11, 2026-08-11" in question and "2027-08-11" in question and "Handlingsplan 2027" in question
    assert not Activity.objects.exists()
    created = client.post("/api/activities/", series_body(world, current, repeat_confirmed=True, repeat_next_plan=True),
                          format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 201, created.content
    assert list(Activity.objects.order_by("planned_start").values_list("planned_start", "plan_id", "series_id")) == [
        (datetime.date(2025, 8, 11), current.pk, created.json()["series"]), (datetime.date(2026, 8, 11), current.pk, created.json()["series"]),
        (datetime.date(2027, 8, 11), following.pk, created.json()["series"])]
    assert any("2027-08-11" in note for note in created.json()["notes"])
    # Without the next plan, the date after the plan is left out, and the answer says so.
    Activity.objects.all().delete()
    alone = client.post("/api/activities/", series_body(world, current, repeat_confirmed=True), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert alone.status_code == 201
    assert sorted(Activity.objects.values_list("planned_start", flat=True)) == [datetime.date(2025, 8, 11), datetime.date(2026, 8, 11)]
    assert any("Not created" in note and "2027-08-11" in note for note in alone.json()["notes"])


def test_the_api_saves_dates_outside_the_plan_with_a_note(world, plans):
    client = api_for(world.users[Role.COORDINATOR])
    body = {**series_body(world, plans[0], planned_start="2027-03-01", planned_end="2027-03-02")}
    for name in [n for n in body if n.startswith("repeat")]:
        del body[name]
    created = client.post("/api/activities/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 201, created.content
    assert Activity.objects.get(pk=created.json()["id"]).planned_start == datetime.date(2027, 3, 1)
    assert any("outside its plan" in note for note in created.json()["notes"])
    assert client.get(f"/api/activities/{created.json()['id']}/").json()["notes"] == []


def test_the_import_saves_dates_outside_the_plan_with_a_warning(world, plans):
    from django.utils import translation

    values = {"key": "UV", "title_sv": "Ungdomsvecka", "kind": "youth_exchange", "plan": plans[0].title,
              "responsible_organisation": world.unit.name, "priority_areas": world.area.name, "planned_start": "2027-08-11",
              "status": "proposed"}
    data = (";".join(COLUMNS) + "\n" + ";".join(values.get(c, "") for c in COLUMNS) + "\n").encode()
    with translation.override("en"):
        result = import_activities(SimpleUploadedFile("a.csv", data), user=world.users[Role.COORDINATOR])
    assert result.ok, result.errors
    assert Activity.objects.get(import_key="UV").planned_start == datetime.date(2027, 8, 11)
    [warning] = result.warnings
    assert warning.row == 2 and "outside its plan" in warning.message


def test_a_milestone_outside_its_activity_is_saved_with_a_warning(world, plans, client_for):
    activity = make_activity(world, title="Klimatseminarium", organisation=world.unit, areas=[world.area], plan=plans[0],
                             start=datetime.date(2026, 3, 1), planned_end=datetime.date(2026, 3, 2))
    warnings = milestone_save(milestone=Milestone(activity=activity, title="Planeringsmöte", due_on=datetime.date(2026, 9, 1)), by=None)
    assert len(warnings) == 1 and Milestone.objects.filter(activity=activity, due_on=datetime.date(2026, 9, 1)).exists()
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("plans:milestone_create", args=[activity.pk]), {"title": "Uppföljning", "due_on": "2026-10-01"},
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert Milestone.objects.filter(activity=activity, title="Uppföljning", due_on=datetime.date(2026, 10, 1)).exists()
    assert "outside the activity" in response.content.decode()

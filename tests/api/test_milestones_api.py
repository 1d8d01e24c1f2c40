"""Milestones through the API: the activity page's form and ``milestone_save`` / ``milestone_delete``."""

from __future__ import annotations

import datetime

import pytest

from tests.plans.conftest import make_activity
from vanort.core.roles import Role
from vanort.plans.models import Activity, Milestone

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


@pytest.fixture
def activity(world):
    return make_activity(world, title="Klimatseminarium", organisation=world.unit, areas=[world.area],
                         start=datetime.date(2026, 2, 10), planned_end=datetime.date(2026, 11, 13), progress_from_milestones=True)


def test_coordinator_adds_ticks_off_and_deletes_a_milestone(world, api, activity):
    coordinator = api(world.users[Role.COORDINATOR])
    created = coordinator.post("/api/milestones/", {
        "activity": activity.pk, "title": "Planeringsmöte 1/2", "due_on": "2026-02-10", "responsible_organisation": world.office.pk,
    }, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    first = Milestone.objects.get(pk=body["id"])
    assert (first.activity_id, first.title, first.due_on, first.done_on, first.responsible_organisation_id) == (
        activity.pk, "Planeringsmöte 1/2", datetime.date(2026, 2, 10), None, world.office.pk)
    assert body["notes"] == [] and created["Location"].endswith(f"/api/milestones/{first.pk}/")

    # A due date outside the activity's dates is allowed and said in notes.
    late = coordinator.post("/api/milestones/", {"activity": activity.pk, "title": "Utvärdering", "due_on": "2026-12-01"},
                            format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert late.status_code == 201 and "outside the activity's dates" in late.json()["notes"][0]
    assert Activity.objects.get(pk=activity.pk).progress == 0

    # Ticking one off moves the activity's progress (share done).
    done = coordinator.patch(f"/api/milestones/{first.pk}/", {"done_on": "2026-02-11"}, format="json")
    assert done.status_code == 200, done.content
    assert Milestone.objects.get(pk=first.pk).done_on == datetime.date(2026, 2, 11)
    assert Milestone.objects.get(pk=first.pk).title == "Planeringsmöte 1/2"  # PATCH changes only what is sent
    assert Activity.objects.get(pk=activity.pk).progress == 50
    listed = coordinator.get(f"/api/milestones/?activity={activity.pk}&done=false").json()
    assert [item["title"] for item in listed["results"]] == ["Utvärdering"]

    assert coordinator.delete(f"/api/milestones/{late.json()['id']}/").status_code == 204
    assert list(Milestone.objects.filter(activity=activity).values_list("pk", flat=True)) == [first.pk]
    assert Activity.objects.get(pk=activity.pk).progress == 100


def test_bad_input_is_a_field_error_and_writes_nothing(world, api, activity):
    coordinator = api(world.users[Role.COORDINATOR])
    missing = coordinator.post("/api/milestones/", {"activity": activity.pk, "title": "Utan datum"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400 and "due_on" in missing.json()
    foreign = coordinator.post("/api/milestones/", {"activity": activity.pk, "title": "X", "due_on": "2026-03-01",
                                                    "responsible_organisation": world.foreign_org.pk}, format="json")
    assert foreign.status_code == 400 and "responsible_organisation" in foreign.json()
    assert not Milestone.objects.exists()
    milestone = Milestone.objects.create(activity=activity, title="Inbjudan", due_on=datetime.date(2026, 3, 1))
    other = make_activity(world, title="Annat", organisation=world.unit, areas=[world.area])
    moved = coordinator.patch(f"/api/milestones/{milestone.pk}/", {"activity": other.pk}, format="json")
    assert moved.status_code == 400 and Milestone.objects.get(pk=milestone.pk).activity_id == activity.pk


def test_refused_writes_change_nothing(world, api, activity):
    milestone = Milestone.objects.create(activity=activity, title="Inbjudan", due_on=datetime.date(2026, 3, 1))
    before = list(Milestone.objects.values_list("pk", "title", "due_on", "done_on"))
    board = api(world.users[Role.BOARD])  # reads the activity, may not change it
    assert board.get(f"/api/milestones/{milestone.pk}/").json()["title"] == "Inbjudan"
    assert board.post("/api/milestones/", {"activity": activity.pk, "title": "X", "due_on": "2026-03-02"}, format="json").status_code == 403
    assert board.patch(f"/api/milestones/{milestone.pk}/", {"done_on": "2026-03-01"}, format="json").status_code == 403
    assert board.delete(f"/api/milestones/{milestone.pk}/").status_code == 403
    assert api().post("/api/milestones/", {"activity": activity.pk, "title": "X", "due_on": "2026-03-02"}, format="json").status_code in (401, 404)
    assert list(Milestone.objects.values_list("pk", "title", "due_on", "done_on")) == before
    assert Activity.objects.get(pk=activity.pk).progress == 0


def test_a_reader_who_may_not_see_the_activity_gets_404(world, api, activity):
    milestone = Milestone.objects.create(activity=activity, title="Inbjudan", due_on=datetime.date(2026, 3, 1))
    for client in (api(world.foreign_user), api(world.users[Role.PARTNER]), api()):  # the activity is not public
        assert client.get(f"/api/milestones/{milestone.pk}/").status_code == 404
        assert client.get("/api/milestones/").json()["count"] == 0
        assert client.patch(f"/api/milestones/{milestone.pk}/", {"title": "X"}, format="json").status_code in (401, 404)
        assert client.delete(f"/api/milestones/{milestone.pk}/").status_code in (401, 404)
    assert api(world.foreign_user).post("/api/milestones/", {"activity": activity.pk, "title": "X", "due_on": "2026-03-02"},
                                        format="json").status_code == 404
    assert list(Milestone.objects.values_list("title", flat=True)) == ["Inbjudan"]

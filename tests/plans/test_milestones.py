"""Milestones that count: progress as the share done, a warning for a due date outside the
activity's dates, the responsible organisation, and overdue milestones in "what is due"."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from vanort.core.roles import Role
from vanort.plans.models import Activity, Milestone
from vanort.plans.services.milestones import milestone_delete, milestone_save
from vanort.reports import due

from .conftest import make_activity

pytestmark = pytest.mark.engine

MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def calls(world, plan_data):
    """A seminar whose progress comes from four quarterly planning calls."""
    seminar = make_activity(world, title="Klimatseminarium", organisation=world.unit, areas=[world.area], plan=plan_data.plan,
                            start=datetime.date(2026, 1, 10), planned_end=datetime.date(2026, 11, 30), progress_from_milestones=True)
    for month in (2, 5, 8, 11):
        milestone_save(milestone=Milestone(activity=seminar, title=f"Planeringsmöte {month}", due_on=datetime.date(2026, month, 15)), by=None)
    return seminar


def test_progress_is_the_share_of_milestones_done_and_the_plan_rollup_uses_it(world, plan_data, calls, client_for):
    coordinator = world.users[Role.COORDINATOR]
    calls.refresh_from_db()
    assert calls.progress == 0
    for milestone in list(calls.milestones.all())[:3]:
        milestone.done_on = milestone.due_on
        milestone_save(milestone=milestone, by=coordinator)
    calls.refresh_from_db()
    assert calls.progress == 75
    page = client_for(coordinator).get(plan_data.plan.get_absolute_url())
    # The plan holds the school exchange (40), the energy project (80) and the seminar (75).
    assert round(page.context["overall"]["progress"]) == round((40 + 80 + 75) / 3)
    milestone_delete(milestone=calls.milestones.filter(done_on__isnull=True).get(), by=coordinator)
    calls.refresh_from_db()
    assert calls.progress == 100


def test_hand_set_progress_is_left_alone(world, plan_data):
    school = plan_data.school  # progress 40 by hand, one milestone not done
    milestone = school.milestones.get()
    milestone.done_on = datetime.date(2026, 2, 1)
    milestone_save(milestone=milestone, by=world.users[Role.COORDINATOR])
    school.refresh_from_db()
    assert school.progress == 40


def test_the_activity_form_takes_progress_from_milestones_not_the_typed_figure(world, calls, client_for):
    milestone = calls.milestones.first()
    milestone.done_on = milestone.due_on
    milestone_save(milestone=milestone, by=None)
    client = client_for(world.users[Role.COORDINATOR])
    form = client.get(reverse("plans:activity_edit", args=[calls.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(progress="5", priority_areas=[world.area.pk], participating_organisations=[])
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(reverse("plans:activity_edit", args=[calls.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    calls.refresh_from_db()
    assert calls.progress == 25


def test_a_due_date_outside_the_activity_is_saved_with_a_warning(world, calls, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("plans:milestone_create", args=[calls.pk]), {
        "title": "Uppföljning", "due_on": "2027-01-20", "responsible_organisation": world.other_unit.pk,
    }, follow=True)
    milestone = calls.milestones.get(title="Uppföljning")
    assert milestone.due_on == datetime.date(2027, 1, 20) and milestone.responsible_organisation == world.other_unit
    text = " ".join(str(m) for m in response.context["messages"])
    assert "Uppföljning" in text and "2027" in text
    page = response.content.decode()
    assert "Tekniska verken" in page


def test_another_organisation_may_not_tick_off_a_milestone(world, plan_data, client_for):
    energy_call = milestone_save(milestone=Milestone(activity=plan_data.energy, title="Avstämning", due_on=MARCH), by=None)
    assert energy_call == []
    milestone = plan_data.energy.milestones.get()
    client = client_for(world.users[Role.UNIT_EDITOR])  # Utbildningsförvaltningen; the energy project is Tekniska verken's
    response = client.post(reverse("plans:milestone_edit", args=[plan_data.energy.pk, milestone.pk]),
                           {"title": "Avstämning", "due_on": "2026-03-01", "done_on": "2026-03-01"})
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None
    with pytest.raises(PermissionDenied):
        milestone.done_on = MARCH
        milestone_save(milestone=milestone, by=world.users[Role.UNIT_EDITOR])
    assert Milestone.objects.get(pk=milestone.pk).done_on is None


def test_overdue_milestones_are_due_for_the_coordinator_and_the_responsible_organisation(world, calls, client_for):
    today = datetime.date(2026, 9, 1)  # the February, May and August calls are overdue
    first = calls.milestones.order_by("due_on").first()
    first.done_on = first.due_on
    milestone_save(milestone=first, by=None)
    may = calls.milestones.get(due_on__month=5)
    may.responsible_organisation = world.other_unit
    milestone_save(milestone=may, by=None)

    def titles(role):
        return sorted(i.title for i in due.due_items(world.users[role], today, (due.MILESTONE,)))

    assert titles(Role.COORDINATOR) == ["Planeringsmöte 5 (Klimatseminarium)", "Planeringsmöte 8 (Klimatseminarium)",
                                        "Resa bokad (Skolutbyte)"]
    # The editor's unit owns the seminar, but the May call is Tekniska verken's.
    assert titles(Role.UNIT_EDITOR) == ["Planeringsmöte 8 (Klimatseminarium)", "Resa bokad (Skolutbyte)"]
    assert titles(Role.PARTNER) == []
    assert due.due_items(world.foreign_user, today, (due.MILESTONE,)) == []


def test_the_start_page_lists_overdue_milestones(world, calls, client_for):
    Milestone.objects.filter(activity=calls).update(due_on=datetime.date(2020, 1, 1))
    page = client_for(world.users[Role.UNIT_EDITOR]).get(reverse("home")).content.decode()
    assert "Planeringsmöte 2 (Klimatseminarium)" in page
    assert Activity.objects.get(pk=calls.pk).progress == 0


def test_the_api_reads_and_keeps_progress_from_milestones(world, calls):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.users[Role.COORDINATOR])
    first = calls.milestones.first()
    first.done_on = first.due_on
    milestone_save(milestone=first, by=None)
    url = f"/api/activities/{calls.pk}/"
    body = client.get(url).json()
    assert body["progress"] == 25 and body["progress_from_milestones"] is True
    response = client.patch(url, {"progress": 90, "place": "Linköping", "version": body["version"]}, format="json")
    assert response.status_code == 200, response.json()
    calls.refresh_from_db()
    assert (calls.progress, calls.place) == (25, "Linköping")  # the share done, not the figure sent
    response = client.patch(url, {"progress_from_milestones": False, "progress": 90, "version": calls.version}, format="json")
    calls.refresh_from_db()
    assert response.status_code == 200 and (calls.progress, calls.progress_from_milestones) == (90, False)

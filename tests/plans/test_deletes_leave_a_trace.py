"""Deletes that leave a trace (issue 13): deleting a cost line, a milestone or a timeline event asks
first, shows in the parent's history page with the deleted values, and can be restored from there
by whoever may add such a record — the restore re-creates the row as it was and is in the history
too. The parent's history page reads its children's history in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.plans.conftest import make_cost
from vanort.core.roles import Role
from vanort.plans.models import CostLine, CostSummary, Milestone
from vanort.registry.models import TimelineEvent

pytestmark = pytest.mark.engine


def history_html(client, name, pk) -> str:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def deletion(model, pk):
    return model.history.filter(id=pk, history_type="-").latest("history_date")


def test_a_deleted_cost_line_is_in_the_activitys_history_and_is_restored_as_it_was(world, plan_data, client_for):
    school = plan_data.school
    line = make_cost(school, world.unit, 4_321_00, actual=4_000_00)
    line.note = "Tåg till Göteborg"
    line.save()
    editor = client_for(world.users[Role.UNIT_EDITOR])
    delete_url = reverse("plans:costline_delete", args=[school.pk, line.pk])

    # It asks first: the page names the line and says where it goes; nothing is deleted yet.
    page = editor.get(delete_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Resor: Utbildningsförvaltningen" in text and "historik" in text.lower()
    assert CostLine.objects.filter(pk=line.pk).exists()
    # The activity page links to that page (no form that deletes at once).
    detail = editor.get(school.get_absolute_url()).content.decode()
    assert f'href="{delete_url}"' in detail and f'action="{delete_url}"' not in detail

    assert editor.post(delete_url).status_code == 302
    assert not CostLine.objects.filter(pk=line.pk).exists()
    assert not CostSummary.objects.filter(paying_organisation=world.unit, estimated__gte=4_321_00).exists()

    # The activity's history: "cost line … deleted by … at …", with its values.
    coordinator = client_for(world.users[Role.COORDINATOR])
    html = history_html(coordinator, "plans:activity_history", school.pk)
    assert "Borttagen: kostnadsrad “Resor: Utbildningsförvaltningen”" in html
    assert "Editor Testsson" in html
    assert "Tåg till Göteborg" in html and "4\xa0321,00" in html and "4\xa0000,00" in html
    restore_url = reverse("plans:activity_child_restore", args=[school.pk, "costline", deletion(CostLine, line.pk).history_id])
    assert f'action="{restore_url}"' in html

    # Restored by the coordinator: the same row, the same values, the summaries again; in history.
    assert coordinator.post(restore_url).status_code == 302
    restored = CostLine.objects.get(pk=line.pk)
    assert (restored.activity_id, restored.paying_organisation_id, restored.estimated, restored.actual, restored.note) == (
        school.pk, world.unit.pk, 4_321_00, 4_000_00, "Tåg till Göteborg")
    assert CostSummary.objects.filter(paying_organisation=world.unit, estimated__gte=4_321_00).exists()
    html = history_html(coordinator, "plans:activity_history", school.pk)
    assert "Skapad: kostnadsrad “Resor: Utbildningsförvaltningen”" in html
    assert "Återställd efter att ha tagits bort" in html
    assert f'action="{restore_url}"' not in html  # it exists again: nothing to restore
    # A second restore of the same deletion is refused with a message, nothing doubled.
    assert coordinator.post(restore_url).status_code == 302
    assert CostLine.objects.filter(pk=line.pk).count() == 1


def test_only_who_may_add_the_line_restores_it(world, plan_data, client_for):
    school = plan_data.school
    line = CostLine.objects.get(activity=school, paying_organisation=world.other_unit)
    coordinator = client_for(world.users[Role.COORDINATOR])
    assert coordinator.post(reverse("plans:costline_delete", args=[school.pk, line.pk])).status_code == 302
    restore_url = reverse("plans:activity_child_restore", args=[school.pk, "costline", deletion(CostLine, line.pk).history_id])

    # The board reads the history but adds no cost lines: no button, and the POST is refused.
    board = client_for(world.users[Role.BOARD])
    html = history_html(board, "plans:activity_history", school.pk)
    assert "kostnadsrad “Logi: Tekniska verken”" in html and f'action="{restore_url}"' not in html
    assert board.post(restore_url).status_code == 403
    # The unit editor may add lines to its own activity, but only ones its own organisation pays.
    editor = client_for(world.users[Role.UNIT_EDITOR])
    assert f'action="{restore_url}"' not in history_html(editor, "plans:activity_history", school.pk)
    assert editor.post(restore_url).status_code == 403
    # The partner may not see the activity's history at all; the public is sent to log in.
    assert client_for(world.users[Role.PARTNER]).post(restore_url).status_code in (403, 404)
    assert client_for(None).post(restore_url).status_code == 302
    assert not CostLine.objects.filter(pk=line.pk).exists()


def test_a_deleted_milestone_is_in_the_activitys_history_and_restored(world, plan_data, client_for):
    school = plan_data.school
    milestone = Milestone.objects.get(activity=school)
    milestone.done_on = datetime.date(2026, 2, 3)
    milestone.save()
    editor = client_for(world.users[Role.UNIT_EDITOR])
    delete_url = reverse("plans:milestone_delete", args=[school.pk, milestone.pk])
    assert "Resa bokad" in editor.get(delete_url).content.decode()
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert editor.post(delete_url).status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()

    html = history_html(editor, "plans:activity_history", school.pk)
    assert "Borttagen: milstolpe “Resa bokad”" in html and "3 februari 2026" in html
    restore_url = reverse("plans:activity_child_restore", args=[school.pk, "milestone", deletion(Milestone, milestone.pk).history_id])
    assert editor.post(restore_url).status_code == 302
    restored = Milestone.objects.get(pk=milestone.pk)
    assert (restored.title, restored.due_on, restored.done_on) == ("Resa bokad", datetime.date(2026, 2, 1), datetime.date(2026, 2, 3))


def test_a_deleted_timeline_event_is_in_the_partnerships_history(world, client_for):
    event = world.event
    coordinator = client_for(world.users[Role.COORDINATOR])
    delete_url = reverse("registry:timelineevent_delete", args=[event.pk])
    page = coordinator.get(delete_url).content.decode()
    assert "Studentutbyte" in page and "Linköping – Palo Alto" in page
    assert coordinator.post(delete_url).status_code == 302
    assert not TimelineEvent.objects.filter(pk=event.pk).exists()

    html = history_html(coordinator, "registry:partnership_history", world.partnership.pk)
    assert "Borttagen: händelse i tidslinjen “Studentutbyte”" in html and "Student exchange" in html
    # The deleted event's own history page leads to the partnership's (it answered 404).
    response = coordinator.get(reverse("registry:timelineevent_history", args=[event.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("registry:partnership_history", args=[world.partnership.pk]))
    # Not for someone who may not read the partnership's history.
    assert client_for(world.users[Role.PARTNER]).get(reverse("registry:timelineevent_history", args=[event.pk])).status_code == 404

    restore_url = reverse("registry:partnership_child_restore",
                          args=[world.partnership.pk, "timelineevent", deletion(TimelineEvent, event.pk).history_id])
    assert client_for(world.users[Role.BOARD]).post(restore_url).status_code == 403
    assert not TimelineEvent.objects.filter(pk=event.pk).exists()
    coordinator = client_for(world.users[Role.COORDINATOR])  # one test client, signed in anew
    assert coordinator.post(restore_url).status_code == 302
    restored = TimelineEvent.objects.get(pk=event.pk)
    assert (restored.title_sv, restored.title_en, restored.date, restored.precision) == (
        "Studentutbyte", "Student exchange", datetime.date(1986, 1, 1), "year")


def test_internal_children_stay_out_of_a_readers_history(world, client_for):
    """A unit editor reads the partnership's history; an internal event's deletion is shown to
    them as to any municipality reader, but the other municipality's coordinator sees nothing."""
    coordinator = client_for(world.users[Role.COORDINATOR])
    coordinator.post(reverse("registry:timelineevent_delete", args=[world.internal_event.pk]))
    assert "Internt möte" in history_html(client_for(world.users[Role.UNIT_EDITOR]), "registry:partnership_history", world.partnership.pk)
    assert client_for(world.users[Role.PARTNER]).get(reverse("registry:partnership_history", args=[world.partnership.pk])).status_code == 403
    assert client_for(world.foreign_user).get(reverse("registry:partnership_history", args=[world.partnership.pk])).status_code == 404


def test_the_history_page_does_not_grow_with_children(world, plan_data, client_for):
    school = plan_data.school
    coordinator = client_for(world.users[Role.COORDINATOR])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(reverse("plans:activity_history", args=[school.pk])).status_code == 200
        return len(captured)

    def churn(n, tag):
        for i in range(n):
            line = make_cost(school, world.other_unit if i % 2 else world.unit, 100 + i)
            coordinator.post(reverse("plans:costline_delete", args=[school.pk, line.pk]))
            milestone = Milestone.objects.create(activity=school, title=f"Steg {tag}{i}", due_on=datetime.date(2026, 3, 1),
                                                 responsible_organisation=world.other_unit)
            coordinator.post(reverse("plans:milestone_delete", args=[school.pk, milestone.pk]))

    churn(2, "a")
    few = queries()
    churn(12, "b")
    assert queries() == few

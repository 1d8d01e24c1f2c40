"""Activity pages: the seed's rules in the form, who may change what, costs, participation,
named participants and milestones."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from vanort.core.roles import Role
from vanort.plans.models import Activity, CostLine, Milestone, NamedParticipant, Participation
from vanort.plans.services.costs import cost_totals

pytestmark = pytest.mark.engine_independent


def activity_post(world, **overrides):
    data = {
        "title_sv": "Ungdomsutbyte", "title_en": "", "kind": Activity.Kind.YOUTH_EXCHANGE,
        "responsible_organisation": world.unit.pk, "priority_areas": [world.area.pk],
        "status": Activity.Status.PLANNED, "progress": "0", "equality_marker": "1",
        "equality_text": "Lika många flickor och pojkar.", "planned_start": "2026-05-01",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_activity_needs_a_priority_area(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("plans:activity_create"), activity_post(world, priority_areas=None))
    assert response.status_code == 400
    assert "priority_areas" in response.context["form"].errors
    assert not Activity.objects.filter(title="Ungdomsutbyte").exists()


def test_planned_activity_needs_the_equality_consideration(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("plans:activity_create"), activity_post(world, equality_marker=None, equality_text=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "equality_marker" in errors and "equality_text" in errors
    # A proposal may wait with it.
    response = client.post(reverse("plans:activity_create"),
                           activity_post(world, equality_marker=None, equality_text="", status=Activity.Status.PROPOSED))
    assert response.status_code == 302


def test_done_activity_needs_an_outcome(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    school = plan_data.school
    url = reverse("plans:activity_edit", args=[school.pk])
    data = activity_post(world, title_sv=school.title, status=Activity.Status.DONE, outcome="", expected_version=school.version)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "outcome" in response.context["form"].errors
    data["outcome"] = "Tjugo elever reste."
    assert client.post(url, data).status_code == 302
    school.refresh_from_db()
    assert school.status == Activity.Status.DONE


def test_rule_messages_in_the_users_language(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    client.cookies["django_language"] = "en"
    response = client.post(reverse("plans:activity_create"), activity_post(world, priority_areas=None), HTTP_ACCEPT_LANGUAGE="en")
    assert "Link the activity to at least one priority area." in response.content.decode()


def test_unit_editor_changes_only_its_own_organisations_activities(world, plan_data, client_for):
    client = client_for(world.users[Role.UNIT_EDITOR])
    assert client.get(reverse("plans:activity_edit", args=[plan_data.school.pk])).status_code == 200
    assert client.get(reverse("plans:activity_edit", args=[plan_data.energy.pk])).status_code == 403
    assert client.post(reverse("plans:costline_create", args=[plan_data.energy.pk]), {}).status_code == 403
    # It creates activities for its own organisation only.
    response = client.post(reverse("plans:activity_create"), activity_post(world, responsible_organisation=world.other_unit.pk))
    assert response.status_code == 400
    assert "responsible_organisation" in response.context["form"].errors
    response = client.post(reverse("plans:activity_create"), activity_post(world))
    assert response.status_code == 302
    created = Activity.objects.get(title="Ungdomsutbyte")
    assert created.responsible_organisation == world.unit and created.municipality == world.home
    assert list(created.priority_areas.all()) == [world.area]


def test_partner_proposes_and_a_coordinator_accepts(world, plan_data, client_for):
    client = client_for(world.users[Role.PARTNER])
    form = client.get(reverse("plans:activity_create")).context["form"]
    assert list(form.fields["responsible_organisation"].queryset) == [world.university]
    assert [value for value, _ in form.fields["status"].choices] == [Activity.Status.PROPOSED]
    assert "plan" not in form.fields
    response = client.post(reverse("plans:activity_create"), activity_post(
        world, responsible_organisation=world.university.pk, status=Activity.Status.PROPOSED, partnership=world.partnership.pk))
    assert response.status_code == 302, response.context["form"].errors
    proposal = Activity.objects.get(title="Ungdomsutbyte")
    assert proposal.status == Activity.Status.PROPOSED and proposal.plan is None
    # A partner cannot take it into a plan itself.
    assert client.post(reverse("plans:activity_accept", args=[proposal.pk]), {"plan": plan_data.plan.pk}).status_code == 403

    coordinator = client_for(world.users[Role.COORDINATOR])
    page = coordinator.get(plan_data.plan.get_absolute_url())
    assert proposal in page.context["proposed"]
    response = coordinator.post(reverse("plans:activity_accept", args=[proposal.pk]), {"plan": plan_data.plan.pk, "next": "plan"})
    assert response.status_code == 302 and response["Location"] == plan_data.plan.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.plan == plan_data.plan and proposal.partnership == world.partnership
    assert proposal not in coordinator.get(plan_data.plan.get_absolute_url()).context["proposed"]


def test_partner_cannot_see_other_organisations_internal_activities(world, plan_data, client_for):
    client = client_for(world.users[Role.PARTNER])
    assert client.get(plan_data.energy.get_absolute_url()).status_code == 404
    assert client.post(reverse("plans:costline_create", args=[plan_data.energy.pk]), {}).status_code == 404
    assert client.get(plan_data.school.get_absolute_url()).status_code == 200  # public
    assert client.get(reverse("plans:activity_edit", args=[plan_data.school.pk])).status_code == 403


@pytest.mark.parametrize("role,sees", [
    (Role.COORDINATOR, True), (Role.ADMIN, True), (Role.UNIT_EDITOR, True), (Role.BOARD, False), (Role.PARTNER, False), (None, False),
])
def test_named_participants_only_for_owner_and_coordinators(world, plan_data, client_for, role, sees):
    client = client_for(world.users.get(role) if role else None)
    page = client.get(plan_data.school.get_absolute_url())
    assert page.status_code == 200
    assert ("Kim Minor" in page.content.decode()) is sees
    url = reverse("plans:namedparticipant_create", args=[plan_data.school.pk])
    expected = 200 if sees else (302 if role is None else 404)
    assert client.get(url).status_code == expected


def test_named_participants_hidden_from_other_organisations(world, plan_data, client_for):
    NamedParticipant.objects.create(activity=plan_data.energy, name="Secret Person")
    client = client_for(world.users[Role.UNIT_EDITOR])  # Utbildningsförvaltningen; energy is Tekniska verken's
    assert "Secret Person" not in client.get(plan_data.energy.get_absolute_url()).content.decode()
    assert client.get(reverse("plans:namedparticipant_create", args=[plan_data.energy.pk])).status_code == 404
    person = NamedParticipant.objects.get(name="Secret Person")
    assert client.post(reverse("plans:namedparticipant_delete", args=[plan_data.energy.pk, person.pk])).status_code == 404
    owner = client_for(world.users[Role.UNIT_EDITOR])
    response = owner.post(reverse("plans:namedparticipant_create", args=[plan_data.school.pk]), {"name": "Ny Elev", "is_minor": "on"})
    assert response.status_code == 302
    assert NamedParticipant.objects.filter(activity=plan_data.school, name="Ny Elev", is_minor=True).exists()


def test_participation_must_add_up(world, plan_data, client_for):
    client = client_for(world.users[Role.UNIT_EDITOR])
    url = reverse("plans:participation_edit", args=[plan_data.school.pk])
    data = {"total": "10", "women": "5", "men": "4", "other_gender": "0", "under_18": "8", "age_18_29": "1", "age_30_plus": "0"}
    response = client.post(url, data)
    assert response.status_code == 400
    messages = " ".join(response.context["form"].errors["total"])
    assert "9" in messages and "10" in messages
    assert len(response.context["form"].errors["total"]) == 2  # both the gender and the age sums
    data.update(other_gender="1", age_30_plus="1", total="10")
    assert client.post(url, data).status_code == 302
    assert Participation.objects.get(activity=plan_data.school).other_gender == 1
    assert client_for(world.users[Role.BOARD]).post(url, data).status_code == 403


def test_cost_in_foreign_currency_needs_a_rate(world, plan_data, client_for):
    client = client_for(world.users[Role.UNIT_EDITOR])
    url = reverse("plans:costline_create", args=[plan_data.school.pk])
    data = {"paying_organisation": world.unit.pk, "cost_type": CostLine.Type.TRAVEL, "currency": "usd",
            "estimated": "1 234,50", "rate_date": "2025-06-01"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "currency" in response.context["form"].errors
    data["rate_date"] = "2026-02-01"  # the USD rate of 10.5 is valid from 2026-01-01
    assert client.post(url, data).status_code == 302
    line = CostLine.objects.get(activity=plan_data.school, currency="USD")
    assert line.estimated == 123450 and line.estimated_home == 1296225
    page = client.get(plan_data.school.get_absolute_url()).content.decode()
    page = page.replace("\u00a0", " ")
    # The line's own currency beside its amount; the home currency once, in the column's header.
    assert "1 234,50 USD" in page and '<td class="num">12 962,25</td>' in page
    assert "(SEK)</th>" in page


def test_amount_that_is_not_a_number(world, plan_data, client_for):
    client = client_for(world.users[Role.UNIT_EDITOR])
    response = client.post(reverse("plans:costline_create", args=[plan_data.school.pk]),
                           {"paying_organisation": world.unit.pk, "cost_type": "travel", "currency": "SEK", "estimated": "tolv"})
    assert response.status_code == 400 and "estimated" in response.context["form"].errors


@pytest.mark.smoke
def test_cost_line_edit_and_delete(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    line = CostLine.objects.get(activity=plan_data.school, paying_organisation=world.unit)
    url = reverse("plans:costline_edit", args=[plan_data.school.pk, line.pk])
    assert client.get(url).context["form"]["estimated"].value() == "1234,50"
    data = {"paying_organisation": world.unit.pk, "cost_type": "travel", "currency": "SEK", "estimated": "1000", "actual": "999,99"}
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert (line.estimated, line.actual, line.actual_home) == (100000, 99999, 99999)
    # The line must belong to the activity in the URL.
    assert client.post(reverse("plans:costline_delete", args=[plan_data.energy.pk, line.pk])).status_code == 404
    assert client.post(reverse("plans:costline_delete", args=[plan_data.school.pk, line.pk])).status_code == 302
    assert not CostLine.objects.filter(pk=line.pk).exists()


@pytest.mark.engine
def test_totals_exact_to_the_ore(world, plan_data):
    costs = CostLine.objects.filter(activity__plan=plan_data.plan)
    by_payer = {row["paying_organisation"]: row["estimated"] for row in cost_totals(costs, "paying_organisation")}
    assert by_payer == {world.unit.pk: 123450, world.other_unit.pk: 1000 + 50000001}
    assert sum(by_payer.values()) == 50124451


def test_cost_totals_page(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    page = client.get(reverse("plans:cost_totals")).content.decode().replace("\u00a0", " ")
    # Amounts right-aligned without the currency; the currency is in the header (not in each cell).
    assert '<td class="num">501 244,51</td>' in page and '<td class="num">1 234,50</td>' in page
    assert '<td class="num">500 010,01</td>' in page and "SEK</td>" not in page
    assert re.search(r'<th scope="col" class="num">[^<]*\(SEK\)</th>', page)
    assert "Utbildningsförvaltningen" in page and "Tekniska verken" in page
    filtered = client.get(reverse("plans:cost_totals"), {"year": "2025"})
    assert filtered.context["totals"]["estimated"] is None
    assert client_for(None).get(reverse("plans:cost_totals")).status_code == 302
    # A partner sees only what its own organisation pays (here: nothing).
    partner = client_for(world.users[Role.PARTNER]).get(reverse("plans:cost_totals")).context
    assert partner["by_payer"] == [] and partner["totals"]["estimated"] is None


def test_milestones(world, plan_data, client_for):
    client = client_for(world.users[Role.UNIT_EDITOR])
    url = reverse("plans:milestone_create", args=[plan_data.school.pk])
    assert client.post(url, {"title": "Återrapport", "due_on": "2026-06-01"}).status_code == 302
    milestone = Milestone.objects.get(title="Återrapport")
    edit = reverse("plans:milestone_edit", args=[plan_data.school.pk, milestone.pk])
    assert client.post(edit, {"title": "Återrapport", "due_on": "2026-06-01", "done_on": "2026-06-02"}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2026, 6, 2)
    assert client.post(reverse("plans:milestone_create", args=[plan_data.energy.pk]), {"title": "x", "due_on": "2026-01-01"}).status_code == 403


@pytest.mark.engine
def test_activity_list_filters_and_sorts(world, plan_data, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    url = reverse("plans:activity_list")
    titles = lambda response: [a.title for a in response.context["page"].object_list]  # noqa: E731
    assert titles(client.get(url, {"sort": "-progress"}))[:2] == ["Energiprojekt", "Skolutbyte"]
    assert titles(client.get(url, {"area": plan_data.education.pk, "sort": "title"})) == ["Forskarbesök", "Skolutbyte"]
    assert titles(client.get(url, {"status": "proposed"})) == ["Forskarbesök"]
    assert titles(client.get(url, {"q": "energi"})) == ["Energiprojekt"]
    assert titles(client.get(url, {"plan": plan_data.plan.pk, "organisation": world.unit.pk})) == ["Skolutbyte"]
    # The public sees only public activities.
    assert titles(client_for(None).get(url)) == ["Skolutbyte"]

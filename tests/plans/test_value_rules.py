"""Which values a role may set — an activity's plan, status and publication, a cost line's payer —
held by the gate (``Scope.values``) and asked by the services with ``by=``, at every door: the page
form, the API, the CSV import (page) and the XLSX import (``vanort import-activities``). And the
defects issue 12 reported: imports that put activities into plans, and restoring an earlier version
past the edit form's rules. Every refused write reads the rows back: nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.api.conftest import api  # noqa: F401 (a fixture)
from tests.plans.conftest import make_activity
from tests.plans.test_import_export import COLUMNS, csv_upload, row, xlsx_upload
from vanort.core.roles import Role
from vanort.core.versioning import save_versioned
from vanort.plans.models import ActionPlan, Activity, CostLine

pytestmark = pytest.mark.engine

TITLE = "Regelprov"
EQUALITY = {"equality_marker": "1", "equality_text": "Lika många flickor och pojkar."}


@pytest.fixture
def rules(world):
    world.plan = ActionPlan.objects.create(
        municipality=world.home, partnership=world.partnership, title="Handlingsplan 2026",
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    world.other_plan = ActionPlan.objects.create(
        municipality=world.home, partnership=world.partnership, title="Handlingsplan 2027",
        period_start=datetime.date(2027, 1, 1), period_end=datetime.date(2027, 12, 31))
    world.own = make_activity(world, title="Enhetens aktivitet", organisation=world.unit, areas=[world.area],
                              status=Activity.Status.PROPOSED, equality_text="")
    return world


def rows_state():
    return (sorted(Activity.objects.values_list("pk", "version", "plan", "status", "is_public", "responsible_organisation")),
            sorted(CostLine.objects.values_list("pk", "paying_organisation", "estimated")))


# --- one attempt per rule, by the role the rule refuses -------------------------------------------

#: rule → (role, the attempt as import cells, as form/API values, the column the import names).
def attempts(w):
    return {
        "plan": (Role.UNIT_EDITOR, {"plan": w.plan.title}, {"plan": w.plan.pk}, "plan"),
        "status": (Role.PARTNER, {"status": "planned", **EQUALITY}, {"status": "planned", **EQUALITY}, "status"),
        "publication": (Role.UNIT_EDITOR, {"is_public": "ja"}, {"is_public": True}, "is_public"),
        "payer": (Role.UNIT_EDITOR, {"cost_paid_by": w.other_unit.name, "cost_type": "travel", "cost_estimated": "100"},
                  {"paying_organisation": w.other_unit.pk}, "cost_paid_by"),
    }


def import_row(w, role, cells):
    own = w.university if role == Role.PARTNER else w.unit
    return row(**{"key": "rule-1", "title_sv": TITLE, "kind": "project", "responsible_organisation": own.name,
                  "priority_areas": w.area.name, "planned_start": "2026-05-01", **cells})


RULES = ("plan", "status", "publication", "payer")


@pytest.mark.parametrize("rule", RULES)
def test_csv_import_page_refuses(rules, client_for, rule):
    role, cells, _values, column = attempts(rules)[rule]
    before = rows_state()
    response = client_for(rules.users[role]).post(reverse("plans:activity_import"), {"file": csv_upload([import_row(rules, role, cells)])})
    assert response.status_code == 400
    assert column in {error.column for error in response.context["errors"]}
    assert rows_state() == before


@pytest.mark.parametrize("rule", RULES)
def test_xlsx_import_command_refuses(rules, tmp_path, rule):
    role, cells, _values, column = attempts(rules)[rule]
    path = tmp_path / "activities.xlsx"
    path.write_bytes(xlsx_upload([import_row(rules, role, cells)]).read())
    before = rows_state()
    with pytest.raises(CommandError):
        call_command("import_activities", str(path), municipality="linkoping", username=rules.users[role].username)
    assert rows_state() == before


def activity_form(w, role, **values):
    own = w.university if role == Role.PARTNER else w.unit
    data = {"title_sv": TITLE, "kind": "project", "responsible_organisation": own.pk, "priority_areas": [w.area.pk],
            "status": "proposed", "progress": "0", "planned_start": "2026-05-01", **values}
    return {key: ("on" if value is True else value) for key, value in data.items()}


def test_page_form_plan(rules, client_for):
    """The unit editor's form has no plan: a posted plan is ignored, the activity stays outside."""
    own = rules.own
    client = client_for(rules.users[Role.UNIT_EDITOR])
    response = client.post(reverse("plans:activity_edit", args=[own.pk]),
                           activity_form(rules, Role.UNIT_EDITOR, title_sv=own.title, plan=rules.plan.pk, expected_version=own.version))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.plan is None and own.version == 2


def test_page_form_status(rules, client_for):
    before = rows_state()
    response = client_for(rules.users[Role.PARTNER]).post(reverse("plans:activity_create"),
                                                          activity_form(rules, Role.PARTNER, status="planned", **EQUALITY))
    assert response.status_code == 400 and "status" in response.context["form"].errors
    assert rows_state() == before


def test_page_form_publication(rules, client_for):
    """The unit editor's form has no "public": the activity is saved, not published."""
    response = client_for(rules.users[Role.UNIT_EDITOR]).post(reverse("plans:activity_create"),
                                                              activity_form(rules, Role.UNIT_EDITOR, is_public=True))
    assert response.status_code == 302
    assert Activity.objects.get(title_sv=TITLE).is_public is False


def test_page_form_payer(rules, client_for):
    before = rows_state()
    response = client_for(rules.users[Role.UNIT_EDITOR]).post(
        reverse("plans:costline_create", args=[rules.own.pk]),
        {"paying_organisation": rules.other_unit.pk, "cost_type": "travel", "currency": "SEK", "estimated": "100",
         "rate_date": "2026-03-01"})
    assert response.status_code == 400 and "paying_organisation" in response.context["form"].errors
    assert rows_state() == before


@pytest.mark.parametrize("rule", ("plan", "status", "publication"))
def test_api_refuses(rules, api, rule):  # noqa: F811
    role, _cells, values, _column = attempts(rules)[rule]
    own = rules.university if role == Role.PARTNER else rules.unit
    before = rows_state()
    body = {"title_sv": TITLE, "kind": "project", "responsible_organisation": own.pk, "priority_areas": [rules.area.pk], **values}
    response = api(rules.users[role]).post("/api/activities/", body, format="json")
    assert response.status_code == 400 and set(values) & set(response.json())
    assert rows_state() == before
    if rule != "status":  # the same on a change of its own activity
        response = api(rules.users[role]).patch(f"/api/activities/{rules.own.pk}/", {**values, "version": rules.own.version},
                                                format="json")
        assert response.status_code == 400
        assert rows_state() == before


def test_api_payer(rules, api):  # noqa: F811
    """Cost lines are read-only in the API: the payer rule cannot be passed there."""
    before = rows_state()
    response = api(rules.users[Role.UNIT_EDITOR]).post(
        "/api/cost-lines/", {"activity": rules.own.pk, "paying_organisation": rules.other_unit.pk, "cost_type": "travel",
                             "currency": "SEK", "estimated": 100}, format="json")
    assert response.status_code == 405
    assert rows_state() == before


# --- the defects reported in issue 12 --------------------------------------------------------------


def test_partner_import_creates_no_done_activity_in_a_plan(rules):
    before = rows_state()
    cells = {"plan": rules.plan.title, "status": "done", "outcome": "Klart.", **EQUALITY}
    path_rows = [import_row(rules, Role.PARTNER, cells)]
    from vanort.plans.services.imports import import_activities

    result = import_activities(csv_upload(path_rows), user=rules.users[Role.PARTNER])
    assert {"plan", "status"} <= {error.column for error in result.errors}
    assert rows_state() == before


@pytest.mark.parametrize("role", [Role.UNIT_EDITOR, Role.PARTNER])
def test_import_puts_no_activity_into_a_plan_as_planned_and_public(rules, role):
    from vanort.plans.services.imports import import_activities

    before = rows_state()
    cells = {"plan": rules.plan.title, "status": "planned", "is_public": "ja", **EQUALITY}
    result = import_activities(csv_upload([import_row(rules, role, cells)]), user=rules.users[role])
    assert {"plan", "is_public"} <= {error.column for error in result.errors}
    assert rows_state() == before
    assert not Activity.objects.filter(title_sv=TITLE).exists()


def test_partner_import_takes_its_proposal_into_no_plan(rules):
    from vanort.plans.services.imports import import_activities

    proposal = make_activity(rules, title="Forskarbesök", organisation=rules.university, areas=[rules.area],
                             status=Activity.Status.PROPOSED, equality_text="")
    before = rows_state()
    cells = {"key": f"vanort:{proposal.pk}", "plan": rules.plan.title, "status": "ongoing", **EQUALITY}
    rows = [import_row(rules, Role.PARTNER, cells)]
    rows[0][COLUMNS.index("title_sv")] = proposal.title
    result = import_activities(csv_upload(rows), user=rules.users[Role.PARTNER])
    assert "plan" in {error.column for error in result.errors}
    assert rows_state() == before


def restore(client, activity, record):
    return client.post(reverse("plans:activity_restore", args=[activity.pk, record.history_id]))


def test_unit_editor_cannot_restore_another_responsible_organisation(rules, client_for):
    activity = make_activity(rules, title="Bytt ansvar", organisation=rules.other_unit, areas=[rules.area],
                             status=Activity.Status.PROPOSED, equality_text="")
    first = activity.history.earliest()
    activity.responsible_organisation = rules.unit  # a coordinator hands it to the unit
    save_versioned(activity, expected_version=activity.version)
    before = rows_state()
    response = restore(client_for(rules.users[Role.UNIT_EDITOR]), activity, first)
    assert response.status_code == 302
    assert rows_state() == before
    activity.refresh_from_db()
    assert activity.responsible_organisation == rules.unit


def test_partner_cannot_restore_its_activity_into_another_plan(rules, client_for):
    activity = make_activity(rules, title="Partnerns", organisation=rules.university, areas=[rules.area], plan=rules.plan)
    first = activity.history.earliest()
    activity.plan = rules.other_plan  # the office moves it to the next plan
    save_versioned(activity, expected_version=activity.version)
    before = rows_state()
    response = restore(client_for(rules.users[Role.PARTNER]), activity, first)
    assert response.status_code == 302
    assert rows_state() == before
    activity.refresh_from_db()
    assert activity.plan == rules.other_plan


def test_coordinator_restores_what_the_others_may_not(rules, client_for):
    """The rule binds the restorer, not the restore: the international office puts the plan back."""
    activity = make_activity(rules, title="Partnerns", organisation=rules.university, areas=[rules.area], plan=rules.plan)
    first = activity.history.earliest()
    activity.plan = rules.other_plan
    save_versioned(activity, expected_version=activity.version)
    restore(client_for(rules.users[Role.COORDINATOR]), activity, first)
    activity.refresh_from_db()
    assert activity.plan == rules.plan

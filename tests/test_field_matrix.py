"""The field matrix: who may READ which field, held at every door where a field leaves the server.

Every restricted field (the gate's ``Scope.fields``) and every name of an internal record that a
visible record links to holds a unique marker string. For every door that shows fields — the
record page, its history, the API, list downloads, the activity export (CSV and XLSX), the cost
totals, the annual report and its appendix, the start page, the public pages, feeds, calendars,
open data, the site-wide search and a person's personal data (page and export) — and every role
(the other municipality's coordinator and administrator too), the marker
must not appear in the response for a role that may not read it, and must appear for one that
may, where that door shows it (so the test can fail).

The world is built once for the module (like the permission matrix's), every cell runs in its
own rolled-back transaction.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests import conftest
from tests.plans.conftest import make_activity, make_cost
from vanort.core.roles import Role
from vanort.core.versioning import save_versioned
from vanort.places.models import City
from vanort.plans.models import ActionPlan, NamedParticipant, PlanStatusChange
from vanort.publishing.models import CalendarToken
from vanort.registry.models import Partnership, PriorityArea
from vanort.search import index as search_index
from vanort.tenancy.models import Organisation

pytestmark = pytest.mark.engine_independent

ROLES = ("anonymous", "admin", "coordinator", "board", "unit_editor", "partner", "foreign", "foreign_admin")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

NOTES = "FMX-notes-4e1a"  # a partnership's internal notes
NAMED = "FMX-named-4e1a"  # a named participant (personal data) of a unit's activity
PLAN = "FMX-plan-4e1a"  # an internal action plan that a partner's public activity belongs to
ORG = "FMX-org-4e1a"  # an internal organisation taking part in it
AREA = "FMX-area-4e1a"  # an inactive (internal) priority area of it
CITY = "FMX-city-4e1a"  # the partner city of the internal partnership it belongs to
MOVED = "FMX-moved-4e1a"  # the note of a public action plan's status change (who moved it)
MARKERS = (NOTES, NAMED, PLAN, ORG, AREA, CITY, MOVED)

#: Who may read each marker (the roles of the home municipality; never the anonymous public or
#: the other municipality's coordinator).
READERS = {
    NOTES: {"admin", "coordinator"},
    NAMED: {"admin", "coordinator", "unit_editor"},
    MOVED: {"admin", "coordinator", "board", "unit_editor"},
    **{marker: {"admin", "coordinator", "board", "unit_editor"} for marker in (PLAN, ORG, AREA, CITY)},
}


@pytest.fixture(scope="module")
def field_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                w = conftest.world.__wrapped__(None)
            # The partnership's internal notes change once, so that its history shows them.
            w.partnership.internal_notes = NOTES
            save_versioned(w.partnership, expected_version=w.partnership.version)
            inactive = PriorityArea.objects.create(municipality=w.home, name_sv=AREA, name_en=AREA, is_active=False, position=9)
            internal_org = Organisation.objects.create(municipality=w.home, name_sv=ORG, name_en=ORG, kind="office", is_public=False)
            city = City.objects.create(name=CITY, country="DE", time_zone="Europe/Berlin")
            internal_partnership = Partnership.objects.create(municipality=w.home, partner_city=city, status="proposed", is_public=False)
            period = {"period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 12, 31)}
            plan = ActionPlan.objects.create(municipality=w.home, partnership=internal_partnership, title_sv=PLAN, title_en=PLAN,
                                       is_public=False, **period)
            # The partner's own public activity, linked to internal records (a second version,
            # so that its history names the plan and partnership).
            w.linked = make_activity(w, title="Forskarbesök", organisation=w.university, areas=[w.area, inactive], is_public=True)
            w.linked.plan, w.linked.partnership = plan, internal_partnership
            save_versioned(w.linked, expected_version=w.linked.version)
            w.linked.participating_organisations.add(internal_org)
            make_cost(w.linked, w.university, 100_00)
            # The unit's public activity with a named participant.
            w.school = make_activity(w, title="Skolutbyte", organisation=w.unit, areas=[w.area], is_public=True)
            NamedParticipant.objects.create(activity=w.school, name=NAMED, is_minor=True)
            w.internal = {"plan": plan, "partnership": internal_partnership, "org": internal_org, "area": inactive}
            # A public plan's status change: read by the municipality's readers only.
            w.public_plan = ActionPlan.objects.create(municipality=w.home, partnership=w.partnership, title_sv="Plan 2026",
                                                      title_en="Plan 2026", is_public=True, status="coordination", **period)
            PlanStatusChange.objects.create(plan=w.public_plan, from_status="draft", to_status="coordination",
                                            by=w.users[Role.COORDINATOR], note=MOVED)
            w.foreign_admin = conftest.make_user("foreign-admin", w.foreign_org, Role.ADMIN)
            search_index.rebuild(extract=False)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _user(w, role):
    if role == "anonymous":
        return None
    return {"foreign": w.foreign_user, "foreign_admin": w.foreign_admin}.get(role) or w.users[Role(role)]


#: door → (address from the world, the markers it shows to those who may read them)
DOORS = {
    "partnership page": (lambda w: f"/partnerships/{w.partnership.pk}/", {NOTES}),
    "partnership history": (lambda w: f"/partnerships/{w.partnership.pk}/history/", {NOTES}),
    "partnership API": (lambda w: f"/api/partnerships/{w.partnership.pk}/", {NOTES}),
    "partnership API list": (lambda w: "/api/partnerships/", {NOTES}),
    "partnership list download": (lambda w: "/partnerships/?download=csv", set()),
    "public partnership page": (lambda w: f"/m/{w.home.slug}/partnerships/{w.partnership.pk}/", set()),
    "action plan page": (lambda w: w.public_plan.get_absolute_url(), {MOVED}),
    "action plan API": (lambda w: f"/api/action-plans/{w.public_plan.pk}/", set()),
    "action plan history": (lambda w: f"{w.public_plan.get_absolute_url()}history/", set()),
    "activity page": (lambda w: f"/activities/{w.linked.pk}/", {PLAN, ORG, AREA, CITY}),
    "activity page, named": (lambda w: f"/activities/{w.school.pk}/", {NAMED}),
    "activity history": (lambda w: f"/activities/{w.linked.pk}/history/", {PLAN, CITY}),
    "activity API": (lambda w: f"/api/activities/{w.linked.pk}/", set()),
    "activity list": (lambda w: "/activities/", {PLAN}),
    "activity list download": (lambda w: "/activities/?download=xlsx", {PLAN}),
    "activity export CSV": (lambda w: "/activities/export/?format=csv", {PLAN, ORG, AREA}),
    "activity export XLSX": (lambda w: "/activities/export/?format=xlsx", {PLAN, ORG, AREA}),
    "costs": (lambda w: "/costs/", {PLAN, AREA, CITY}),
    "costs download": (lambda w: "/costs/?download=csv", {PLAN, AREA, CITY}),
    "annual report": (lambda w: "/reports/annual/2026/", {AREA}),
    "annual report appendix": (lambda w: "/reports/annual/2026/xlsx/", {AREA}),
    "start page": (lambda w: "/", {PLAN}),  # recent changes name the records changed
    "public activity page": (lambda w: f"/m/{w.home.slug}/activities/{w.linked.pk}/", set()),
    "activity feed": (lambda w: f"/m/{w.home.slug}/activities.atom", set()),
    "calendar": (lambda w: f"/m/{w.home.slug}/calendar.ics", set()),
    "private calendar": (lambda w: PRIVATE_CALENDAR, set()),
    "open data": (lambda w: f"/m/{w.home.slug}/open-data/activities.json", set()),
    # The search: a marker's two first words (the page repeats the query, never a whole marker).
    # The internal partnership's city is left out: the city itself is public reference data.
    "search, plan": (lambda w: "/search/?q=FMX+plan", {PLAN}),
    "search, organisation": (lambda w: "/search/?q=FMX+org", {ORG}),
    "search, notes": (lambda w: "/search/?q=FMX+notes", set()),
    "search, named": (lambda w: "/search/?q=FMX+named", set()),
    "search, area": (lambda w: "/search/?q=FMX+area", set()),
    # A person's data, found by name in other letters' case (the request's own name is not the marker).
    "personal data page": (lambda w: ("post", "/personal-data/person/", {"name": NAMED.upper()}), {NAMED}),
    "personal data export": (lambda w: ("post", "/personal-data/person/export.json", {"name": NAMED.upper()}), {NAMED}),
}

#: Doors that only some roles open (the rest are refused): the personal-data pages are the administrators'.
REACH = {door: {"admin", "foreign_admin"} for door in ("personal data page", "personal data export")}
#: Who opens a door when the coordinator does not.
OPENER = {door: "admin" for door in REACH}


#: The reader's own private calendar (a token issued for the role's user).
PRIVATE_CALENDAR = object()


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # a workbook: every cell of every sheet
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
    # The search marks the words found (``<mark>FMX</mark>-plan``): read the text without them.
    return content.decode("utf-8", errors="replace").replace("<mark>", "").replace("</mark>", "")


@pytest.fixture(scope="module")
def responses(field_world):
    """``(door, role) → (status, text)``, each door fetched once per role."""
    return {}


def fetch(responses, w, door, role):
    key = (door, role)
    if key not in responses:
        client = Client()
        user = _user(w, role)
        if user is not None:
            client.force_login(user)
            conftest.verify_second_factor(client, user)
        address, method, data = DOORS[door][0](w), "get", None
        if address is PRIVATE_CALENDAR:
            address = f"/calendar/{CalendarToken.issue(user)}.ics" if user is not None else "/calendar/none.ics"
        if isinstance(address, tuple):
            method, address, data = address
        response = getattr(client, method)(address, data, HTTP_ACCEPT_LANGUAGE="sv")
        responses[key] = (response.status_code, body_text(response) if response.status_code == 200 else "")
    return responses[key]


@pytest.mark.parametrize("door", list(DOORS))
@pytest.mark.parametrize("role", ROLES)
def test_a_field_leaves_the_server_only_to_its_readers(field_world, responses, db, door, role):
    status, text = fetch(responses, field_world, door, role)
    shown = DOORS[door][1]
    leaked = [marker for marker in MARKERS if marker in text and role not in READERS[marker]]
    assert not leaked, f"{door} shows {leaked} to {role}"
    if role not in REACH.get(door, ROLES):
        assert status in (302, 403), f"{door} answers {status} to {role}, who may not open it"
        return
    missing = [marker for marker in shown if role in READERS[marker] and marker not in text]
    assert not missing, f"{door} (status {status}) does not show {missing} to {role}, who may read it"


def test_every_marker_is_shown_somewhere_and_every_door_is_asked():
    """The matrix can fail: every marker is expected at some door, for some reader."""
    assert {marker for _address, shown in DOORS.values() for marker in shown} == set(MARKERS)


def test_the_api_gives_no_id_of_a_related_record_its_reader_may_not_see(field_world, db):
    w = field_world
    internal = w.internal
    for role in ("anonymous", "partner"):
        client = Client()
        if role != "anonymous":
            client.force_login(w.users[Role.PARTNER])
        data = client.get(f"/api/activities/{w.linked.pk}/").json()
        assert data["plan"] is None and data["partnership"] is None, (role, data)
        assert internal["org"].pk not in data["participating_organisations"], role
        assert internal["area"].pk not in data["priority_areas"], role
        assert data["priority_areas"] == [w.area.pk], role
        assert data["responsible_organisation"] == w.university.pk
        listed = {row["id"]: row for row in client.get("/api/activities/").json()["results"]}
        assert listed[w.linked.pk]["plan"] is None and listed[w.linked.pk]["partnership"] is None, role
    coordinator = Client()
    coordinator.force_login(w.users[Role.COORDINATOR])
    data = coordinator.get(f"/api/activities/{w.linked.pk}/").json()
    assert data["plan"] == internal["plan"].pk and data["partnership"] == internal["partnership"].pk
    assert internal["org"].pk in data["participating_organisations"]
    assert set(data["priority_areas"]) == {w.area.pk, internal["area"].pk}


@pytest.mark.parametrize("door", list(DOORS))
def test_every_door_opens_for_the_coordinator(field_world, responses, db, door):
    """No door passes by answering nobody: the municipality's coordinator (or the door's
    ``OPENER``) gets each one."""
    status, text = fetch(responses, field_world, door, OPENER.get(door, "coordinator"))
    assert status == 200 and text, door

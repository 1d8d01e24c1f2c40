"""Query budgets: every list, detail and form page runs a fixed number of SQL queries.

Each page is rendered with the ``world`` data, then again after many more rows were added
(partnerships with cities, timelines, agreements and documents, organisations, contacts,
networks with members, users …). The count must be identical — no query per row — and within
the page's budget below. A page whose count grows needs ``select_related``/``prefetch_related``
in its Resource declaration, or a template that stops following relations row by row.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user
from tests.plans.conftest import make_activity, make_cost
from vanort.core.roles import Role
from vanort.places.models import City
from vanort.plans.models import (
    ActionPlan,
    ExchangeRate,
    Milestone,
    NamedParticipant,
    Participation,
    VisitNotice,
)
from vanort.plans.services.visits import visit_notify
from vanort.registry.models import (
    Agreement,
    AgreementDocument,
    Network,
    Partnership,
    PriorityArea,
    TimelineEvent,
)
from vanort.tenancy.models import ContactPerson, Municipality, Organisation

pytestmark = pytest.mark.engine

#: URL name → the most SQL queries its page may run (session, user and menu included — for the
#: international office the menu counts its visit inbox, one query).
BUDGETS = {
    "home": 18,  # the dashboard: due items (overdue milestones one query), key figures and recent changes (vanort.reports)
    # Administration pages: one more, the gate reads the session's second-factor device.
    "accounts:user_list": 8,
    "accounts:user_detail": 8,
    "accounts:user_edit": 8,
    "places:city_list": 6,
    "places:city_detail": 8,
    "places:city_edit": 6,
    "places:city_lookup": 5,
    "tenancy:organisation_list": 7,
    "tenancy:organisation_detail": 8,
    "tenancy:organisation_edit": 7,
    "tenancy:contactperson_list": 7,
    "tenancy:contactperson_detail": 9,
    "tenancy:contactperson_edit": 7,
    "registry:priorityarea_list": 6,
    "registry:priorityarea_detail": 7,
    "registry:priorityarea_edit": 6,
    "registry:partnership_list": 7,
    "registry:partnership_detail": 21,  # + what concerns it: agreements with their decisions (3), decisions, reviews, plans, activities, visits, requests, follow-ups
    "registry:partnership_edit": 13,
    "registry:timelineevent_list": 7,
    "registry:timelineevent_detail": 9,
    "registry:timelineevent_edit": 7,
    "registry:agreement_list": 7,
    "registry:agreement_detail": 11,  # + the decisions that concern it or it rests on, the review that prepared it
    "registry:agreement_edit": 7,
    "registry:network_list": 6,
    "registry:network_detail": 12,  # + its action plans and recent activities
    "registry:network_edit": 12,
    "plans:actionplan_list": 8,
    "plans:actionplan_detail": 22,
    "plans:activity_list": 11,
    "plans:activity_detail": 24,  # + attachments, + which cost lines the user may change (own payer), + the milestone form's organisations
    "plans:exchangerate_list": 6,
    "plans:visitnotice_list": 7,
    "plans:visitnotice_detail": 10,
    "plans:inbox": 8,
}

#: (URL name, arguments from the world, query string)
PAGES = [
    ("home", lambda w: [], ""),
    ("accounts:user_list", lambda w: [], ""),
    ("accounts:user_detail", lambda w: [w.users[Role.UNIT_EDITOR].pk], ""),
    ("accounts:user_edit", lambda w: [w.users[Role.UNIT_EDITOR].pk], ""),
    ("places:city_list", lambda w: [], ""),
    ("places:city_detail", lambda w: [w.cities.palo_alto.pk], ""),
    ("places:city_edit", lambda w: [w.cities.palo_alto.pk], ""),
    ("places:city_lookup", lambda w: [], "q=Stockholm"),
    ("tenancy:organisation_list", lambda w: [], ""),
    ("tenancy:organisation_detail", lambda w: [w.unit.pk], ""),
    ("tenancy:organisation_edit", lambda w: [w.unit.pk], ""),
    ("tenancy:contactperson_list", lambda w: [], ""),
    ("tenancy:contactperson_detail", lambda w: [w.contact.pk], ""),
    ("tenancy:contactperson_edit", lambda w: [w.contact.pk], ""),
    ("registry:priorityarea_list", lambda w: [], ""),
    ("registry:priorityarea_detail", lambda w: [w.area.pk], ""),
    ("registry:priorityarea_edit", lambda w: [w.area.pk], ""),
    ("registry:partnership_list", lambda w: [], ""),
    ("registry:partnership_detail", lambda w: [w.partnership.pk], ""),
    ("registry:partnership_edit", lambda w: [w.partnership.pk], ""),
    ("registry:timelineevent_list", lambda w: [], ""),
    ("registry:timelineevent_detail", lambda w: [w.event.pk], ""),
    ("registry:timelineevent_edit", lambda w: [w.event.pk], ""),
    ("registry:agreement_list", lambda w: [], ""),
    ("registry:agreement_detail", lambda w: [w.agreement.pk], ""),
    ("registry:agreement_edit", lambda w: [w.agreement.pk], ""),
    ("registry:network_list", lambda w: [], ""),
    ("registry:network_detail", lambda w: [w.network.pk], ""),
    ("registry:network_edit", lambda w: [w.network.pk], ""),
    ("plans:actionplan_list", lambda w: [], ""),
    ("plans:actionplan_detail", lambda w: [w.plan.pk], ""),
    ("plans:activity_list", lambda w: [], ""),
    ("plans:activity_detail", lambda w: [w.activity.pk], ""),
    ("plans:exchangerate_list", lambda w: [], ""),
    ("plans:visitnotice_list", lambda w: [], ""),
    ("plans:visitnotice_detail", lambda w: [w.notice.pk], ""),
    ("plans:inbox", lambda w: [], ""),
]

N = 30


def add_plans(w) -> None:
    """An action plan with a public activity (costs, participation, named participant, milestone) and a visit."""
    w.plan = ActionPlan.objects.create(municipality=w.home, partnership=w.partnership, title="Handlingsplan",
                                       period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    w.activity = make_activity(w, title="Skolutbyte", organisation=w.unit, areas=[w.area], plan=w.plan, is_public=True)
    make_cost(w.activity, w.unit, 100_00)
    Participation.objects.create(activity=w.activity, total=1, women=1, under_18=1)
    w.notice = notice(w, w.unit, activity=w.activity, partnership=w.partnership)


def notice(w, organisation, **fields) -> VisitNotice:
    return visit_notify(notice=VisitNotice(
        organisation=organisation, direction=VisitNotice.Direction.OUTGOING, travellers="Rektorer", purpose="Skolbesök",
        starts_on=datetime.date(2020, 3, 1), ends_on=datetime.date(2020, 3, 5), **fields,
    ), by=w.users[Role.UNIT_EDITOR])


def grow_plans(w, n: int, tag: str, orgs, areas) -> None:
    """More plans, activities in the plan (of several organisations), their parts, rates and visits."""
    for i in range(n):
        ActionPlan.objects.create(municipality=w.home, network=w.network, title=f"Plan {tag}{i:02}", is_public=i % 2 == 0,
                                  period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
        activity = make_activity(w, title=f"Aktivitet {tag}{i:02}", organisation=orgs[i], areas=areas[:3], plan=w.plan,
                                 is_public=i % 2 == 0, progress=i % 100)
        activity.participating_organisations.add(*orgs[:3])
        make_cost(activity, orgs[i], 100 + i)
        make_cost(w.activity, orgs[i], 200 + i)
        Milestone.objects.create(activity=w.activity, title=f"Steg {tag}{i:02}", due_on=datetime.date(2026, 1, 1 + i % 28))
        NamedParticipant.objects.create(activity=w.activity, name=f"Deltagare {tag}{i:02}")
        ExchangeRate.objects.create(municipality=w.home, currency="USD", valid_from=datetime.date(2000 + i, 1, 1) if tag == "a"
                                    else datetime.date(1950 + i, 1, 1), rate=10)
        notice(w, orgs[i], activity=activity, partnership=w.partnership)
    w.activity.participating_organisations.add(*orgs)
    w.activity.priority_areas.add(*areas)
    for i in range(3):
        w.activity.progress = 10 + i
        w.activity.save()
        w.notice.purpose = f"Skolbesök {i}"
        w.notice.save()


def grow(w, n: int = N, tag: str = "") -> None:
    """Add ``n`` of everything, most of it hanging off the records the pages above show."""
    cities = [
        City.objects.create(name=f"Stad {tag}{i:02}", country="DE", time_zone="Europe/Berlin", population=1000 + i) for i in range(n)
    ]
    areas = [PriorityArea.objects.create(municipality=w.home, name=f"Område {tag}{i:02}", is_active=i % 2 == 0) for i in range(n)]
    parent = w.office
    orgs = []
    for i in range(n):
        parent = Organisation.objects.create(
            municipality=w.home, name=f"Enhet {tag}{i:02}", kind="office", parent=parent, is_public=i % 3 != 0
        )
        orgs.append(parent)
    contacts = [
        ContactPerson.objects.create(organisation=orgs[i] if i % 2 else w.unit, name=f"Kontakt {tag}{i:02}", is_public=i % 2 == 0)
        for i in range(n)
    ]
    for i, city in enumerate(cities):
        partnership = Partnership.objects.create(
            municipality=w.home, partner_city=city, status="active", start_year=1950 + i, is_public=i % 2 == 0
        )
        partnership.priority_areas.add(*areas[:3])
        partnership.organisations.add(*orgs[:3])
        partnership.contacts.add(*contacts[:3])
        TimelineEvent.objects.create(partnership=partnership, date=datetime.date(2000 + i % 20, 1, 1), title=f"Händelse {i}")
        agreement = Agreement.objects.create(
            partnership=partnership, title=f"Avtal {i}", parties="A\nB", renewal_on=datetime.date.today() + datetime.timedelta(days=30 + i)
        )
        AgreementDocument.objects.create(
            agreement=agreement, file=f"agreements/{tag}{i}.pdf", original_name=f"{i}.pdf", content_type="application/pdf", size=10
        )
        network = Network.objects.create(municipality=w.home, name=f"Nätverk {tag}{i:02}")
        network.member_cities.add(*cities[:5])
        network.organisations.add(*orgs[:3])
        network.priority_areas.add(*areas[:3])
        make_user(f"user{tag}{i:02}", orgs[i], Role.UNIT_EDITOR)
    # The records the detail pages show get many relations of their own.
    w.partnership.priority_areas.add(*areas)
    w.partnership.organisations.add(*orgs)
    w.partnership.contacts.add(*contacts)
    for i in range(n):
        TimelineEvent.objects.create(
            partnership=w.partnership, date=datetime.date(1990 + i, 1, 1), title=f"Händelse {i}", is_public=i % 2 == 0
        )
        agreement = Agreement.objects.create(partnership=w.partnership, title=f"Överenskommelse {i}", parties="A\nB")
        AgreementDocument.objects.create(
            agreement=w.agreement, file=f"agreements/x{tag}{i}.pdf", original_name=f"x{i}.pdf", content_type="application/pdf", size=10
        )
        agreement.is_public = i % 2 == 0
        agreement.save()
    w.network.member_cities.add(*cities)
    w.network.organisations.add(*orgs)
    w.network.priority_areas.add(*areas)
    # Partnerships of other municipalities with the same city (shown on the city's page).
    for i in range(n):
        municipality = Municipality.objects.create(name=f"Kommun {tag}{i}", slug=f"kommun-{tag}{i}", city=cities[i])
        Partnership.objects.create(municipality=municipality, partner_city=w.cities.palo_alto, status="active")
    grow_plans(w, n, tag, orgs, areas)
    # Many edits, so that the history grows too.
    for i in range(5):
        w.partnership.summary = f"Sammanfattning {i}"
        w.partnership.save()


#: Pages whose record the anonymous public may not see.
PRIVATE = {"accounts:user_detail", "tenancy:contactperson_detail", "plans:exchangerate_list", "plans:visitnotice_list",
           "plans:visitnotice_detail", "plans:inbox"}


def count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_page_has_a_budget():
    assert {name for name, _args, _query in PAGES} == set(BUDGETS)


@pytest.mark.parametrize("viewer", ["coordinator", "admin", "anonymous"])
def test_query_counts_do_not_grow_with_data(world, client_for, viewer):
    add_plans(world)
    user = None if viewer == "anonymous" else world.users[Role(viewer)]
    client = client_for(user)
    pages = []
    for name, args, query in PAGES:
        if viewer == "anonymous" and (name in PRIVATE or name.endswith(("_create", "_edit", "_lookup"))):
            continue  # the public is sent to the login page, or finds nothing there
        if (viewer == "admin") != name.startswith("accounts:"):
            continue  # users are the administrators' business; they see the rest as coordinators do
        pages.append((name, reverse(name, args=args(world)) + (f"?{query}" if query else "")))
    grow(world, 2, tag="a")  # every list has rows to show, even for the public
    client.get("/")  # warm caches (content types, translations …) before counting
    before = {name: count(client, url) for name, url in pages}
    grow(world, N, tag="b")
    after = {name: count(client, url) for name, url in pages}
    problems = []
    for name, _url in pages:
        (n_before, _), (n_after, sql) = before[name], after[name]
        if n_after != n_before:
            problems.append(f"{name}: {n_before} queries with the world, {n_after} with {N} more rows of everything")
        elif n_after > BUDGETS[name]:
            problems.append(f"{name}: {n_after} queries, budget {BUDGETS[name]}\n    " + "\n    ".join(sql))
    assert not problems, "\n".join(problems)

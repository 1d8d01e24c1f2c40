"""What the reports hold for the board, read back from the web page and the Excel file: activities
listed per responsible organisation, visits received and made, costs in two currencies, and the
office's own text of a follow-up and a review."""

import datetime
import io
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.plans.conftest import make_activity, make_cost
from tests.reports.conftest import TODAY, table
from vanort.core.roles import Role
from vanort.governance.models import (
    ActivityGuidelineAssessment,
    Decision,
    FollowUp,
    Guideline,
    Review,
)
from vanort.governance.services import decision_register
from vanort.plans.models import Activity, VisitNotice
from vanort.plans.services.visits import visit_notify
from vanort.reports import selectors
from vanort.tenancy.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.engine]

ASSESSMENT = "Samarbetet har gett skolorna nya kontakter.\n\nFöretagen efterfrågar fler besök."
PROPOSAL = "Kommunstyrelsen föreslås lägga uppföljningen till handlingarna."


@pytest.fixture
def year(world, report_data):
    """2026: activities of three administrations and a municipal company, two incoming delegations
    and one outgoing trip, costs in SEK and USD, a follow-up and a review with their text."""
    home, coordinator = world.home, world.users[Role.COORDINATOR]
    culture = Organisation.objects.create(municipality=home, name="Kultur- och fritidsförvaltningen", kind="administration")
    environment = Organisation.objects.create(municipality=home, name="Miljöförvaltningen", kind="administration")
    concert = make_activity(world, title="Körutbyte", organisation=culture, areas=[world.area], start=datetime.date(2026, 6, 12),
                            status=Activity.Status.DONE, progress=100, goals="Två konserter", outcome="Tre konserter",
                            benefit="Nya publikkontakter", equality_marker=2, partnership=world.partnership)
    concert.participating_organisations.add(world.university)
    climate = make_activity(world, title="Klimatdialog", organisation=environment, areas=[world.area], start=datetime.date(2026, 8, 20))
    make_cost(concert, culture, 40_000_00)
    make_cost(concert, culture, 1_000_00, currency="USD")  # at 10.5 SEK: 10,500.00 SEK
    make_cost(climate, environment, 5_000_00)
    second_incoming = visit_notify(notice=VisitNotice(
        organisation=culture, partnership=world.partnership, direction=VisitNotice.Direction.INCOMING,
        travellers="Palo Alto Chamber Choir", traveller_count=24, starts_on=datetime.date(2026, 6, 10),
        ends_on=datetime.date(2026, 6, 14), purpose="Konsertturné"), by=coordinator)
    received = decision_register(decision=Decision(
        municipality=home, title="Uppföljning av positionspapperet", meeting_date=datetime.date(2026, 11, 2), paragraph="201"),
        by=coordinator, check_permission=False, on=datetime.date(2026, 11, 2))
    follow_up = FollowUp.objects.create(document=report_data.document, period_start=datetime.date(2022, 10, 15),
                                        period_end=datetime.date(2026, 10, 14), assessment=ASSESSMENT, proposal=PROPOSAL,
                                        decision=received)
    guideline = Guideline.objects.create(document=report_data.document, position=1, text="Samarbetet ska gynna Linköpings näringsliv.")
    Guideline.objects.create(document=report_data.document, position=2, text="Ungdomar ska delta.")
    ActivityGuidelineAssessment.objects.create(activity=concert, guideline=guideline, judgement="partly", justification="Lokala företag sponsrade.")
    review = Review.objects.create(partnership=world.partnership, title="Översyn av vänortssamarbetet med Palo Alto",
                                   period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
                                   assessment="Samarbetet är livaktigt.", proposal="Ett nytt avtal tecknas 2027.")
    return SimpleNamespace(culture=culture, environment=environment, concert=concert, climate=climate,
                           second_incoming=second_incoming, follow_up=follow_up, review=review, received=received)


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_text(response) -> str:
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def sheet_rows(content: bytes, first_header: str, nth: int = 0) -> list[list]:
    """The rows of the ``nth`` sheet whose header row starts with ``first_header`` (header excluded)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    found = [[list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook.worksheets]
    matches = [rows for rows in found if rows and rows[0] and rows[0][0] == first_header]
    assert len(matches) > nth, [rows[0] for rows in found if rows]
    return matches[nth][1:]


def test_annual_report_lists_activities_per_organisation_and_both_kinds_of_visit(world, report_data, year, coordinator_client, frozen_today):
    user = world.users[Role.COORDINATOR]
    report = selectors.build_report(user, selectors.annual_spec(user, 2026), today=TODAY)
    listed = table(report, "activities_by_organisation")
    by_title = {row[1]: row for row in listed.rows}
    assert by_title["Körutbyte"][0] == "Kultur- och fritidsförvaltningen"
    assert by_title["Körutbyte"][2] == "Linköpings universitet"  # participating
    assert by_title["Körutbyte"][4] == world.partnership.partner_city.name and by_title["Körutbyte"][6] == "Tre konserter"
    # Municipal organisations first (administrations, then companies), then partners.
    assert [row[0] for row in listed.rows] == [
        "Kultur- och fritidsförvaltningen", "Miljöförvaltningen", "Utbildningsförvaltningen", "Utbildningsförvaltningen",
        "Tekniska verken", "Linköpings universitet"]
    kinds = {row[0]: row[1:] for row in table(report, "organisation_kinds").rows}
    assert kinds == {"Administrations and offices": [3, 4, 2], "Municipal companies": [1, 1, 0], "Partner organisations": [1, 1, 0]}
    received = table(report, "visits_received")
    assert [(row[0], row[2], row[4]) for row in received.rows] == [
        (world.partnership.partner_city.name, 24, "Kultur- och fritidsförvaltningen"),
        (world.partnership.partner_city.name, 5, "Utbildningsförvaltningen")]
    assert received.rows[1][-1].startswith("Overdue since")
    assert [(row[3], row[-1]) for row in table(report, "visits_made").rows] == [("Lärare", "Reported")]
    currencies = table(report, "costs_currency").rows
    assert [(r[0], r[1], r[4], r[5], r[7]) for r in currencies] == [("Kultur- och fritidsförvaltningen", "USD", 1, 1_000_00, 10_500_00)]
    assert table(report, "costs_payer").footer[0] == "Sum of separately paid costs"
    marker = {row[0]: row[1] for row in table(report, "equality_marker").rows}
    assert marker["2 – principal objective"] == 1
    assert report.summary.startswith("The report covers 6 activities, 2 of them done, led by 5 organisations")
    assert "Visits received: 2; visits made: 1." in report.summary

    text = page_text(coordinator_client.get(reverse("reports:annual", args=[2026])))
    assert "Activities by responsible organisation" in text
    assert "Kultur- och fritidsförvaltningen Körutbyte Linköpings universitet" in text
    assert "Visits received" in text and "Palo Alto Chamber Choir" in text and "Visits made" in text
    assert " ".join(report.summary.split()) in text

    response = coordinator_client.get(reverse("reports:annual_file", args=[2026, "xlsx"]))
    rows = sheet_rows(response.content, "Responsible organisation")
    assert [(r[0], r[1]) for r in rows] == [(row[0], row[1]) for row in listed.rows]
    visits_in, visits_out = sheet_rows(response.content, "Partner city"), sheet_rows(response.content, "Partner city", 1)
    assert [(r[3], r[2]) for r in visits_in] == [("Palo Alto Chamber Choir", 24), ("Delegation", 5)]
    assert [(r[3], r[2], r[-1]) for r in visits_out] == [("Lärare", 3, "Reported")]


def test_summary_edited_on_the_page_goes_into_the_file(year, coordinator_client, frozen_today):
    edited = "Styrelsen får här en kortare sammanfattning."
    page = page_text(coordinator_client.get(reverse("reports:annual", args=[2026]), {"summary": edited}))
    assert edited in page
    response = coordinator_client.get(reverse("reports:annual_file", args=[2026, "docx"]), {"summary": edited})
    assert response.status_code == 200
    # The summary travels with the report into every format (the renderers draw Report.summary).
    from vanort.reports import views

    assert views._edited_summary({"summary": "  x  "}) == "x" and views._edited_summary({"summary": " "}) is None


def test_follow_up_report_carries_the_offices_text_guidelines_and_decision(world, report_data, year, coordinator_client, frozen_today):
    url = reverse("reports:followup", args=[report_data.document.pk, 2022])
    detail = coordinator_client.get(year.follow_up.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail
    text = page_text(coordinator_client.get(url))
    assert "Samarbetet har gett skolorna nya kontakter." in text and "Företagen efterfrågar fler besök." in text
    assert PROPOSAL in text
    assert "1. Samarbetet ska gynna Linköpings näringsliv. Körutbyte Partly Lokala företag sponsrade." in text
    assert "2. Ungdomar ska delta. No activity assessed" in text
    assert f"case number {year.received.case_number}: Uppföljning av positionspapperet" in text
    assert f"Case number: {year.received.case_number}" in text

    response = coordinator_client.get(reverse("reports:followup_file", args=[report_data.document.pk, 2022, "xlsx"]))
    guidelines = sheet_rows(response.content, "Guideline")
    assert [r[1:3] for r in guidelines] == [["Körutbyte", "Partly"], ["No activity assessed", None]]


def test_review_report_is_the_review_then_the_record_of_its_period(world, report_data, year, coordinator_client, frozen_today):
    url = reverse("reports:review", args=[world.partnership.pk]) + f"?review={year.review.pk}"
    detail = coordinator_client.get(year.review.get_absolute_url()).content.decode()
    assert f'href="{url}"'.replace("&", "&amp;") in detail or f'href="{url}"' in detail
    response = coordinator_client.get(url)
    text = page_text(response)
    assert text.index("Översyn av vänortssamarbetet med Palo Alto") < text.index("Samarbetet är livaktigt.") < text.index("Activities by responsible organisation")
    assert "Ett nytt avtal tecknas 2027." in text and "Not yet received by a decision." in text
    # the record over the review's period (2026): the concert, not 2019's project
    user = world.users[Role.COORDINATOR]
    report = selectors.build_report(user, selectors.review_spec(user, world.partnership, year.review.pk), today=TODAY)
    titles = {row[1] for row in table(report, "activities_by_organisation").rows}
    assert "Körutbyte" in titles and "Gammalt projekt" not in titles
    assert f"{reverse('reports:review_file', args=[world.partnership.pk, 'xlsx'])}?review={year.review.pk}" in response.content.decode()
    assert coordinator_client.get(reverse("reports:review", args=[world.partnership.pk]) + "?review=x").status_code == 404


def test_review_report_carries_the_partnerships_timeline_the_reader_may_see(world, report_data, frozen_today):
    """The timeline over the whole partnership (no review chosen): the public 1986 event by its
    year, the internal 2017 meeting only for those who read internal records; in the review's
    period only that period's events."""
    from vanort.registry.models import TimelineEvent

    TimelineEvent.objects.create(partnership=world.partnership, date=datetime.date(2026, 3, 1), precision="month",
                                 title_sv="Digitalt möte", title_en="Online meeting", description_sv="Planering av 2027")

    def rows(role, language="sv", review=None):
        user = world.users[role]
        with translation.override(language):
            report = selectors.build_report(user, selectors.review_spec(user, world.partnership, review), today=TODAY)
            return [section.id for section in report.sections], table(report, "timeline").rows

    ids, coordinator = rows(Role.COORDINATOR)
    assert ids.index("decisions") < ids.index("timeline")
    with translation.override("sv"):
        public = world.event.title  # the world's public event, by its year
    assert coordinator == [["1986", public, ""], ["2017-05-01", "Internt möte", ""], ["mars 2026", "Digitalt möte", "Planering av 2027"]]
    assert [r[1] for r in rows(Role.PARTNER)[1]] == [public, "Digitalt möte"]
    assert rows(Role.COORDINATOR, "en")[1][2][:2] == ["March 2026", "Online meeting"]
    review = Review.objects.create(partnership=world.partnership, title="Översyn 2026", period_start=datetime.date(2026, 1, 1),
                                   period_end=datetime.date(2026, 12, 31))
    assert [r[1] for r in rows(Role.COORDINATOR, review=review.pk)[1]] == ["Digitalt möte"]


def test_index_offers_every_year_and_period_with_data(world, report_data, year, coordinator_client, frozen_today):
    make_activity(world, title="Jubileum", organisation=world.unit, areas=[world.area], start=datetime.date(2027, 5, 1))
    html = coordinator_client.get(reverse("reports:index")).content.decode()
    for y in (2027, 2026, 2019):
        assert reverse("reports:annual", args=[y]) in html
    assert reverse("reports:annual", args=[2021]) not in html
    # the follow-up's periods: the required ones and the next, planned one (2026–2030: 2027's data)
    for start in (2018, 2022, 2026):
        assert reverse("reports:followup", args=[report_data.document.pk, start]) in html


def test_query_count_of_a_follow_up_does_not_grow(world, report_data, year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.users[Role.COORDINATOR]
    spec = selectors.follow_up_spec(user, report_data.document, 2022)
    with CaptureQueriesContext(connection) as before:
        selectors.build_report(user, spec, today=TODAY)
    for i in range(4):
        extra = make_activity(world, title=f"Extra {i}", organisation=year.culture, areas=[world.area], start=datetime.date(2026, 3, i + 1),
                              partnership=world.partnership)
        extra.participating_organisations.add(world.university, world.unit)
        make_cost(extra, year.environment, 100, currency="USD")
        ActivityGuidelineAssessment.objects.create(activity=extra, guideline=Guideline.objects.filter(position=1).get(), judgement="fulfils")
    with CaptureQueriesContext(connection) as after:
        selectors.build_report(user, spec, today=TODAY)
    assert len(after) == len(before) <= 19

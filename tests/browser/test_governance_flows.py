"""Governance and reports in a real browser, with axe-core checking every page visited (WCAG 2.1 A/AA).

A coordinator registers a partnership request from a city, moves it through the presidium and
the preparation against the strategy's criteria, registers the board's decision (its case number
drawn automatically) and records the decision on the request: a partnership is born with its
first history. A board member sees the follow-up due on the start page and the follow-up status
page, opens the follow-up report of a governing document for a term of office and downloads the
Word version, which is read back with python-docx. A decision is also registered without
JavaScript. Elements are found by id, URL, role or attribute — never by visible text.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.db.models import Sum
from django.utils import timezone

from tests.browser.conftest import axe_check
from tests.browser.test_flows import log_in, submit
from tests.browser.test_plans_flows import post_form
from tests.plans.conftest import plan_data  # noqa: F401  (fixture)
from tests.reports.conftest import PERIOD_2022, frozen_today, report_data  # noqa: F401  (fixtures)
from vanort.core.roles import Role
from vanort.governance.models import Decision, PartnershipRequest
from vanort.places.models import City
from vanort.plans.models import CostLine
from vanort.registry.models import Partnership, TimelineEvent
from vanort.reports import selectors

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

CASE_NUMBER = re.compile(r"^KS (?P<year>\d{4})-(?P<serial>\d+)$")


def digits(text: str) -> str:
    """The digits of a formatted amount: "503 244,51 kr" and "503,244.51 SEK" are both "50324451"."""
    return re.sub(r"\D", "", text)


def fill_decision(page, *, title: str, meeting_date: str, paragraph: str):
    page.select_option("#id_body", Decision.Body.BOARD.value)
    page.fill("#id_meeting_date", meeting_date)
    page.fill("#id_paragraph", paragraph)
    page.fill("#id_title_sv", title)
    page.fill("#id_decision_points_sv", "Kommunstyrelsen godkänner förfrågan.\nVänortssamarbetet inleds.")


def test_coordinator_registers_a_request_and_the_boards_decision(page, world):
    coordinator = world.users[Role.COORDINATOR]
    # A city the municipality has no partnership with yet (Enschede already is a proposed one).
    tartu = City.objects.create(name="Tartu", country="EE", time_zone="Europe/Tallinn")
    log_in(page, coordinator)
    axe_check(page)  # the dashboard

    # The request, through the request form.
    page.goto("/partnership-requests/")
    axe_check(page)
    with page.expect_navigation():
        page.click("main a[href='/partnership-requests/new/']")
    axe_check(page)
    page.select_option("#id_city", str(tartu.pk))
    page.fill("#id_received_on", "2026-09-01")
    page.fill("#id_sender", "Tartu linnapea")
    page.fill("#id_message", "Tartu vill inleda ett vänortssamarbete.")
    page.select_option("#id_proposed_category", Partnership.Category.FRIENDSHIP.value)
    submit(page)
    request = PartnershipRequest.objects.get(city=tartu)
    assert request.status == PartnershipRequest.Status.RECEIVED and request.municipality == world.home
    assert page.url.endswith(request.get_absolute_url())
    assert page.locator(".messages").count() == 1
    assert page.locator("form[action$='/decide/']").count() == 0  # not prepared yet
    axe_check(page)  # the request page with its handling form

    # Received → with the presidium, with the presidium's note.
    page.select_option("#id_to_status", PartnershipRequest.Status.PRESIDIUM.value)
    page.fill("#id_note", "Presidiet ber internationella funktionen bereda ärendet.")
    post_form(page, "/status/")
    request.refresh_from_db()
    assert request.status == PartnershipRequest.Status.PRESIDIUM
    assert "Presidiet ber" in request.presidium_note
    axe_check(page)

    # Not prepared without a priority area: refused, the status stays.
    page.select_option("#id_to_status", PartnershipRequest.Status.PREPARED.value)
    post_form(page, "/status/")
    request.refresh_from_db()
    assert request.status == PartnershipRequest.Status.PRESIDIUM
    assert page.locator(".messages").count() == 1
    axe_check(page)  # the request page with the error message

    # The preparation against the strategy's criteria, in the request form.
    with page.expect_navigation():
        page.click(f"main a[href='{request.get_absolute_url()}edit/']")
    axe_check(page)
    page.check(f"input[name=priority_areas][value='{world.area.pk}']")
    page.fill("#id_community_support", "Universitetet och näringslivet.")
    page.fill("#id_first_year_plan", "Studiebesök och ett gemensamt projekt.")
    page.fill("#id_first_year_budget", "150000")
    page.fill("#id_preparation_note", "Uppfyller strategins kriterier.")
    submit(page)
    request.refresh_from_db()
    assert list(request.priority_areas.all()) == [world.area]
    assert request.first_year_budget == 150_000_00
    assert page.url.endswith(request.get_absolute_url())
    axe_check(page)

    # With the presidium → prepared: the board's decision can now be recorded.
    page.select_option("#id_to_status", PartnershipRequest.Status.PREPARED.value)
    post_form(page, "/status/")
    request.refresh_from_db()
    assert request.status == PartnershipRequest.Status.PREPARED
    assert page.locator("form[action$='/decide/']").count() == 1
    axe_check(page)  # the request page with the decide form

    # The board's decision, registered from the link on the request page: the case number is drawn.
    with page.expect_navigation():
        page.click("section[aria-labelledby=decide-heading] a[href='/decisions/new/']")
    axe_check(page)
    fill_decision(page, title="Vänortssamarbete med Tartu", meeting_date="2026-11-02", paragraph="412")
    submit(page)
    decision = Decision.objects.get(title_sv="Vänortssamarbete med Tartu")
    match = CASE_NUMBER.match(decision.case_number)
    assert match, decision.case_number
    assert int(match["year"]) == timezone.localdate().year and int(match["serial"]) >= 1
    assert decision.registered_by == coordinator and decision.body == Decision.Body.BOARD
    assert page.url.endswith(decision.get_absolute_url())
    assert decision.case_number in page.inner_text(".messages")
    assert decision.case_number in page.inner_text("main")
    axe_check(page)  # the decision page

    page.goto("/decisions/")
    assert page.locator(f"main a[href='{decision.get_absolute_url()}']").count() == 1
    axe_check(page)

    # Back to the request. Declining without reasons is refused, the errors shown by the fields.
    page.goto(request.get_absolute_url())
    page.check("input[name=outcome][value='decline']")
    page.select_option("#id_decision", str(decision.pk))
    post_form(page, "/decide/")
    request.refresh_from_db()
    assert request.status == PartnershipRequest.Status.PREPARED
    assert page.get_attribute("#id_reasons", "aria-invalid") == "true"
    axe_check(page)  # the decide form with its errors

    # The board accepted it; the partnership starts as proposed.
    page.goto(request.get_absolute_url())
    page.check("input[name=outcome][value='accept']")
    page.select_option("#id_decision", str(decision.pk))
    page.select_option("#id_partnership_status", Partnership.Status.PROPOSED.value)
    post_form(page, "/decide/")
    request.refresh_from_db()
    assert request.status == PartnershipRequest.Status.ACCEPTED and request.decision == decision
    partnership = request.partnership
    assert partnership is not None and partnership.partner_city == tartu
    assert partnership.status == Partnership.Status.PROPOSED
    assert list(partnership.priority_areas.all()) == [world.area]
    events = list(TimelineEvent.objects.filter(partnership=partnership).order_by("date"))
    assert [e.date for e in events] == [datetime.date(2026, 9, 1), datetime.date(2026, 11, 2)]
    assert decision.case_number in events[1].title
    assert list(decision.partnerships.all()) == [partnership]
    assert page.url.endswith(partnership.get_absolute_url())
    assert page.locator(".messages").count() == 1
    axe_check(page)  # the new partnership

    # The request page now shows the decision and the partnership, and no more forms.
    page.goto(request.get_absolute_url())
    decided = page.locator("section[aria-labelledby=decision-heading]")
    assert decided.locator(f"a[href='{decision.get_absolute_url()}']").count() == 1
    assert decided.locator(f"a[href='{partnership.get_absolute_url()}']").count() == 1
    assert page.locator("form[action$='/status/'], form[action$='/decide/']").count() == 0
    axe_check(page)


def test_board_member_opens_the_follow_up_report_and_downloads_word(page, world, report_data, frozen_today):  # noqa: F811
    from docx import Document

    board = world.users[Role.BOARD]
    document = report_data.document
    start, end = PERIOD_2022
    report_url = f"/reports/follow-up/{document.pk}/{start.year}/"
    current_url = f"/reports/follow-up/{document.pk}/{frozen_today.year}/"

    log_in(page, board)
    # The start page: the follow-ups of the term just ended (overdue) and of the current one (due).
    due = page.locator("section[aria-labelledby=due-heading] .due-list")
    assert due.locator(f"li.overdue a[href='{report_url}']").count() == 1
    assert due.locator(f"li:not(.overdue) a[href='{current_url}']").count() == 1
    axe_check(page)

    # The follow-up status page lists the document's periods with their states.
    page.goto("/follow-up-status/")
    rows = page.locator("main table tbody tr").filter(has=page.locator(f"a[href='{document.get_absolute_url()}']"))
    assert rows.count() == 4  # 2014–2018 (done), 2018–2022, 2022–2026 (overdue), 2026–2030 (due)
    assert rows.locator(".state-done").count() == 1
    assert rows.locator(".state-overdue").count() == 2
    assert rows.locator(".state-due").count() == 1
    axe_check(page)

    # The governing document and the index of reports link the same report.
    page.goto(document.get_absolute_url())
    axe_check(page)
    page.goto("/reports/")
    assert page.locator(f"main a[href='{report_url}']").count() == 1
    axe_check(page)

    # The report page of the document for the term 2022–2026, from the start page.
    page.goto("/")
    with page.expect_navigation():
        due.locator(f"a[href='{report_url}']").click()
    assert page.url.endswith(report_url)
    axe_check(page)
    title = page.inner_text("main h1").strip()
    assert document.title in title

    # The total of the costs equals the data: the cost lines of the period's activities in the
    # document's priority areas (the activity of 2019 is outside the term).
    spec = selectors.follow_up_spec(board, document, start.year)
    acts = selectors.activities(board, spec)
    assert report_data.old.pk not in set(acts.values_list("pk", flat=True))
    expected = CostLine.objects.filter(activity__in=acts).aggregate(total=Sum("estimated_home"))["total"]
    assert expected == 2_000_00 + 1_234_50 + 10_00 + 500_000_01
    footer = page.locator("#table-costs_payer tfoot tr")
    footer_label = footer.locator("th").inner_text().strip()
    page_total = footer.locator("td").nth(1).inner_text()  # cost lines, estimated, actual
    assert digits(page_total) == str(expected)
    assert page.locator("#table-costs_payer tbody tr").count() == 3  # the unit, the company, the university

    # The Word version: a real download, read back with python-docx.
    with page.expect_download() as download_info:
        page.click("main a[href$='/docx/']")
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as handle:
        word = Document(io.BytesIO(handle.read()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == title
    page_sections = [text.strip() for text in page.locator("main section > h2").all_inner_texts()]
    assert page_sections and set(page_sections) <= set(headings)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    payer = next(rows for rows in tables if rows[-1][0] == footer_label and len(rows[-1]) == 4)
    assert digits(payer[-1][2]) == str(expected)
    assert len(payer) == 1 + 3 + 1  # header, three paying organisations, the total


def test_registering_a_decision_works_without_javascript(new_context, world):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, world.users[Role.COORDINATOR], check=False)  # axe itself needs JavaScript
    page.goto("/decisions/new/")
    fill_decision(page, title="Beslut utan JavaScript", meeting_date="2026-10-05", paragraph="300")
    submit(page)
    decision = Decision.objects.get(title_sv="Beslut utan JavaScript")
    assert CASE_NUMBER.match(decision.case_number), decision.case_number
    assert page.url.endswith(decision.get_absolute_url())
    assert page.locator(".messages").count() == 1

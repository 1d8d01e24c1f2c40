"""The plans app in a real browser, with axe-core checking every page visited (WCAG 2.1 A/AA).

A unit editor notifies a visit, a coordinator confirms it from the inbox, the unit files the
report; a partner proposes an activity and a coordinator builds an action plan from it, moving
the plan draft → in coordination → adopted. The visit notice is also submitted without
JavaScript. Elements are found by id, URL, role or attribute — never by visible text, which is
translated (the tests pass whether the pages are in Swedish or English).
"""

from __future__ import annotations

import datetime
import re

import pytest

from tests.browser.conftest import axe_check, watch
from tests.browser.test_flows import log_in, submit
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, PlanStatusChange, VisitNotice, VisitReport

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.MAILERS = LOCMEM


@pytest.fixture
def english_page(new_context):
    """Like ``page``, but the browser asks for English (Accept-Language: en-US)."""
    page = new_context(locale="en-US").new_page()
    watch(page)
    yield page
    assert not page.vanort_problems, "Problems while loading pages:\n" + "\n".join(page.vanort_problems)


def switch_user(page, user):
    """Log out (a fresh cookie jar) and log in as ``user``."""
    page.context.clear_cookies()
    log_in(page, user, check=False)


def fill_visit_notice(page, world):
    page.select_option("#id_organisation", str(world.unit.pk))
    page.select_option("#id_direction", "outgoing")
    page.fill("#id_travellers", "Två rektorer")
    page.fill("#id_starts_on", "2020-03-01")
    page.fill("#id_ends_on", "2020-03-05")
    page.fill("#id_purpose", "Skolbesök")


def post_form(page, action_suffix: str):
    with page.expect_navigation():
        page.click(f"form[action$='{action_suffix}'] button[type=submit]")


def test_unit_notifies_a_visit_coordinator_confirms_unit_reports(page, world):
    editor, coordinator = world.users[Role.UNIT_EDITOR], world.users[Role.COORDINATOR]

    # The unit editor: the visit list, then the form to notify a visit.
    log_in(page, editor)
    page.goto("/visits/")
    axe_check(page)
    with page.expect_navigation():
        page.click("main a[href='/visits/new/']")
    axe_check(page)
    fill_visit_notice(page, world)
    submit(page)
    assert re.search(r"/visits/\d+/$", page.url), page.url
    notice = VisitNotice.objects.get()
    assert notice.organisation == world.unit and notice.status == VisitNotice.Status.NOTIFIED
    assert page.url.endswith(notice.get_absolute_url())
    assert page.locator(".messages").count() == 1
    axe_check(page)  # the notice page, with the success message
    # The unit cannot answer its own notice; the visit has ended, so the report form shows.
    assert page.locator("form[action$='/confirm/']").count() == 0
    assert page.locator("form[action$='/report/']").count() == 1

    # The coordinator: the inbox lists the notice awaiting confirmation.
    switch_user(page, coordinator)
    page.goto("/inbox/")
    axe_check(page)
    awaiting = page.locator("section[aria-labelledby=awaiting-heading]")
    with page.expect_navigation():
        awaiting.locator(f"a[href='{notice.get_absolute_url()}']").click()
    axe_check(page)  # the notice page with the confirm and ask forms
    page.fill("#id_confirm-text", "Bra!")
    post_form(page, "/confirm/")
    notice.refresh_from_db()
    assert notice.status == VisitNotice.Status.CONFIRMED and notice.response == "Bra!"
    assert page.url.endswith(notice.get_absolute_url())
    assert page.locator("form[action$='/confirm/']").count() == 0
    axe_check(page)
    page.goto("/inbox/")
    link = f"a[href='{notice.get_absolute_url()}']"
    assert page.locator(f"section[aria-labelledby=awaiting-heading] {link}").count() == 0  # confirmed
    assert page.locator(f"section[aria-labelledby=overdue-heading] {link}").count() == 1  # the visit was in 2020
    axe_check(page)

    # The unit files the report: first an empty one (refused, errors shown), then a real one.
    switch_user(page, editor)
    page.goto(notice.get_absolute_url())
    axe_check(page)  # the notice page with the report form
    post_form(page, "/report/")
    assert not VisitReport.objects.filter(notice=notice).exists()
    assert page.get_attribute("#id_results", "aria-invalid") == "true"
    axe_check(page)  # the report form with its errors
    page.fill("#id_results", "Ett avtal om utbyte")
    post_form(page, "/report/")
    assert VisitReport.objects.filter(notice=notice, results="Ett avtal om utbyte", submitted_by=editor).exists()
    assert page.url.endswith(notice.get_absolute_url())
    assert page.locator("form[action$='/report/']").count() == 0
    assert page.locator(".overdue").count() == 0
    axe_check(page)  # the filed report
    page.goto("/visits/")
    assert page.locator(f"main a[href='{notice.get_absolute_url()}']").count() == 1
    axe_check(page)


def test_coordinator_builds_a_plan_from_proposed_activities(english_page, world):
    """In English this time: the selectors do not depend on the language of the pages."""
    page = english_page
    partner, coordinator = world.users[Role.PARTNER], world.users[Role.COORDINATOR]

    # The partner proposes an activity for the partnership.
    log_in(page, partner)
    assert page.get_attribute("html", "lang") == "en"
    page.goto("/activities/new/")
    axe_check(page)
    assert page.locator("#id_plan").count() == 0  # only the office takes activities into a plan
    page.select_option("#id_partnership", str(world.partnership.pk))
    page.fill("#id_title_sv", "Forskarbesök")
    page.select_option("#id_kind", Activity.Kind.PROJECT.value)
    page.select_option("#id_responsible_organisation", str(world.university.pk))
    page.check(f"input[name=priority_areas][value='{world.area.pk}']")
    page.fill("#id_planned_start", "2026-04-01")
    assert page.input_value("#id_status") == Activity.Status.PROPOSED.value
    page.fill("#id_progress", "30")
    submit(page)
    proposal = Activity.objects.get(title_sv="Forskarbesök")
    assert proposal.status == Activity.Status.PROPOSED and proposal.plan is None
    assert page.url.endswith(proposal.get_absolute_url())
    axe_check(page)

    # The coordinator creates an action plan for the partnership.
    switch_user(page, coordinator)
    page.goto("/plans/new/")
    axe_check(page)
    page.select_option("#id_partnership", str(world.partnership.pk))
    page.fill("#id_title_sv", "Handlingsplan 2026")
    page.fill("#id_period_start", "2026-01-01")
    page.fill("#id_period_end", "2026-12-31")
    submit(page)
    plan = ActionPlan.objects.get(title_sv="Handlingsplan 2026")
    assert plan.status == ActionPlan.Status.DRAFT and plan.coordinator == coordinator
    assert page.url.endswith(plan.get_absolute_url())
    axe_check(page)  # the plan page: empty, with the proposal to accept

    # Accept the proposal from the plan page.
    accept = page.locator(f"#proposed form[action='/activities/{proposal.pk}/accept/'] button[type=submit]")
    assert accept.count() == 1
    with page.expect_navigation():
        accept.click()
    proposal.refresh_from_db()
    assert proposal.plan == plan and proposal.partnership == world.partnership
    assert page.url.endswith(plan.get_absolute_url())
    assert page.locator("#proposed").count() == 0  # nothing left to accept
    axe_check(page)

    # Draft → in coordination → adopted, through the status form.
    for status in (ActionPlan.Status.COORDINATION, ActionPlan.Status.ADOPTED):
        page.select_option("#id_to_status", status.value)
        page.fill("#id_note", f"Till {status.value}")
        post_form(page, f"/plans/{plan.pk}/status/")
        plan.refresh_from_db()
        assert plan.status == status, page.inner_text(".messages")
        assert page.url.endswith(plan.get_absolute_url())
        axe_check(page)
    assert list(PlanStatusChange.objects.filter(plan=plan).values_list("from_status", "to_status")) == [
        ("draft", "coordination"), ("coordination", "adopted"),
    ]
    assert page.locator("#status table tbody tr").count() == 2

    # The priority area's roll-up counts the activity, with its progress; the activity is listed.
    areas = page.locator("#areas tbody tr")
    assert areas.count() == 1
    heading = areas.locator("th").inner_text()
    assert world.area.name_en in heading or world.area.name_sv in heading
    assert "30" in areas.locator("td.num").last.inner_text()  # the area's progress: the one activity's 30 %
    assert page.locator(f"#activities a[href='{proposal.get_absolute_url()}']").count() == 1
    organisations = page.locator("#organisations tbody tr")
    assert organisations.count() == 1 and "30" in organisations.locator("td.num").last.inner_text()


def test_visit_notice_works_without_javascript(new_context, world):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, world.users[Role.UNIT_EDITOR], check=False)  # axe itself needs JavaScript
    page.goto("/visits/new/")
    fill_visit_notice(page, world)
    submit(page)
    notice = VisitNotice.objects.get()
    assert notice.organisation == world.unit and notice.travellers == "Två rektorer"
    assert page.url.endswith(notice.get_absolute_url())
    assert page.locator(".messages").count() == 1


def test_plan_builds_without_javascript(new_context, world):
    """The coordinator's core task — accept a proposal and change the status — needs no JavaScript."""
    from tests.plans.conftest import make_activity

    coordinator = world.users[Role.COORDINATOR]
    plan = ActionPlan.objects.create(municipality=world.home, partnership=world.partnership, title="Plan",
                                     period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
                                     coordinator=coordinator)
    proposal = make_activity(world, title="Förslag", organisation=world.university, areas=[world.area],
                             status=Activity.Status.PROPOSED, partnership=world.partnership)
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, coordinator, check=False)
    page.goto(plan.get_absolute_url())
    with page.expect_navigation():
        page.click(f"#proposed form[action='/activities/{proposal.pk}/accept/'] button[type=submit]")
    proposal.refresh_from_db()
    assert proposal.plan == plan
    page.select_option("#id_to_status", ActionPlan.Status.COORDINATION.value)
    post_form(page, f"/plans/{plan.pk}/status/")
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.COORDINATION


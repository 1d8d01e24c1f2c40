"""Issue 16's "done when", in a real browser: a coordinator enters the three yearly events of a
2025–2026 plan in three series forms, sees the six occurrences with their planning-call
milestones, ticks calls off and sees the plan's progress move, sees an overdue call in "what is
due", prepares the 2027 plan (leaving one item out) and follows the series into a calendar whose
file carries the RRULE. Elements are found by id, URL or attribute; what the pages say is read
from them and compared with what the database holds.
"""

from __future__ import annotations

import datetime

import pytest

from tests.browser.conftest import axe_check
from tests.browser.test_flows import log_in, submit
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, Milestone

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

EVENTS = [
    # title, start, end, kind, planning calls ("YYYY-MM-DD title" a line)
    ("Jubileumsmöte med Palo Alto", "2025-05-14", "2025-05-15", "conference", ["2025-05-14 Planeringsmöte 1/1"]),
    ("Ungdomsvecka med Palo Alto", "2025-08-11", "2025-08-15", "youth_exchange", ["2025-08-11 Planeringsmöte 1/1"]),
    ("Klimatseminarium med Palo Alto", "2025-02-10", "2025-11-13", "conference",
     ["2025-02-10 Planeringsmöte 1/4", "2025-05-12 Planeringsmöte 2/4", "2025-08-18 Planeringsmöte 3/4", "2025-10-20 Planeringsmöte 4/4"]),
]


def plan_progress(page, plan) -> str:
    page.goto(plan.get_absolute_url())
    return page.inner_text("main dl.facts").split("\n")


def test_a_coordinator_enters_follows_and_carries_the_yearly_events(page, world):
    coordinator = world.users[Role.COORDINATOR]
    plan = ActionPlan.objects.create(municipality=world.home, partnership=world.partnership, title="Handlingsplan 2025–2026",
                                     period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2026, 12, 31),
                                     coordinator=coordinator)
    log_in(page, coordinator, check=False)

    # Three forms: each event once, repeating yearly twice, with its planning calls.
    for number, (title, start, end, kind, calls) in enumerate(EVENTS):
        page.goto(f"/activities/new/?plan={plan.pk}")
        if number == 0:
            axe_check(page)
        page.fill("#id_title_sv", title)
        page.select_option("#id_kind", kind)
        page.select_option("#id_responsible_organisation", str(world.unit.pk))
        page.check(f"input[name=priority_areas][value='{world.area.pk}']")
        page.select_option("#id_status", "planned")
        page.select_option("#id_equality_marker", "1")
        page.fill("#id_equality_text", "Jämn könsfördelning bland deltagarna.")
        page.fill("#id_planned_start", start)
        page.fill("#id_planned_end", end)
        page.check("#id_progress_from_milestones")
        page.select_option("#id_repeat", "yearly")
        page.fill("#id_repeat_count", "2")
        page.fill("#id_new_milestones", "\n".join(calls))
        submit(page)
        assert "/activities/new/" not in page.url, page.inner_text("main")
        # The page says which occurrences the series has.
        assert f"{start}, {start.replace('2025', '2026')}" in page.inner_text(".messages")

    # Six occurrences on the plan page, each with its calls moved to its year.
    occurrences = list(Activity.objects.filter(plan=plan).order_by("planned_start", "pk"))
    assert len(occurrences) == 6 and len({a.series_id for a in occurrences}) == 3
    page.goto(plan.get_absolute_url())
    listed = page.inner_text("main")
    assert all(listed.count(title) >= 2 for title, *_ in EVENTS)
    seminar = next(a for a in occurrences if a.title_sv.startswith("Klimat") and a.planned_start.year == 2025)
    seminar_2026 = next(a for a in occurrences if a.title_sv.startswith("Klimat") and a.planned_start.year == 2026)
    page.goto(seminar_2026.get_absolute_url())
    calls_2026 = page.inner_text("#milestones table")
    rows = {line.split("\t")[0]: line for line in calls_2026.split("\n") if line.startswith("Planeringsmöte")}
    assert sorted(rows) == [f"Planeringsmöte {n}/4" for n in range(1, 5)]
    assert "20" in rows["Planeringsmöte 4/4"] and "2026" in rows["Planeringsmöte 4/4"]  # 2026-10-20, in the page's words
    assert Milestone.objects.filter(activity__plan=plan).count() == 2 * (1 + 1 + 4)

    # Ticking off two of the 2025 seminar's calls moves the seminar and the plan.
    before = plan_progress(page, plan)
    page.goto(seminar.get_absolute_url())
    axe_check(page)
    for call in list(seminar.milestones.order_by("due_on"))[:2]:
        page.goto(seminar.get_absolute_url())
        with page.expect_navigation():
            page.click(f"a[href$='/milestones/{call.pk}/edit/']")
        page.fill("#id_done_on", call.due_on.isoformat())
        submit(page)
    assert "50\u00a0%" in page.inner_text("main dl.facts")
    after = plan_progress(page, plan)
    assert before != after
    assert any(f"{round(50 / 6)}\u00a0%" in line for line in after), after  # one of six activities at 50 %

    # "What is due" on the dashboard names an overdue call.
    page.goto("/")
    due = page.inner_text("section[aria-labelledby=due-heading]")
    assert "Planeringsmöte 3/4 (Klimatseminarium med Palo Alto)" in due

    # Prepare the 2027 plan: the preview lists the series once each; leave the youth week out.
    page.goto(plan.get_absolute_url())
    with page.expect_navigation():
        page.click(f"a[href$='/{plan.pk}/next/']")
    axe_check(page)
    preview = page.inner_text("main form")
    assert all(preview.count(title) == 1 for title, *_ in EVENTS)
    youth = next(a for a in occurrences if a.title_sv.startswith("Ungdom") and a.planned_start.year == 2026)
    page.uncheck(f"input[name=activities][value='{youth.pk}']")
    page.fill("#id_title", "Handlingsplan 2027")
    page.fill("#id_period_start", "2027-01-01")
    page.fill("#id_period_end", "2027-12-31")
    submit(page)
    new_plan = ActionPlan.objects.get(title="Handlingsplan 2027")
    assert page.url.endswith(new_plan.get_absolute_url())
    carried = sorted((a.title_sv, a.planned_start) for a in new_plan.activities.all())
    assert carried == [("Jubileumsmöte med Palo Alto", datetime.date(2027, 5, 14)),
                       ("Klimatseminarium med Palo Alto", datetime.date(2027, 2, 10))]
    assert "Ungdomsvecka" not in page.inner_text("main") and "Klimatseminarium med Palo Alto" in page.inner_text("main")

    # Follow the series into a calendar: the file carries the rule.
    page.goto(seminar_2026.get_absolute_url())
    with page.expect_navigation():
        page.click("#series-calendar")
    with page.expect_navigation():
        page.click("#calendar-create")
    ics = page.request.get(page.get_attribute("#calendar-link", "href")).text()
    unfolded = ics.replace("\r\n ", "")
    assert "RRULE:FREQ=YEARLY;COUNT=2" in unfolded
    assert "Klimatseminarium med Palo Alto" in unfolded

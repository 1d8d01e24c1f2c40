"""Recurring activities: a series by RRULE, one activity per occurrence, dates outside the plan
reported (or put into the next plan), and changes to "this one / this and following / all"."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, ActivitySeries, Milestone
from vanort.plans.services.series import (
    ALL,
    FOLLOWING,
    build_rule,
    rule_dates,
    series_create,
    series_update,
)

from .conftest import make_activity
from .test_activity_pages import activity_post

pytestmark = pytest.mark.engine


@pytest.fixture
def plans(world):
    def plan(title, start, end):
        return ActionPlan.objects.create(municipality=world.home, partnership=world.partnership, title=title,
                                          period_start=datetime.date.fromisoformat(start), period_end=datetime.date.fromisoformat(end))
    return plan("Handlingsplan 2025–2026", "2025-01-01", "2026-12-31"), plan("Handlingsplan 2027", "2027-01-01", "2027-12-31")


def mayors_meeting(world, plan):
    meeting = make_activity(world, title="Borgmästarmöte", organisation=world.unit, areas=[world.area], plan=plan,
                            start=datetime.date(2025, 6, 10), planned_end=datetime.date(2025, 6, 12), place="Palo Alto")
    Milestone.objects.create(activity=meeting, title="Inbjudan", due_on=datetime.date(2025, 3, 10))
    return meeting


def test_rules_in_rrule_terms():
    june = datetime.date(2025, 6, 10)
    assert build_rule(frequency="yearly", first=june, count=3) == "FREQ=YEARLY;INTERVAL=1;COUNT=3"
    assert rule_dates("FREQ=YEARLY;INTERVAL=1;COUNT=3", june) == [june, datetime.date(2026, 6, 10), datetime.date(2027, 6, 10)]
    quarterly = build_rule(frequency="monthly", first=datetime.date(2026, 1, 15), interval=3, until=datetime.date(2026, 12, 31))
    assert [d.month for d in rule_dates(quarterly, datetime.date(2026, 1, 15))] == [1, 4, 7, 10]
    months = build_rule(frequency="months", first=datetime.date(2026, 3, 1), months=[3, 9], count=4)
    assert rule_dates(months, datetime.date(2026, 3, 1))[-1] == datetime.date(2027, 9, 1)
    with pytest.raises(ValidationError):
        build_rule(frequency="yearly", first=june)  # neither an end date nor a count


def test_a_series_creates_an_activity_per_occurrence_in_the_plan_and_reports_the_rest(world, plans):
    current, _ = plans
    meeting = mayors_meeting(world, current)
    result = series_create(activity=meeting, rule="FREQ=YEARLY;COUNT=3", by=world.users[Role.COORDINATOR], areas=[world.area])
    assert [a.planned_start for a in result.created] == [datetime.date(2026, 6, 10)]
    assert result.outside == [datetime.date(2027, 6, 10)] and result.moved == []
    occurrences = Activity.objects.filter(series=result.series).order_by("series_date")
    assert [(a.planned_start, a.planned_end, a.plan_id, a.place) for a in occurrences] == [
        (datetime.date(2025, 6, 10), datetime.date(2025, 6, 12), current.pk, "Palo Alto"),
        (datetime.date(2026, 6, 10), datetime.date(2026, 6, 12), current.pk, "Palo Alto"),
    ]
    # Its milestones come along, offset by a year and not done.
    assert list(Milestone.objects.filter(activity=result.created[0]).values_list("title", "due_on", "done_on")) == [
        ("Inbjudan", datetime.date(2026, 3, 10), None)]
    assert ActivitySeries.objects.get().rrule == "FREQ=YEARLY;COUNT=3"


def test_occurrences_after_the_plan_go_into_the_next_plan_when_asked(world, plans):
    current, following = plans
    result = series_create(activity=mayors_meeting(world, current), rule="FREQ=YEARLY;COUNT=4", by=None, areas=[world.area],
                           use_next_plan=True)
    assert [(a.plan_id, a.planned_start.year) for a in result.moved] == [(following.pk, 2027)]
    assert result.outside == [datetime.date(2028, 6, 10)]
    assert Activity.objects.filter(series=result.series).count() == 3
    # Every occurrence gets the milestones, not only the last one made.
    assert [list(a.milestones.values_list("due_on", flat=True)) for a in Activity.objects.filter(series=result.series).order_by("series_date")] == [
        [datetime.date(year, 3, 10)] for year in (2025, 2026, 2027)]


def test_another_organisation_cannot_make_a_series_of_it(world, plans):
    meeting = mayors_meeting(world, plans[0])
    meeting.responsible_organisation = world.other_unit
    meeting.save()
    with pytest.raises(PermissionDenied):
        series_create(activity=meeting, rule="FREQ=YEARLY;COUNT=2", by=world.users[Role.UNIT_EDITOR], areas=[world.area])
    assert not ActivitySeries.objects.exists() and Activity.objects.count() == 1


def test_a_change_goes_to_this_and_the_following_or_to_all(world, plans):
    meeting = mayors_meeting(world, plans[0])
    series = series_create(activity=meeting, rule="FREQ=MONTHLY;INTERVAL=6;COUNT=4", by=None, areas=[world.area]).series
    first, second, third, fourth = Activity.objects.filter(series=series).order_by("series_date")
    third.place = "Linköping"
    third.save()
    assert [a.pk for a in series_update(activity=third, scope=FOLLOWING, by=world.users[Role.COORDINATOR])] == [fourth.pk]
    places = list(Activity.objects.filter(series=series).order_by("series_date").values_list("place", flat=True))
    assert places == ["Palo Alto", "Palo Alto", "Linköping", "Linköping"]
    first.title_sv = "Vänortsmöte"
    first.save()
    series_update(activity=first, scope=ALL, by=None)
    assert set(Activity.objects.filter(series=series).values_list("title_sv", flat=True)) == {"Vänortsmöte"}


def test_the_form_lists_the_dates_before_it_creates_the_series(world, plans, client_for):
    current, following = plans
    client = client_for(world.users[Role.COORDINATOR])
    data = activity_post(world, plan=current.pk, planned_start="2025-08-20", repeat="yearly", repeat_count="3")
    response = client.post(reverse("plans:activity_create"), data)
    assert response.status_code == 400 and not Activity.objects.exists()
    text = response.content.decode()
    assert "2025-08-20, 2026-08-20" in text and "2027-08-20" in text and "Handlingsplan 2027" in text
    response = client.post(reverse("plans:activity_create"), {**data, "repeat_confirmed": "on", "repeat_next_plan": "on"}, follow=True)
    assert response.status_code == 200
    assert list(Activity.objects.order_by("planned_start").values_list("planned_start", "plan_id")) == [
        (datetime.date(2025, 8, 20), current.pk), (datetime.date(2026, 8, 20), current.pk), (datetime.date(2027, 8, 20), following.pk)]
    assert len({a.series_id for a in Activity.objects.all()}) == 1
    assert "2027-08-20" in " ".join(str(m) for m in response.context["messages"])


def test_the_series_form_takes_the_milestones_each_occurrence_gets(world, plans, client_for):
    current, _following = plans
    client = client_for(world.users[Role.COORDINATOR])
    data = activity_post(world, plan=current.pk, planned_start="2025-02-10", planned_end="2025-11-13", repeat="yearly",
                         repeat_count="2", progress_from_milestones="on",
                         new_milestones="2025-02-10 Planeringsmöte 1/2\n\n2025-08-18 Planeringsmöte 2/2")
    bad = client.post(reverse("plans:activity_create"), {**data, "new_milestones": "10 februari Planeringsmöte"},
                      HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and not Activity.objects.exists()
    assert "Line 1: give the due date as YYYY-MM-DD" in bad.content.decode()
    assert client.post(reverse("plans:activity_create"), data).status_code == 302
    occurrences = Activity.objects.order_by("planned_start")
    assert [list(a.milestones.values_list("due_on", "title", "done_on")) for a in occurrences] == [
        [(datetime.date(year, 2, 10), "Planeringsmöte 1/2", None), (datetime.date(year, 8, 18), "Planeringsmöte 2/2", None)]
        for year in (2025, 2026)]
    # The edit form adds none: the activity page does, one by one.
    page = client.get(reverse("plans:activity_edit", args=[occurrences[0].pk])).content.decode()
    assert 'name="new_milestones"' not in page


def test_the_edit_form_asks_how_far_the_change_goes(world, plans, client_for):
    meeting = mayors_meeting(world, plans[0])
    series = series_create(activity=meeting, rule="FREQ=YEARLY;COUNT=2", by=None, areas=[world.area]).series
    client = client_for(world.users[Role.COORDINATOR])
    page = client.get(reverse("plans:activity_edit", args=[meeting.pk]))
    assert "apply_to" in page.context["form"].fields and "repeat" not in page.context["form"].fields
    data = activity_post(world, plan=plans[0].pk, planned_start="2025-06-10", planned_end="2025-06-12", place="Stockholm",
                         expected_version=Activity.objects.get(pk=meeting.pk).version, apply_to=ALL, title_sv="Borgmästarmöte")
    response = client.post(reverse("plans:activity_edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(Activity.objects.filter(series=series).values_list("place", flat=True)) == {"Stockholm"}


def calendar_series(world, plans):
    """A public series of three (June, August, October 2026), the second moved to 20 August."""
    meeting = mayors_meeting(world, plans[0])
    meeting.is_public = True
    meeting.planned_start, meeting.planned_end = datetime.date(2026, 6, 10), datetime.date(2026, 6, 12)
    meeting.save()
    series = series_create(activity=meeting, rule="FREQ=MONTHLY;INTERVAL=2;COUNT=3", by=None, areas=[world.area]).series
    first, second, third = Activity.objects.filter(series=series).order_by("series_date")
    second.planned_start = datetime.date(2026, 8, 20)  # moved: its own dates, the rule's date as RECURRENCE-ID
    second.planned_end = None
    second.save()
    return series, (first, second, third)


def read_calendar(response):
    import icalendar

    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_the_calendars_carry_the_series_as_one_recurring_event(world, plans, client):
    series, _occurrences = calendar_series(world, plans)
    events = [e for e in read_calendar(client.get(reverse("publishing:calendar", args=[world.home.slug])))
              if str(e["uid"]).startswith("series-")]
    master = next(e for e in events if "RRULE" in e)
    assert master["rrule"].to_ical() == b"FREQ=MONTHLY;COUNT=3;INTERVAL=2"
    assert master.decoded("dtstart") == datetime.date(2026, 6, 10)
    assert "EXDATE" not in master
    overrides = sorted((e.decoded("recurrence-id"), e.decoded("dtstart")) for e in events if "RECURRENCE-ID" in e)
    assert overrides == [(datetime.date(2026, 6, 10), datetime.date(2026, 6, 10)), (datetime.date(2026, 8, 10), datetime.date(2026, 8, 20)),
                         (datetime.date(2026, 10, 10), datetime.date(2026, 10, 10))]
    assert {str(e["uid"]) for e in events} == {f"series-{series.pk}@testserver"}


def hidden_dates_absent(response, *, shown, hidden):
    """The file gives ``shown`` (start dates) as plain events of their own, and says nothing of ``hidden``:
    no rule that would produce it, no EXDATE, no RECURRENCE-ID, not a digit of it anywhere."""
    events = [e for e in read_calendar(response) if "Borgmästarmöte" in str(e["summary"])]
    assert sorted(e.decoded("dtstart") for e in events) == shown
    for event in events:
        assert not {"RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"} & set(event), event.to_ical()
        assert str(event["uid"]).startswith("activity-")
    assert hidden.strftime("%Y%m%d").encode() not in response.content


def test_an_occurrence_hidden_from_the_public_leaves_no_trace_in_the_public_calendar(world, plans, client):
    _series, (_first, _second, third) = calendar_series(world, plans)
    third.is_public = False
    third.save()
    hidden_dates_absent(client.get(reverse("publishing:calendar", args=[world.home.slug])),
                        shown=[datetime.date(2026, 6, 10), datetime.date(2026, 8, 20)], hidden=third.planned_start)
    hidden_dates_absent(client.get(reverse("publishing:partnership_calendar", args=[world.home.slug, world.partnership.pk])),
                        shown=[datetime.date(2026, 6, 10), datetime.date(2026, 8, 20)], hidden=third.planned_start)


def test_an_occurrence_hidden_from_the_owner_leaves_no_trace_in_a_private_calendar(world, plans, client):
    from vanort.publishing.models import CalendarToken

    series, (first, _second, _third) = calendar_series(world, plans)
    first.is_public = False  # the partner sees the public occurrences only; the coordinator all three
    first.save()
    partner = client.get(reverse("publishing:private_calendar", args=[CalendarToken.issue(world.users[Role.PARTNER])]))
    hidden_dates_absent(partner, shown=[datetime.date(2026, 8, 20), datetime.date(2026, 10, 10)], hidden=first.planned_start)
    coordinator = read_calendar(client.get(reverse("publishing:private_calendar", args=[CalendarToken.issue(world.users[Role.COORDINATOR])])))
    master = next(e for e in coordinator if "RRULE" in e)
    assert str(master["uid"]) == f"series-{series.pk}@testserver" and master.decoded("dtstart") == datetime.date(2026, 6, 10)
    assert len([e for e in coordinator if "RECURRENCE-ID" in e]) == 3


def test_the_plan_page_does_not_query_more_with_more_occurrences(world, plans, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users[Role.COORDINATOR])
    url = plans[0].get_absolute_url()

    def count():
        client.get(url)  # warm-up (session, caches)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    series_create(activity=mayors_meeting(world, plans[0]), rule="FREQ=YEARLY;COUNT=2", by=None, areas=[world.area])
    few = count()
    monthly = make_activity(world, title="Månadsmöte", organisation=world.unit, areas=[world.area], plan=plans[0],
                            start=datetime.date(2025, 1, 20))
    series_create(activity=monthly, rule="FREQ=MONTHLY;COUNT=20", by=None, areas=[world.area])
    assert Activity.objects.filter(plan=plans[0]).count() == 22
    assert count() == few


def test_the_form_counts_the_activity_itself_as_the_first_date(world, plans, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    data = activity_post(world, plan=plans[1].pk, planned_start="2027-08-10", repeat="yearly", repeat_count="2")
    response = client.post(reverse("plans:activity_create"), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "(2027-01-01 – 2027-12-31): 2027-08-10." in text and "utanför planen: 2028-08-10." in text

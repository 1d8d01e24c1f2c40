"""Time a 50-occurrence series and carrying a plan of 600 activities forward (issue 16: < 2 s each).

    DATABASE_URL=sqlite:////tmp/recurring.sqlite3 ./dev vanort migrate      # once
    DATABASE_URL=sqlite:////tmp/recurring.sqlite3 .venv/bin/python bench/recurring.py --rounds 3

Adds (once) a municipality ``bench-recurring`` with an organisation, a priority area, a
partnership and a five-year plan of 600 activities (each with a milestone and an estimated cost
line). Each round runs in one transaction that is rolled back afterwards, so rounds are alike:

* ``series``: ``series_create`` of a monthly series with 50 occurrences (all in the plan);
* ``carry``: ``plan_carry_forward`` of the 600 activities into a new draft plan.

Prints p50/max wall time in ms and the query count of each.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanort.settings")

ACTIVITIES = 600


class Rollback(Exception):
    pass


def setup_subject():
    from vanort.places.models import City
    from vanort.plans.models import ActionPlan, Activity, CostLine, Milestone
    from vanort.plans.services.costs import rebuild_cost_summary
    from vanort.registry.models import Partnership, PriorityArea
    from vanort.tenancy.models import Municipality, Organisation

    city, _ = City.objects.get_or_create(name="Benchby", country="SE", defaults={"time_zone": "Europe/Stockholm"})
    home, _ = Municipality.objects.get_or_create(slug="bench-recurring", defaults={"name": "Bench recurring", "city": city})
    org, _ = Organisation.objects.get_or_create(municipality=home, name="Bench unit", defaults={"kind": "administration"})
    area, _ = PriorityArea.objects.get_or_create(municipality=home, name="Bench area")
    partner, _ = City.objects.get_or_create(name="Partnerby", country="US", defaults={"time_zone": "America/New_York"})
    partnership, _ = Partnership.objects.get_or_create(municipality=home, partner_city=partner, defaults={"status": "active"})
    plan, created = ActionPlan.objects.get_or_create(
        municipality=home, partnership=partnership, title="Bench plan 2025–2029",
        defaults={"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2029, 12, 31)})
    if created:
        rows = [Activity(municipality=home, plan=plan, partnership=partnership, title=f"Activity {n}", kind="project",
                         responsible_organisation=org, status="planned", equality_marker=1, equality_text="Considered.",
                         planned_start=datetime.date(2025, 1, 1) + datetime.timedelta(days=n % 700)) for n in range(ACTIVITIES)]
        rows = Activity.objects.bulk_create(rows)
        Activity.priority_areas.through.objects.bulk_create(
            [Activity.priority_areas.through(activity_id=a.pk, priorityarea_id=area.pk) for a in rows])
        Milestone.objects.bulk_create([Milestone(activity=a, title="Call", due_on=a.planned_start) for a in rows])
        CostLine.objects.bulk_create([
            CostLine(municipality=home, activity=a, paying_organisation=org, cost_type="travel", estimated=100_00,
                     estimated_home=100_00, rate_date=a.planned_start, year=a.planned_start.year) for a in rows])
        rebuild_cost_summary(home.pk)
    return home, org, area, plan


def measure(label, fn, rounds):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    fn()
                    elapsed = time.perf_counter() - started
                    raise Rollback
            except Rollback:
                pass
        times.append(elapsed * 1000)
        queries = len(captured)
    print(f"{label:8} p50 {statistics.median(times):8.0f} ms   max {max(times):8.0f} ms   {queries} queries")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from vanort.plans.models import Activity
    from vanort.plans.services.activities import activity_save
    from vanort.plans.services.carry import plan_carry_forward
    from vanort.plans.services.series import series_create

    home, org, area, plan = setup_subject()

    def series():
        first = Activity(municipality=home, plan=plan, title="Monthly call", kind="conference", responsible_organisation=org,
                         status="planned", equality_marker=1, equality_text="Considered.", planned_start=datetime.date(2025, 1, 15))
        activity_save(activity=first, by=None, areas=[area], expected_version=None)
        result = series_create(activity=first, rule="FREQ=MONTHLY;INTERVAL=1;COUNT=50", by=None, areas=[area])
        assert len(result.created) == 49, len(result.created)

    def carry():
        new = plan_carry_forward(plan=plan, by=None, title="Bench plan 2030–2034", period_start=datetime.date(2030, 1, 1),
                                 period_end=datetime.date(2034, 12, 31))
        assert new.activities.count() == ACTIVITIES

    measure("series", series, args.rounds)
    measure("carry", carry, args.rounds)


if __name__ == "__main__":
    main()

"""Fill a database with realistic synthetic data for the speed measurements.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python bench/generate.py
    DATABASE_URL=postgres://bench:bench@127.0.0.1/bench python bench/generate.py

Makes ``--municipalities`` home municipalities (default 3). Each gets ``--activities`` activities
(default 20,000) with ``--costs`` cost lines in all (default 80,000), 40 organisations, 8 priority
areas, 5 partnerships, a network, 6 years of action plans, participation for finished activities,
and a coordinator ``bench-<slug>`` (password ``bench-password-123``). The *first* municipality is
the one measured; the others are there so that every query must find its tenant among others'
rows. Everything goes in with ``bulk_create`` and respects the models' constraints. Migrates first;
refuses to run on a database that already holds activities (unless ``--force``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanort.settings")

AREAS = [("Smart stad", "Smart city"), ("Utbildning", "Education"), ("Kultur", "Culture"), ("Klimat och miljö", "Climate and environment"),
         ("Näringsliv", "Business"), ("Demokrati", "Democracy"), ("Hälsa", "Health"), ("Ungdom", "Youth")]
ORG_KINDS = ["administration", "committee", "office", "company", "university", "association", "business", "public_body"]
UNITS = ["Utbildningsförvaltningen", "Kultur- och fritidsförvaltningen", "Miljöförvaltningen", "Tekniska förvaltningen",
         "Socialförvaltningen", "Kommunstyrelsen", "Näringslivskontoret", "Internationella funktionen", "Stadsbyggnadskontoret",
         "Räddningstjänsten"]
PARTNER_CITIES = [("Palo Alto", "US"), ("Enschede", "NL"), ("Tammerfors", "FI"), ("Kaunas", "LT"), ("Lublin", "PL"),
                  ("Gent", "BE"), ("Odense", "DK"), ("Trondheim", "NO")]
WORDS = ["elevutbyte", "studieresa", "workshop", "seminarium", "konferens", "projektmöte", "kulturfestival", "delegation",
         "webbinarium", "praktik", "forskningssamarbete", "ungdomsläger", "lärarutbyte", "hållbarhet", "innovation"]
PLACES = ["Linköping", "Palo Alto", "Enschede", "Tammerfors", "Kaunas", "Lublin", "Bryssel", "Online", ""]
KINDS = ["visit_out", "visit_in", "delegation", "student_exchange", "youth_exchange", "staff_exchange", "project", "conference",
         "culture", "other"]
COST_TYPES = ["travel", "accommodation", "project", "fees", "other"]
FIRST_YEAR, YEARS = 2020, 6


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=3)
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--costs", type=int, default=80_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="add even if activities exist")
    parser.add_argument("--no-migrate", action="store_true", help="the caller has migrated")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    from vanort.plans.models import Activity

    if Activity.objects.exists() and not args.force:
        sys.exit("The database already holds activities; use an empty database (or --force).")
    rng = random.Random(args.seed)
    with transaction.atomic():
        cities = make_cities()
        for number in range(args.municipalities):
            slug = "bench" if number == 0 else f"bench-{number}"
            make_municipality(rng, slug, number, cities, args.activities, args.costs)
            print(f"  {slug}: done at {time.perf_counter() - started:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.1f} s on {connection.vendor}.")


def make_cities():
    from vanort.places.models import City

    home = [City(name=f"Hemstad {i}", country="SE", time_zone="Europe/Stockholm") for i in range(10)]
    partners = [City(name=name, country=country, time_zone="Europe/Stockholm") for name, country in PARTNER_CITIES]
    return City.objects.bulk_create(home), City.objects.bulk_create(partners)


def make_municipality(rng, slug, number, cities, n_activities, n_costs):
    from django.contrib.auth.hashers import make_password

    from vanort.accounts.models import User
    from vanort.plans.models import ActionPlan, Activity, CostLine, ExchangeRate, Participation
    from vanort.registry.models import Network, Partnership, PriorityArea
    from vanort.tenancy.models import Municipality, Organisation

    home_cities, partner_cities = cities
    municipality = Municipality.objects.create(name=f"Bench {number}", slug=slug, city=home_cities[number % len(home_cities)])
    orgs = [Organisation(municipality=municipality, name=name, kind="administration") for name in UNITS]
    orgs += [Organisation(municipality=municipality, name=f"Partnerorganisation {i}", kind=rng.choice(ORG_KINDS),
                          is_public=rng.random() < 0.8) for i in range(30)]
    orgs = Organisation.objects.bulk_create(orgs)
    areas = PriorityArea.objects.bulk_create([
        PriorityArea(municipality=municipality, name=sv, name_sv=sv, name_en=en, position=i) for i, (sv, en) in enumerate(AREAS)
    ])
    partnerships = Partnership.objects.bulk_create([
        Partnership(municipality=municipality, partner_city=city, category="cooperation", status="active", start_year=1990 + i)
        for i, city in enumerate(partner_cities[:5])
    ])
    network = Network.objects.create(municipality=municipality, name="Smart City Alliance", name_sv="Smart City Alliance")
    plans = []
    for partnership in partnerships:
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            title = f"Handlingsplan {partnership.partner_city.name} {year}"
            plans.append(ActionPlan(municipality=municipality, partnership=partnership, title=title, title_sv=title,
                                    title_en=f"Action plan {partnership.partner_city.name} {year}",
                                    period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31),
                                    status="closed" if year < FIRST_YEAR + YEARS - 1 else "adopted"))
    plans = ActionPlan.objects.bulk_create(plans)
    ExchangeRate.objects.bulk_create([
        ExchangeRate(municipality=municipality, currency=currency, valid_from=datetime.date(FIRST_YEAR, 1, 1), rate=rate)
        for currency, rate in (("EUR", "11.2"), ("USD", "10.4"))
    ])
    User.objects.create(username=f"bench-{slug}" if slug != "bench" else "bench", municipality=municipality, organisation=orgs[7],
                        role="coordinator", password=make_password("bench-password-123", hasher="pbkdf2_sha256"))

    activities = []
    for i in range(n_activities):
        plan = rng.choice(plans) if rng.random() < 0.85 else None
        year = plan.period_start.year if plan else rng.randrange(FIRST_YEAR, FIRST_YEAR + YEARS)
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(350))
        end = start + datetime.timedelta(days=rng.randrange(0, 14))
        past = year < FIRST_YEAR + YEARS - 1
        status = rng.choices(["done", "cancelled"], [9, 1])[0] if past else rng.choice(["proposed", "planned", "ongoing"])
        marker = None if status in ("proposed", "cancelled") and rng.random() < 0.5 else rng.choice([0, 1, 2])
        title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {i}"
        activities.append(Activity(
            municipality=municipality, plan=plan, partnership_id=plan.partnership_id if plan else None,
            network=network if plan is None and rng.random() < 0.3 else None,
            title=title, title_sv=title, title_en=f"Activity {i}", kind=rng.choice(KINDS),
            responsible_organisation=rng.choice(orgs[:10]) if rng.random() < 0.8 else rng.choice(orgs),
            planned_start=start, planned_end=end, actual_start=start if status == "done" else None,
            actual_end=end if status == "done" else None, place=rng.choice(PLACES), status=status,
            progress=100 if status == "done" else rng.randrange(0, 90, 10),
            goals="Öka kunskapsutbytet mellan städerna.", outcome="Genomfört enligt plan." if status == "done" else "",
            equality_marker=marker, equality_text="Jämn könsfördelning eftersträvas." if marker is not None else "",
            is_public=rng.random() < 0.6,
        ))
    activities = Activity.objects.bulk_create(activities, batch_size=2000)

    area_links = Activity.priority_areas.through
    org_links = Activity.participating_organisations.through
    area_rows, org_rows = [], []
    for activity in activities:
        for area in rng.sample(areas, rng.choice([1, 1, 2, 3])):
            area_rows.append(area_links(activity_id=activity.pk, priorityarea_id=area.pk))
        for org in rng.sample(orgs, rng.choice([0, 0, 1, 2])):
            org_rows.append(org_links(activity_id=activity.pk, organisation_id=org.pk))
    area_links.objects.bulk_create(area_rows, batch_size=5000)
    org_links.objects.bulk_create(org_rows, batch_size=5000)

    rates = {"SEK": 1, "EUR": 11.2, "USD": 10.4}
    costs = []
    for i in range(n_costs):
        activity = activities[i % len(activities)] if i < len(activities) else rng.choice(activities)
        currency = rng.choices(["SEK", "EUR", "USD"], [8, 1, 1])[0]
        estimated = rng.randrange(500, 200_000) * 100 + rng.choice([0, 50])
        actual = None if activity.status != "done" else int(estimated * rng.uniform(0.7, 1.2))
        rate_date = activity.actual_start or activity.planned_start
        costs.append(CostLine(
            municipality=municipality, activity_id=activity.pk,
            paying_organisation=activity.responsible_organisation if rng.random() < 0.7 else rng.choice(orgs),
            cost_type=rng.choice(COST_TYPES), currency=currency, estimated=estimated, actual=actual, rate_date=rate_date,
            estimated_home=round(estimated * rates[currency]), actual_home=None if actual is None else round(actual * rates[currency]),
            year=rate_date.year,
        ))
    CostLine.objects.bulk_create(costs, batch_size=5000)
    from vanort.plans.services.costs import rebuild_cost_summary

    rebuild_cost_summary(municipality.pk)  # bulk_create skips the services that keep the summaries

    participation = []
    for activity in activities:
        if activity.status == "done" and rng.random() < 0.7:
            women, men, other = rng.randrange(0, 20), rng.randrange(0, 20), rng.randrange(0, 2)
            total = women + men + other
            young = rng.randrange(0, total + 1)
            mid = rng.randrange(0, total - young + 1)
            participation.append(Participation(activity_id=activity.pk, total=total, women=women, men=men, other_gender=other,
                                               under_18=young, age_18_29=mid, age_30_plus=total - young - mid))
    Participation.objects.bulk_create(participation, batch_size=5000)


if __name__ == "__main__":
    main()

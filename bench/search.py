"""Time the site-wide search on a generated database (``bench/generate.py``), in-process.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python bench/search.py --rebuild
    DATABASE_URL=postgres://bench:bench@127.0.0.1/bench python bench/search.py --rebuild

The generator writes with ``bulk_create``, which reaches no signal, so ``--rebuild`` first runs
``vanort rebuild-search`` (timed). Then each query is searched ``--rounds`` times as the measured
municipality's coordinator (``--user``, default ``bench``) and as the anonymous public, through
the same selector the page calls (the gate, counts per group, the first page, highlighting),
and the median and 95th percentile are printed. Goals: p95 ≤ 100 ms on PostgreSQL, ≤ 200 ms on
SQLite, on host-scale data.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanort.settings")

QUERIES = ["elevutbyte", "Palo Alto", "hållbarhet innovation", "konf", "KS 2017-494", "utbildningsförvaltningen"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--user", default="bench")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index first (timed)")
    return parser.parse_args()


def main():
    args = parse_args()
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from vanort.accounts.models import User
    from vanort.plans.models import Activity
    from vanort.search.index import rebuild
    from vanort.search.models import SearchEntry
    from vanort.search.selectors import search

    if args.rebuild:
        started = time.perf_counter()
        counts = rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"rebuild-search: {sum(counts.values())} records in {time.perf_counter() - started:.1f} s")
    print(f"{connection.vendor}: {Activity.objects.count()} activities, {SearchEntry.objects.count()} index entries")
    people = {"coordinator": User.objects.get(username=args.user), "anonymous": AnonymousUser()}
    print(f"{'query':<28} {'as':<12} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8}")
    worst = 0.0
    for query in QUERIES:
        for who, user in people.items():
            times = []
            for round_ in range(args.warmup + args.rounds):
                started = time.perf_counter()
                found = search(user, query)
                elapsed = (time.perf_counter() - started) * 1000
                if round_ >= args.warmup:
                    times.append(elapsed)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            worst = max(worst, p95)
            print(f"{query:<28} {who:<12} {found.total:>6} {statistics.median(times):>8.1f} {p95:>8.1f}")
    print(f"worst p95: {worst:.1f} ms (goal ≤ {100 if connection.vendor == 'postgresql' else 200} ms)")


if __name__ == "__main__":
    main()

"""Import a large activity file (default 50,000 rows) while another user saves, and time both.

    DATABASE_URL=sqlite:////tmp/imports.sqlite3 python bench/imports.py --rows 50000
    DATABASE_URL=postgres://dev:dev@127.0.0.1:5432/vanort_imports python bench/imports.py --rows 50000

Migrates, loads the demo into an empty database, writes a CSV of ``--rows`` rows (one activity and
one cost line each, keys ``BENCH-…``: a re-run updates nothing and reports them unchanged unless
``--fresh-keys``), and imports it with ``import_activities`` — what the background task runs — as
the demo coordinator. Meanwhile a second thread (its own database connection) saves a demo
activity as a unit editor every ``--every`` seconds through ``activity_save``, as the edit page
does, and times each save. Prints the import's phases (reading and validating, writing) and the
saves' p50 / p95 / max; the target (issue 18) is every save under 1 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanort.settings")


def write_file(path: Path, rows: int, prefix: str) -> None:
    from vanort.plans.services.imports import COLUMNS

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for i in range(rows):
            values = {"key": f"{prefix}{i:06}", "title_sv": f"Importerad aktivitet {i}", "kind": "project", "status": "proposed",
                      "responsible_organisation": "Utbildningsförvaltningen", "priority_areas": "Utbyte inom skolan",
                      "planned_start": f"2026-{1 + i % 12:02}-{1 + i % 28:02}", "cost_paid_by": "Utbildningsförvaltningen",
                      "cost_type": "travel", "cost_currency": "SEK", "cost_estimated": str(1000 + i % 5000)}
            writer.writerow([values.get(column, "") for column in COLUMNS])


def saver(stop: threading.Event, every: float, latencies: list[float], failures: list[str]) -> None:
    from django.db import connection

    from vanort.accounts.models import User
    from vanort.plans.models import Activity
    from vanort.plans.services.activities import activity_save

    editor = User.objects.get(username="enhet")
    try:
        while not stop.wait(every):
            activity = Activity.objects.filter(responsible_organisation=editor.organisation).exclude(import_key__startswith="BENCH")\
                .order_by("pk").first()
            activity.place = f"Plats {len(latencies)}"
            started = time.monotonic()
            try:
                activity_save(activity=activity, by=editor, areas=list(activity.priority_areas.all()), expected_version=activity.version)
            except Exception as error:  # counted, not fatal: the figure is what matters
                failures.append(f"{type(error).__name__}: {error}")
            latencies.append(time.monotonic() - started)
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between the other user's saves")
    parser.add_argument("--fresh-keys", action="store_true", help="new keys: create the activities again")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from vanort.accounts.models import User
    from vanort.plans.services.imports import import_activities
    from vanort.tenancy.models import Municipality

    call_command("migrate", verbosity=0)
    if not Municipality.objects.exists():
        call_command("loaddemo", verbosity=0)
    coordinator = User.objects.get(username="samordnare")
    prefix = f"BENCH-{uuid.uuid4().hex[:6]}-" if args.fresh_keys else "BENCH-"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        write_file(path, args.rows, prefix)
        print(f"{connection.vendor}: {args.rows} rows, {path.stat().st_size / 1024 / 1024:.1f} MB; load average {os.getloadavg()}")
        stop, latencies, failures, phases = threading.Event(), [], [], {}
        other = threading.Thread(target=saver, args=(stop, args.every, latencies, failures))
        other.start()
        started = time.monotonic()

        def progress(done, total):
            phases.setdefault("validated", time.monotonic() - started)
            if done == total or done * 10 // total > phases.setdefault("tenths", 0):  # each tenth once
                phases["tenths"] = done * 10 // total
                print(f"  written {done}/{total} after {time.monotonic() - started:.0f} s", flush=True)

        try:
            with path.open("rb") as upload:
                result = import_activities(upload, user=coordinator, progress=progress)
        finally:
            stop.set()
            other.join()
        total = time.monotonic() - started
    print(f"import: {'ok' if result.ok else result.errors[:5]}; {result.created} created, {result.updated} updated, "
          f"{result.unchanged} unchanged, {result.cost_lines} cost lines")
    print(f"  {total:.1f} s in all; reading and validating + first batch {phases.get('validated', total):.1f} s")
    if latencies:
        ordered = sorted(latencies)
        print(f"other user's saves: {len(ordered)}, p50 {statistics.median(ordered) * 1000:.0f} ms, "
              f"p95 {ordered[int(0.95 * (len(ordered) - 1))] * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms, failed {len(failures)}")
    for failure in failures[:5]:
        print("  ", failure)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()

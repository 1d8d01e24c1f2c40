"""Time the follow-up report of the bench municipality (20,000 activities): web page, Word, PDF.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python bench/generate.py      # once
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python bench/reports.py --rounds 5

Adds (once) a governing document in force with the first three priority areas of the ``bench``
municipality, and a board member ``bench-board``. Measures in-process:

* ``web``: the report page through Django's test client (the view, its queries and the template);
* ``docx`` and ``pdf``: what the background task does — the report's data plus the file;
* ``xlsx`` (appendix with every underlying row), for information: always a background job at this size.

Prints p50/max wall time and p50 CPU time (``time.process_time``; the wall time grows with the
machine's load, the CPU time much less) in ms, the size and the query count of each. Targets (issue 4): web < 1 s,
Word < 2 s, PDF < 5 s.
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


def setup_subject():
    from vanort.accounts.models import User
    from vanort.core.roles import Role
    from vanort.governance.models import GoverningDocument
    from vanort.registry.models import PriorityArea
    from vanort.tenancy.models import Municipality, Organisation

    municipality = Municipality.objects.get(slug="bench")
    document, created = GoverningDocument.objects.get_or_create(
        municipality=municipality, title="Bench strategy", defaults={"adopted_on": datetime.date(2017, 12, 4)},
    )
    if created:
        document.priority_areas.set(PriorityArea.objects.filter(municipality=municipality).order_by("position", "pk")[:3])
    board = User.objects.filter(username="bench-board").first()
    if board is None:
        board = User(username="bench-board", municipality=municipality, role=Role.BOARD,
                     organisation=Organisation.objects.filter(municipality=municipality).order_by("pk").first())
        board.set_unusable_password()
        board.save()
    return document, board


def measure(label, fn, rounds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up
    times, cpu, size = [], [], 0
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        size = len(fn())
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    # CPU time (this process) is what the work costs; wall time grows with the machine's load.
    print(f"{label:<28} p50 {statistics.median(times):7.0f} ms   max {max(times):7.0f} ms   "
          f"CPU p50 {statistics.median(cpu):7.0f} ms   {size / 1024:7.0f} KiB   {len(queries):3d} queries")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--year", type=int, default=2022, help="election year starting the term of office")
    parser.add_argument("--xlsx", action="store_true", help="also time the Excel appendix")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from vanort.reports import render, selectors

    settings.ALLOWED_HOSTS = ["*"]
    document, board = setup_subject()
    client = Client()
    client.force_login(board)
    url = reverse("reports:followup", args=[document.pk, args.year])
    spec = selectors.follow_up_spec(board, document, args.year)
    with translation.override("sv"):
        print(f"{spec.title} — {spec.subtitle}: {selectors.count_activities(board, spec)} activities in the report")

        def page():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response.content

        def file(fmt):
            return lambda: render.render_file(selectors.build_report(board, selectors.follow_up_spec(board, document, args.year)), fmt)

        measure("web page", page, args.rounds)
        measure("report data only", lambda: [1] * len(list(selectors.build_report(board, spec).tables)), args.rounds)
        measure("Word (data + docx)", file("docx"), args.rounds)
        measure("PDF (data + WeasyPrint)", file("pdf"), args.rounds)
        if args.xlsx:
            measure("Excel appendix (all rows)", file("xlsx"), max(1, args.rounds // 2))


if __name__ == "__main__":
    main()

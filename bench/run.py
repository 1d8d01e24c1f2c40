"""Time the activity list, an action plan page and the cost totals for the generated municipality.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python bench/run.py
    DATABASE_URL=postgres://bench:bench@127.0.0.1/bench python bench/run.py --rounds 100

By default the pages are served by gunicorn (2 sync workers, ``127.0.0.1`` only, debug off) and
fetched over one kept-alive HTTP connection as the municipality's coordinator ``bench``;
``--client`` uses Django's test client in this process instead. Pages are fetched interleaved,
after ``--warmup`` untimed rounds; the report gives p50/p95/max in milliseconds, the response
size and (in a separate pass through the test client) the number of SQL queries per page.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanort.settings")
os.environ.setdefault("VANORT_DEBUG", "false")
os.environ.setdefault("VANORT_DB_CONN_MAX_AGE", "600")  # as in production: connections are reused
os.environ.setdefault("VANORT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

TARGET_MS = 150


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--client", action="store_true", help="Django's test client in-process instead of gunicorn")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--user", default="bench")
    return parser.parse_args()


def pages(user):
    """(label, path) of the measured pages, resolved by URL name."""
    from django.urls import reverse

    from vanort.plans.models import ActionPlan

    plan = (ActionPlan.objects.filter(municipality=user.municipality_id).order_by("-period_start", "pk").first())
    return [
        ("activity list (page 1, 50 rows)", reverse("plans:activity_list")),
        ("activity list, filtered (status=done, year)", reverse("plans:activity_list") + f"?status=done&year={plan.period_start.year - 1}"),
        ("action plan page (largest plan)", reverse("plans:actionplan_detail", args=[largest_plan(user)])),
        ("cost totals (all years)", reverse("plans:cost_totals")),
        ("cost totals (one year)", reverse("plans:cost_totals") + f"?year={plan.period_start.year - 1}"),
    ]


def largest_plan(user):
    from django.db.models import Count

    from vanort.plans.models import ActionPlan

    return (ActionPlan.objects.filter(municipality=user.municipality_id).annotate(n=Count("activities"))
            .order_by("-n", "pk").values_list("pk", flat=True).first())


def session_cookie(user) -> str:
    """A logged-in session for ``user``, stored where the server will look for it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(workers: int):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "vanort.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--worker-class", "sync", "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(),
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not start")


def fetch_http(port, cookie):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def fetch(path):
        connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1", "Accept-Language": "sv"})
        response = connection.getresponse()
        body = response.read()
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
        return response.status, len(body)

    return fetch


def fetch_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)

    def fetch(path):
        response = client.get(path)
        return response.status_code, len(response.content)

    return fetch


def count_queries(user, paths):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    counts = {}
    for label, path in paths:
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        counts[label] = len(captured)
    return counts


def main():
    args = parse_args()
    import django

    django.setup()
    from django.db import connection

    from vanort.accounts.models import User

    user = User.objects.select_related("municipality").get(username=args.user)
    paths = pages(user)
    queries = count_queries(user, paths)
    server = None
    if args.client:
        fetch = fetch_client(user)
        mode = "Django test client, in-process"
    else:
        cookie = session_cookie(user)
        server, port = start_gunicorn(args.workers)
        fetch = fetch_http(port, cookie)
        mode = f"gunicorn, {args.workers} sync workers, 127.0.0.1"
    try:
        timings = {label: [] for label, _ in paths}
        cpu = {label: [] for label, _ in paths}  # in-process only: this process's CPU time per request
        sizes = {}
        load_before = os.getloadavg()[0]
        for round_number in range(args.warmup + args.rounds):
            for label, path in paths:
                started, started_cpu = time.perf_counter(), time.process_time()
                status, size = fetch(path)
                elapsed = (time.perf_counter() - started) * 1000
                elapsed_cpu = (time.process_time() - started_cpu) * 1000
                if status != 200:
                    sys.exit(f"{path}: HTTP {status}")
                sizes[label] = size
                if round_number >= args.warmup:
                    timings[label].append(elapsed)
                    cpu[label].append(elapsed_cpu)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)

    from vanort.plans.models import Activity, CostLine

    n_activities = Activity.objects.filter(municipality=user.municipality_id).count()
    n_costs = CostLine.objects.filter(municipality=user.municipality_id).count()
    print(f"{connection.vendor}; {mode}; municipality {user.municipality.slug}: {n_activities} activities, {n_costs} cost lines; "
          f"{Activity.objects.count()} activities in all; {args.rounds} rounds; "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    cpu_head = " CPU p50 ms |" if args.client else ""
    print(f"| page | p50 ms | p95 ms | max ms |{cpu_head} queries | KiB | under {TARGET_MS} ms (p95) |")
    print("|---|---|---|---|" + ("---|" if args.client else "") + "---|---|---|")
    for label, path in paths:
        values = sorted(timings[label])
        p50 = statistics.median(values)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        ok = "yes" if p95 < TARGET_MS else "NO"
        cpu_cell = f" {statistics.median(cpu[label]):.1f} |" if args.client else ""
        print(f"| {label} `{path}` | {p50:.1f} | {p95:.1f} | {values[-1]:.1f} |{cpu_cell} {queries[label]} | {sizes[label] // 1024} | {ok} |")


if __name__ == "__main__":
    main()

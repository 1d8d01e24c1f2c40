"""Load test: many simulated people of every role at once against gunicorn, with locust.

    DATABASE_URL=postgres://dev:dev@127.0.0.1:5432/vanort_load python bench/load.py --minutes 5 --users 50
    DATABASE_URL=sqlite:////tmp/load.sqlite3 python bench/load.py --seconds 10 --users 5 --activities 300 --costs 1200

Prepares the database if needed (migrate; ``vanort loaddemo`` into an empty database; then
``bench/generate.py`` municipalities unless the ``bench`` municipality exists), adds the load's own
users (unit editors, a board member, API tokens; never an admin), creates a signed-in session for
every simulated person, starts gunicorn (``127.0.0.1`` only, debug off), runs locust headless for
the given time (``bench/locustfile.py``, as a subprocess), stops gunicorn, and prints and writes
(``bench/results/load-<engine>-<time>.md`` and ``.csv``) the error count and the median and
95th-percentile latency per page kind. Exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanort.settings")
os.environ.setdefault("VANORT_DEBUG", "false")
os.environ.setdefault("VANORT_DB_CONN_MAX_AGE", "600")  # as in production: connections are reused
os.environ.setdefault("VANORT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault(
    "VANORT_EMAIL_URL", "locmem://"
)  # visit notices mail the office; keep it in memory

import generate  # noqa: E402  (bench/generate.py: the generated municipalities)
from run import session_cookie, start_gunicorn  # noqa: E402  (bench/run.py: same server, same sessions)

EDITOR_PREFIX = "load-editor-"
BOARD = "load-board"
PARTNER = "load-partner"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seconds", type=int, help="run time in seconds (instead of --minutes)")
    parser.add_argument("--users", type=int, default=50, help="simulated people at once")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="people started per second")
    parser.add_argument(
        "--think",
        default="5-15",
        help="seconds each person spends on a page, min-max (default 5-15)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument(
        "--municipalities", type=int, default=2, help="generated municipalities (bench/generate.py)"
    )
    parser.add_argument(
        "--activities", type=int, default=5_000, help="activities per generated municipality"
    )
    parser.add_argument(
        "--costs", type=int, default=20_000, help="cost lines per generated municipality"
    )
    parser.add_argument(
        "--no-demo",
        action="store_true",
        help="do not load the demo into an empty database (faster; CI)",
    )
    parser.add_argument("--imports", type=int, default=0, metavar="ROWS",
                        help="one coordinator also imports a file of ROWS activities now and then (a background job; "
                             "starts the task worker)")
    parser.add_argument("--import-every", type=float, default=60.0, help="seconds between the imports")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args(argv)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- Data ------------------------------------------------------------------------------------------


def prepare_data(args):
    from django.core.management import call_command

    from vanort.tenancy.models import Municipality

    call_command("migrate", verbosity=0)
    if not args.no_demo and not Municipality.objects.exists():
        print("Loading the demo …", flush=True)
        call_command("loaddemo", verbosity=0)
    if not Municipality.objects.filter(slug="bench").exists():
        print(f"Generating {args.municipalities} × {args.activities} activities …", flush=True)
        generate.main(
            [
                "--force",
                "--no-migrate",
                "--municipalities",
                str(args.municipalities),
                "--activities",
                str(args.activities),
                "--costs",
                str(args.costs),
            ]
        )


def load_users():
    """The load's own people in the generated ``bench`` municipality: a unit editor per unit, a board
    member, a partner contributor."""
    from django.contrib.auth.hashers import make_password

    from vanort.accounts.models import User
    from vanort.tenancy.models import Municipality, Organisation

    bench = Municipality.objects.get(slug="bench")
    units = Organisation.objects.filter(municipality=bench, kind="administration").order_by("pk")
    partners = Organisation.objects.filter(municipality=bench).exclude(kind="administration")
    people = [
        (f"{EDITOR_PREFIX}{number}", unit, "unit_editor") for number, unit in enumerate(units)
    ]
    people.append((BOARD, units.filter(name="Kommunstyrelsen").first() or units.first(), "board"))
    people.append((PARTNER, partners.order_by("pk").first(), "partner"))
    password = make_password(None)  # unusable: the load signs in by session, never by password
    for username, organisation, role in people:
        defaults = {
            "municipality": bench,
            "organisation": organisation,
            "role": role,
            "password": password,
        }
        User.objects.get_or_create(username=username, defaults=defaults)


# --- What each simulated person visits ------------------------------------------------------------------


def public_pages(home) -> list[list[str]]:
    from django.urls import reverse

    from vanort.publishing import selectors

    slug = home.slug
    pages = [
        ["public start page", reverse("publishing:index")],
        ["public municipality page", reverse("publishing:municipality", args=[slug])],
        ["public news list", reverse("publishing:news_list", args=[slug])],
        ["public news feed", reverse("publishing:news_feed", args=[slug])],
        ["public activity feed", reverse("publishing:activity_feed", args=[slug])],
        ["public calendar", reverse("publishing:calendar", args=[slug])],
        ["open data page", reverse("publishing:open_data", args=[slug])],
        [
            "open data export (activities.csv)",
            reverse("publishing:export", args=[slug, "activities", "csv"]),
        ],
        [
            "open data export (partnerships.json)",
            reverse("publishing:export", args=[slug, "partnerships", "json"]),
        ],
    ]
    for pk in selectors.partnerships(home).values_list("pk", flat=True)[:3]:
        pages.append(
            ["public partnership page", reverse("publishing:partnership", args=[slug, pk])]
        )
    for pk in selectors.activities(home).order_by("-pk").values_list("pk", flat=True)[:5]:
        pages.append(["public activity page", reverse("publishing:activity", args=[slug, pk])])
    return pages


def staff_pages(user) -> list[list[str]]:
    """Pages every municipality reader uses, resolved for ``user``'s municipality."""
    from django.urls import reverse

    from vanort.plans.models import ActionPlan

    plans = ActionPlan.objects.filter(municipality=user.municipality_id).order_by(
        "-period_start", "pk"
    )
    year = plans.first().period_start.year
    activities = reverse("plans:activity_list")
    pages = [
        ["dashboard", reverse("home")],
        ["activity list", activities],
        ["activity list, filtered", f"{activities}?status=done&year={year - 1}"],
        ["activity list, page 3", f"{activities}?page=3"],
        ["action plan list", reverse("plans:actionplan_list")],
        ["reports", reverse("reports:index")],
        ["annual report page", reverse("reports:annual", args=[year - 1])],
    ]
    pages += [
        ["action plan page", reverse("plans:actionplan_detail", args=[pk])]
        for pk in plans.values_list("pk", flat=True)[:4]
    ]
    return pages


def coordinator_pages(user) -> list[list[str]]:
    from django.urls import reverse

    return staff_pages(user) + [
        ["cost totals", reverse("plans:cost_totals")],
        [
            "cost totals, one year",
            reverse("plans:cost_totals") + f"?year={datetime.date.today().year - 2}",
        ],
        ["visit notice list", reverse("plans:visitnotice_list")],
        ["inbox", reverse("plans:inbox")],
    ]


def board_pages(user) -> list[list[str]]:
    from django.urls import reverse

    from vanort.governance.models import GoverningDocument

    pages = staff_pages(user)
    for document in GoverningDocument.objects.filter(municipality=user.municipality_id).order_by(
        "pk"
    )[:1]:
        pages.append(
            [
                "follow-up report page",
                reverse("reports:followup", args=[document.pk, datetime.date.today().year - 1]),
            ]
        )
    return pages


def editable_activities(user, limit=20) -> list[list[str]]:
    """(page, edit form) of activities ``user``'s organisation is responsible for and still runs."""
    from django.urls import reverse

    from vanort.plans.models import Activity

    pks = (
        Activity.objects.filter(
            municipality=user.municipality_id,
            responsible_organisation=user.organisation_id,
            status__in=["planned", "ongoing"],
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return [
        [reverse("plans:activity_detail", args=[pk]), reverse("plans:activity_edit", args=[pk])]
        for pk in pks
    ]


def api_paths(user) -> list[list[str]]:
    from django.urls import reverse

    from vanort.core.permissions import restrict
    from vanort.plans.models import Activity

    pk = restrict(Activity.objects.all(), user).order_by("-pk").values_list("pk", flat=True).first()
    return [
        ["api: activities", reverse("api:activity-list")],
        ["api: activity", reverse("api:activity-detail", args=[pk])],
        ["api: action plans", reverse("api:actionplan-list")],
        ["api: partnerships", reverse("api:partnership-list")],
        ["api: cost lines", reverse("api:costline-list")],
        ["api: visit notices", reverse("api:visitnotice-list")],
    ]


def importer_identity(rows: int) -> dict:
    """The demo coordinator with an activity file of ``rows`` rows whose keys the locustfile makes fresh each time."""
    from django.urls import reverse
    from imports import write_file  # bench/imports.py: the same file as the import benchmark

    from vanort.accounts.models import User

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "load.csv"
        write_file(path, rows, "LOADKEY-")
        text = path.read_text(encoding="utf-8")
    user = User.objects.get(username="samordnare")
    return {"username": user.username, "cookie": session_cookie(user), "pages": [], "csv": text,
            "import_form": reverse("plans:activity_import")}


def build_plan(import_rows: int = 0) -> dict:
    """Who the simulated people are: per role, a list of identities (session or token) with their pages."""
    from django.urls import reverse

    from vanort.accounts.models import User
    from vanort.api.models import ApiToken
    from vanort.tenancy.models import Municipality

    users = User.objects.select_related("municipality").filter(is_active=True).exclude(role="admin")
    coordinators = list(
        users.filter(role="coordinator").filter(username__in=["samordnare", "bench"])
    )
    boards = list(users.filter(role="board").filter(username__in=["styrelse", BOARD]))
    editors = list(
        users.filter(role="unit_editor").filter(username__startswith=EDITOR_PREFIX)
    ) + list(users.filter(username="enhet"))
    partners = list(users.filter(role="partner", username__in=["partner", PARTNER]))

    def identity(user, pages, **extra):
        return {"username": user.username, "cookie": session_cookie(user), "pages": pages, **extra}

    plan = {
        "public": [
            {"pages": public_pages(home)}
            for home in Municipality.objects.filter(slug__in=["bench", "linkoping"]).order_by("pk")
        ],
        "coordinator": [identity(user, coordinator_pages(user)) for user in coordinators],
        "board": [identity(user, board_pages(user)) for user in boards],
        "editor": [
            identity(
                user,
                [
                    ["activity list", reverse("plans:activity_list")],
                    ["visit notice list", reverse("plans:visitnotice_list")],
                    ["dashboard", reverse("home")],
                ],
                activities=editable_activities(user),
                visit_form=reverse("plans:visitnotice_create"),
            )
            for user in editors + partners
        ],
        "api": [],
    }
    for user in coordinators + boards + partners:
        key = ApiToken.issue(user)  # replaces the user's token: load users and demo users only
        plan["api"].append(
            {
                "username": user.username,
                "token": key,
                "pages": api_paths(user),
                "paged": reverse("api:activity-list"),
            }
        )
    for role, identities in plan.items():
        if not identities:
            sys.exit(
                f"No {role} identities: is the demo loaded and the bench municipality generated?"
            )
    plan["importer"] = [importer_identity(import_rows)] if import_rows else []
    return plan


# --- Running and reporting ----------------------------------------------------------------------------


def run_locust(args, port, plan_file, result_file, seconds):
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--web-host",
        "127.0.0.1",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "30",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    env = {
        **os.environ,
        "VANORT_LOAD_PLAN": str(plan_file),
        "VANORT_LOAD_RESULT": str(result_file),
        "VANORT_LOAD_THINK": args.think,
        "VANORT_LOAD_IMPORT_EVERY": str(args.import_every),
    }
    subprocess.run(
        command, check=True, cwd=ROOT, env=env, timeout=seconds + 180, stdout=subprocess.DEVNULL
    )
    return json.loads(result_file.read_text())


HEADER = ["page kind", "method", "requests", "errors", "median ms", "p95 ms", "max ms", "req/s"]


def rows(result) -> list[list[str]]:
    """One row per page kind (locust's request name), then all requests together."""
    pages = sorted(
        result["pages"], key=lambda page: (page["name"] == "", page["name"], page["method"])
    )
    return [
        [
            page["name"] or "**all**",
            page["method"],
            str(page["requests"]),
            str(page["errors"]),
            f"{page['median']:.0f}",
            f"{page['p95']:.0f}",
            f"{page['max']:.0f}",
            f"{page['rps']:.2f}",
        ]
        for page in pages
    ]


def write_results(args, info, result) -> Path:
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"load-{info['engine']}-{info['started']:%Y%m%d-%H%M}"
    table = rows(result)
    with open(f"{stem}.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(table)
    lines = [
        f"# Load test {info['started']:%Y-%m-%d %H:%M} UTC — {info['engine']}",
        "",
        f"{info['users']} simulated people ({info['think']} s on each page) for {info['seconds']} s; gunicorn, {info['workers']} sync workers on 127.0.0.1; "
        f"data: {info['data']}."
        + (f" Alongside: the demo coordinator imports a file of {args.imports} activities every {args.import_every:g} s "
           "(a background job in the task worker)." if args.imports else ""),
        f"Load average (1/5/15 min) before: {info['load_before']}; after: {info['load_after']} "
        "(2 cores, shared with other sessions).",
        "",
        f"**Errors: {info['errors']}** of {info['requests']} requests.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
        *("| " + " | ".join(row) + " |" for row in table),
    ]
    if result["errors"]:
        lines += [
            "",
            "## Errors",
            "",
            "| method | page kind | error | times |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {e['method']} | {e['name']} | {e['error'][:200]} | {e['occurrences']} |"
            for e in result["errors"]
        ]
    Path(f"{stem}.md").write_text("\n".join(lines) + "\n")
    return Path(f"{stem}.md")


def warm_up(port, workers):
    """Load every worker's code before timing (the first request of a worker imports the views)."""
    import concurrent.futures
    import http.client

    def fetch(_):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", "/public/", headers={"Host": "127.0.0.1"})
        connection.getresponse().read()
        connection.close()

    with concurrent.futures.ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(fetch, range(workers * 4)))


def data_summary() -> str:
    from vanort.plans.models import Activity, CostLine
    from vanort.tenancy.models import Municipality

    return (
        f"{Municipality.objects.count()} municipalities (demo + generated), {Activity.objects.count()} activities, "
        f"{CostLine.objects.count()} cost lines"
    )


def main(argv=None):
    args = parse_args(argv)
    seconds = args.seconds if args.seconds is not None else round(args.minutes * 60)
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    prepare_data(args)
    load_users()
    plan = build_plan(args.imports)
    print(f"Data and sessions ready in {time.perf_counter() - started:.1f} s.", flush=True)
    connection.close()
    info = {
        "engine": connection.vendor,
        "users": args.users,
        "seconds": seconds,
        "workers": args.workers,
        "think": args.think,
        "started": datetime.datetime.now(datetime.UTC),
        "data": data_summary(),
    }
    with tempfile.TemporaryDirectory(prefix="vanort-load-") as work:
        plan_file, result_file = Path(work) / "plan.json", Path(work) / "result.json"
        plan_file.write_text(json.dumps(plan))
        worker = None
        if args.imports:  # large imports are background jobs: the server queues them, a worker runs them
            os.environ["VANORT_TASKS"] = "database"
            worker = subprocess.Popen([sys.executable, "-m", "django", "db_worker"], cwd=ROOT, env=os.environ.copy())
        server, port = start_gunicorn(args.workers)
        try:
            warm_up(port, args.workers)
            print(f"gunicorn up and warm at {time.perf_counter() - started:.1f} s.", flush=True)
            info["load_before"] = load_average()
            print(
                f"Running {args.users} simulated people for {seconds} s against 127.0.0.1:{port} "
                f"(load average {info['load_before']}) …",
                flush=True,
            )
            result = run_locust(args, port, plan_file, result_file, seconds)
            info["load_after"] = load_average()
            print(f"locust done at {time.perf_counter() - started:.1f} s.", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=60)
    total = next(page for page in result["pages"] if page["name"] == "")
    info["requests"], info["errors"] = total["requests"], total["errors"]
    report = write_results(args, info, result)
    print(report.read_text())
    print(
        f"Written: {report} and {report.with_suffix('.csv')} ({time.perf_counter() - started:.0f} s in all)"
    )
    return 1 if info["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

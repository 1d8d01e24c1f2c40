"""``bench/load.py`` keeps working: a short run (5 people, 10 s) against real gunicorn and this test database.

The script prepares the data itself (small generated municipality, no demo, for speed), signs in
every role but admin by session or token, reads and saves pages through locust, and must report
zero errors. Bounded: the whole run must finish within 60 s (``timeout``).
"""

from __future__ import annotations

import csv
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

pytestmark = pytest.mark.engine_independent

ROOT = Path(__file__).resolve().parent.parent

# Only look for locust (a pinned requirement): importing it would patch this process with gevent.
if importlib.util.find_spec("locust") is None:
    raise ImportError("locust is missing: the load test needs it (requirements.txt); run ./dev env")


def database_url() -> str:
    """The test database, as ``DATABASE_URL`` for the script's own processes."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, password = quote(settings["USER"] or ""), quote(settings["PASSWORD"] or "")
    return f"postgres://{user}:{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.mark.load
def test_a_short_load_run_has_no_errors(transactional_db, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url(), "VANORT_DATA_DIR": str(tmp_path / "data")}
    run = subprocess.Popen(
        [
            sys.executable,
            "bench/load.py",
            "--seconds",
            "10",
            "--users",
            "5",
            "--spawn-rate",
            "5",
            "--workers",
            "1",
            "--think",
            "0.5-2",
            "--no-demo",
            "--municipalities",
            "1",
            "--activities",
            "200",
            "--costs",
            "800",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = run.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        # The script, its gunicorn and its locust: their own process group.
        os.killpg(run.pid, signal.SIGKILL)
        output, _ = run.communicate()
        pytest.fail(f"bench/load.py took more than 60 s:\n{output[-3000:]}")
    assert run.returncode == 0, output[-5000:]
    [table] = tmp_path.glob("load-*.csv")
    with open(table, newline="") as rows_file:
        rows = {(row["page kind"], row["method"]): row for row in csv.DictReader(rows_file)}
    total = rows["**all**", ""]
    assert int(total["requests"]) > 10 and total["errors"] == "0"
    assert all(row["errors"] == "0" for row in rows.values())
    assert float(total["median ms"]) > 0 and float(total["p95 ms"]) >= float(total["median ms"])
    report = next(tmp_path.glob("load-*.md")).read_text()
    assert "**Errors: 0**" in report and "Load average" in report

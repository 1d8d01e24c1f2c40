"""Run the real ``vanort`` command in a subprocess against the test database, and kill it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
    return f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))
    }
    env.update(
        DATABASE_URL=database_url(), VANORT_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **extra
    )
    return env


def vanort(*args: str, data_dir: Path, **extra: str) -> subprocess.Popen:
    """Start ``vanort ARGS…`` (the operator's command) on the test database."""
    return subprocess.Popen(
        [sys.executable, "-m", "vanort.cli", *args],
        cwd=ROOT,
        env=environment(data_dir, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def someone_is_writing() -> bool:
    """Whether another process holds an open write transaction on the test database now."""
    if connection.vendor == "sqlite":
        probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        return cursor.fetchone()[0] > 0


def kill_while_writing(
    process: subprocess.Popen, *, after: float = 0.5, timeout: float = 240
) -> None:
    """SIGKILL ``process`` in the middle of its write transaction (seen from the database)."""
    deadline = time.monotonic() + timeout
    while not someone_is_writing():
        if process.poll() is not None:
            raise AssertionError(f"finished before it could be killed:\n{process.stdout.read()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("never started writing")
        time.sleep(0.02)
    time.sleep(after)  # let it write for a while
    assert someone_is_writing(), "the write transaction ended before the kill; raise the data size"
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL

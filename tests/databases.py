"""The test databases: migrated once into a template, then copied for each pytest worker.

Migrating takes 15–50 s; copying a file (SQLite) or ``CREATE DATABASE … TEMPLATE`` (PostgreSQL)
takes well under a second. The template is keyed on a hash of every installed app's migration
files and of the settings, so a new or changed migration (ours or a package's) builds a new
template and a stale schema is never reused; older templates are removed when a new one is built.
It is built by the real ``vanort migrate`` in a subprocess, under a file lock so that parallel
workers build it only once. SQLite templates live in ``var/test-databases/``; PostgreSQL ones are
databases named ``test_<NAME>_tpl_<hash>``. ``./dev test --create-db`` skips the template.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.apps import apps

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "var" / "test-databases"


def schema_key() -> str:
    """A hash of what decides the migrated schema: every app's migrations, and the settings."""
    digest = hashlib.sha256()
    files = {"settings.py": REPO / "vanort" / "settings.py", "databases.py": Path(__file__)}
    for app in apps.get_app_configs():
        files.update({f"{app.label}/{path.name}": path for path in (Path(app.path) / "migrations").glob("*.py")})
    for name, path in sorted(files.items()):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@contextmanager
def _locked():
    FOLDER.mkdir(parents=True, exist_ok=True)
    with open(FOLDER / "lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _migrate(url: str) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
    env.update(DATABASE_URL=url, VANORT_DATA_DIR=str(FOLDER / "data"))
    result = subprocess.run(
        [sys.executable, "-m", "vanort.cli", "migrate", "--no-input", "-v", "0"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    if result.returncode:
        raise RuntimeError(f"building the test database template failed:\n{result.stdout}\n{result.stderr}")


def copy_template(database: dict) -> None:
    """Make the test database named in ``database["TEST"]["NAME"]`` a fresh copy of the template."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        _copy_sqlite(Path(database["TEST"]["NAME"]))
    elif "postgresql" in database["ENGINE"] or "postgis" in database["ENGINE"]:
        _copy_postgres(database)


def _copy_sqlite(target: Path) -> None:
    template = FOLDER / f"sqlite-{schema_key()}.sqlite3"
    with _locked():
        if not template.exists():
            for old in FOLDER.glob("sqlite-*.sqlite3*"):
                old.unlink()
            scratch = FOLDER / "building.sqlite3"
            for leftover in FOLDER.glob("building.sqlite3*"):
                leftover.unlink()
            _migrate(f"sqlite:///{scratch}")
            # One self-contained file (nothing left in a -wal beside it), moved into place whole.
            source = sqlite3.connect(scratch, isolation_level=None)
            source.execute("VACUUM INTO ?", [str(template) + ".tmp"])
            source.close()
            os.replace(str(template) + ".tmp", template)
            for leftover in FOLDER.glob("building.sqlite3*"):
                leftover.unlink()
    for leftover in target.parent.glob(target.name + "*"):
        leftover.unlink()
    shutil.copyfile(template, target)


def _admin(database: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname="postgres", user=database.get("USER"), password=database.get("PASSWORD"),
        host=database.get("HOST") or "127.0.0.1", port=database.get("PORT") or 5432, autocommit=True,
    )


def _copy_postgres(database: dict) -> None:
    prefix = f"test_{database['NAME']}_tpl_"
    template = prefix + schema_key()
    target = database["TEST"]["NAME"]
    with _locked(), _admin(database) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            for (old,) in admin.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix]).fetchall():
                admin.execute(f'DROP DATABASE "{old}" WITH (FORCE)')
            scratch = prefix + "building"
            admin.execute(f'CREATE DATABASE "{scratch}"')
            credentials = f"{quote(database['USER'])}:{quote(database['PASSWORD'] or '')}@" if database.get("USER") else ""
            _migrate(f"postgres://{credentials}{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}/{scratch}")
            admin.execute(f'ALTER DATABASE "{scratch}" RENAME TO "{template}"')
        admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{target}" TEMPLATE "{template}"')

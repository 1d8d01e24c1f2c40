"""Scratch restore targets: a SQLite data folder, or a PostgreSQL database named ``vanort_backup_…``."""

from __future__ import annotations

import uuid
from contextlib import closing
from types import SimpleNamespace

import psycopg
import pytest
from django.db import connection

from tests.backup.helpers import connect, database_url


@pytest.fixture
def target(tmp_path, django_db_blocker):
    """An empty database (and data folder) of the engine under test, dropped afterwards."""
    data_dir = tmp_path / "target"
    data_dir.mkdir()
    if connection.vendor == "sqlite":
        db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data_dir / "vanort.sqlite3")}
        yield SimpleNamespace(data_dir=data_dir, media=data_dir / "media", db=db, url=None)
        return
    db = {**connection.settings_dict, "NAME": f"vanort_backup_{uuid.uuid4().hex[:10]}"}
    with psycopg.connect(**_admin(db), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    try:
        yield SimpleNamespace(
            data_dir=data_dir, media=data_dir / "media", db=db, url=database_url(db)
        )
    finally:
        with psycopg.connect(**_admin(db), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')


def _admin(db: dict) -> dict:
    return {
        "dbname": "postgres",
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
    }


@pytest.fixture
def occupied(target):
    """The target with something in it that a refused restore must leave exactly as it was."""
    with closing(connect(target.db)) as conn:
        conn.execute("CREATE TABLE keepme (id integer PRIMARY KEY, note text)")
        conn.execute("INSERT INTO keepme VALUES (1, 'before the restore'), (2, 'still here')")
        conn.commit()
    target.media.mkdir()
    (target.media / "keep.txt").write_text("an earlier upload")
    return target

"""PostgreSQL only: the password stays out of the process list, and a restore that fails is rolled back whole."""

from __future__ import annotations

import subprocess
from contextlib import closing

import pytest
from django.conf import settings

from tests.backup.helpers import connect, file_digests, run_vanort, table_digests
from vanort.core.backup import backup_create, databases

pytestmark = [pytest.mark.postgres, pytest.mark.engine]


def test_password_goes_to_the_client_programs_by_environment_only(
    transactional_db, world, tmp_path, monkeypatch
):
    calls = []
    real_run, real_popen = subprocess.run, subprocess.Popen

    def run(args, **kwargs):
        calls.append((args, kwargs["env"]))
        return real_run(args, **kwargs)

    def popen(args, **kwargs):
        calls.append((args, kwargs["env"]))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(databases.subprocess, "run", run)
    monkeypatch.setattr(databases.subprocess, "Popen", popen)
    db = settings.DATABASES["default"]
    backup_create(db=db, media_root=settings.MEDIA_ROOT, destination=tmp_path / "b.tar.gz")
    assert {args[0].rsplit("/", 1)[-1] for args, _env in calls} >= {"pg_dump", "pg_restore"}
    for args, env in calls:
        assert not any(db["PASSWORD"] in arg for arg in args)
        assert env["PGPASSWORD"] == db["PASSWORD"] and env["PGDATABASE"] == db["NAME"]


def test_a_restore_failing_halfway_is_rolled_back_whole(
    transactional_db, world, tmp_path, occupied
):
    """With --force the old tables are dropped in the restore's own transaction; when a later
    statement fails (here: a type already named like one of the backup's tables) they are back."""
    archive = tmp_path / "b.tar.gz"
    backup_create(
        db=settings.DATABASES["default"], media_root=settings.MEDIA_ROOT, destination=archive
    )
    with closing(connect(occupied.db)) as conn:
        conn.execute("CREATE TYPE tenancy_organisation AS (clash integer)")
    before = table_digests(occupied.db), file_digests(occupied.media)
    result = run_vanort(
        "restore", str(archive), "--force", data_dir=occupied.data_dir, url=occupied.url
    )
    assert result.returncode != 0
    assert "lämnades som den var" in result.stderr and "tenancy_organisation" in result.stderr
    assert (table_digests(occupied.db), file_digests(occupied.media)) == before
    assert before[0] == {"keepme": before[0]["keepme"]}

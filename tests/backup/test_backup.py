"""``vanort backup`` and ``vanort restore`` on the engine under test (SQLite, or PostgreSQL with DATABASE_URL).

The commands run as an operator runs them: in their own processes, with their own data folder.
"""

from __future__ import annotations

import threading
import time
from contextlib import closing

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.utils import translation

from tests.backup.helpers import (
    connect,
    database_url,
    file_digests,
    rewrite_archive,
    run_vanort,
    table_digests,
    writer_numbers,
)
from vanort.core.backup import databases
from vanort.places.models import City
from vanort.tenancy.models import Organisation

pytestmark = pytest.mark.engine

UPLOADS = {
    "documents/avtal-1987.pdf": b"%PDF-1.4 agreement\x00\xff",
    "agreements/Överenskommelse.docx": bytes(range(256)) * 40,
}


@pytest.fixture
def uploads(settings):
    for name, content in UPLOADS.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return settings.MEDIA_ROOT


def _source_url() -> str:
    return database_url(settings.DATABASES["default"])


def test_backup_taken_while_the_site_writes_restores_one_consistent_moment(
    transactional_db, world, uploads, tmp_path, target
):
    """A writer commits a city and an organisation per transaction while `vanort backup` runs.

    The restored copy must hold writer rows 0 … k-1 of both tables and nothing after (one moment,
    whole transactions), and every table must equal the source at that moment.
    """
    stop, written = threading.Event(), []

    def write():
        try:
            while not stop.is_set():
                number = f"writer-{len(written):05d}"
                with transaction.atomic():
                    City.objects.create(name=number, country="SE", time_zone="Europe/Stockholm")
                    Organisation.objects.create(municipality=world.home, name=number, kind="office")
                written.append(number)
                time.sleep(0.005)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    while len(written) < 5:  # writing before the backup starts …
        time.sleep(0.01)
    archive = tmp_path / "backup.tar.gz"
    made = run_vanort("backup", str(archive), data_dir=uploads.parent, url=_source_url())
    time.sleep(0.2)  # … and after it ends
    stop.set()
    writer.join(30)
    assert made.returncode == 0, made.stderr
    assert "Säkerhetskopian har skrivits till" in made.stdout

    restored = run_vanort("restore", str(archive), data_dir=target.data_dir, url=target.url)
    assert restored.returncode == 0, restored.stderr

    cities = writer_numbers(target.db, "places_city")
    snapshot = len(cities)
    assert 5 <= snapshot < len(written), "the backup did not overlap the writing"
    assert cities == list(range(snapshot)) == writer_numbers(target.db, "tenancy_organisation")
    source = table_digests(settings.DATABASES["default"], writer_rows_below=snapshot)
    copy = table_digests(target.db)
    assert copy == source
    assert copy["places_city"][0] >= 4 + snapshot and copy["registry_partnership"][0] == 3
    assert file_digests(target.media) == file_digests(uploads) and len(UPLOADS) == 2


@pytest.fixture
def archive(transactional_db, world, uploads, tmp_path):
    path = tmp_path / "real.tar.gz"
    call_command("backup", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return path


def _state(target):
    return table_digests(target.db), file_digests(target.media)


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x5A]) + data[middle + 1 :]


def _other_engine(manifest):
    manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"


DAMAGE = {
    "truncated": (
        lambda src, dst: dst.write_bytes(src.read_bytes()[: src.stat().st_size // 2]),
        "skadad eller ofullständig",
    ),
    "byte flipped": (
        lambda src, dst: dst.write_bytes(_flip(src.read_bytes())),
        "skadad eller ofullständig",
    ),
    "upload changed, checksums not": (
        lambda src, dst: rewrite_archive(
            src,
            dst,
            rechecksum=False,
            member=lambda name, data: data + b"!" if name.startswith("media/") else data,
        ),
        "Kontrollsumman stämmer inte",
    ),
    "newer schema": (
        lambda src, dst: rewrite_archive(
            src, dst, manifest=lambda m: m["migrations"].update(registry="9999_from_the_future")
        ),
        "nyare version av Vänort (okända migreringar: registry.9999_from_the_future)",
    ),
    "other engine": (
        lambda src, dst: rewrite_archive(src, dst, manifest=_other_engine),
        "men Vänort är inställt för",
    ),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_restore_refuses_a_bad_backup_and_changes_nothing(archive, occupied, tmp_path, damage):
    spoil, message = DAMAGE[damage]
    bad = tmp_path / "bad.tar.gz"
    spoil(archive, bad)
    before = _state(occupied)
    result = run_vanort(
        "restore", str(bad), "--force", data_dir=occupied.data_dir, url=occupied.url
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert _state(occupied) == before and before[0]["keepme"][0] == 2 and "keep.txt" in before[1]


def test_restore_asks_for_force_before_replacing_a_database_in_use(archive, occupied):
    before = _state(occupied)
    refused = run_vanort("restore", str(archive), data_dir=occupied.data_dir, url=occupied.url)
    assert refused.returncode != 0
    assert "Målet är inte tomt" in refused.stderr and "--force" in refused.stderr
    assert _state(occupied) == before

    checked = run_vanort(
        "restore", str(archive), "--check", data_dir=occupied.data_dir, url=occupied.url
    )
    assert checked.returncode == 0, checked.stderr
    assert _state(occupied) == before

    replaced = run_vanort(
        "restore", str(archive), "--force", data_dir=occupied.data_dir, url=occupied.url
    )
    assert replaced.returncode == 0, replaced.stderr
    tables, files = _state(occupied)
    assert "keepme" not in tables and tables["tenancy_municipality"][0] == 2
    assert files == file_digests(settings.MEDIA_ROOT)


def test_restore_speaks_the_operators_language(db, tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
    with pytest.raises(CommandError, match="Det finns ingen säkerhetskopia"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_backup_never_overwrites_a_file(db, tmp_path):
    existing = tmp_path / "kept.tar.gz"
    existing.write_bytes(b"an older backup")
    with translation.override("en"), pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"an older backup"
    assert [path.name for path in tmp_path.iterdir()] == ["kept.tar.gz"]


def test_backup_into_a_folder_names_the_file_and_keeps_it_private(
    transactional_db, world, tmp_path
):
    call_command("backup", str(tmp_path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    (made,) = tmp_path.glob(
        f"vanort-{'sqlite' if connection.vendor == 'sqlite' else 'postgresql'}-*.tar.gz"
    )
    assert made.stat().st_mode & 0o077 == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own write lock")
def test_sqlite_restore_that_fails_midway_leaves_the_target_as_it_was(
    archive, occupied, monkeypatch
):
    from vanort.core.backup import BackupError, backup_restore

    monkeypatch.setattr(databases, "SQLITE_TIMEOUT", 0.2)
    before = _state(occupied)
    with closing(connect(occupied.db)) as holder:
        holder.execute(
            "BEGIN IMMEDIATE"
        )  # someone else is writing: the restore cannot get the lock
        with pytest.raises(BackupError, match="lämnades som den var"):
            backup_restore(source=archive, db=occupied.db, media_root=occupied.media, force=True)
        holder.rollback()
    assert _state(occupied) == before


def test_missing_client_programs_are_named(monkeypatch):
    monkeypatch.setattr(databases.shutil, "which", lambda name: None)
    monkeypatch.setattr(databases.glob, "glob", lambda pattern: [])
    with pytest.raises(databases.BackupError, match="pg_dump hittades inte"):
        databases.client_program("pg_dump")

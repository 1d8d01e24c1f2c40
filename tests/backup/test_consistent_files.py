"""A backup's files and rows come from the same moment, and ``restore --check`` proves it.

Deleting an attachment keeps its file; ``vanort sweep-files`` removes it later (see
docs/decisions/0004-backups-keep-deleted-files.md). The backups run as an operator runs them, in
their own processes, while this process deletes attachments through the service, on real files.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from contextlib import closing

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections

from tests.backup.helpers import connect, database_url, rewrite_archive, run_vanort
from tests.plans.conftest import make_activity
from vanort.core.backup import backup_create, media_lock
from vanort.plans.models import ActivityAttachment
from vanort.plans.services.attachments import attachment_add, attachment_delete

pytestmark = pytest.mark.engine

ATTACHMENTS = 120
HOUR = 3600


def _content(number: int) -> bytes:
    return f"Programme of visit {number}\n".encode() * (200 + number)


@pytest.fixture
def activity(transactional_db, world, settings):
    settings.UPLOAD_MAX_FILES = ATTACHMENTS  # one activity with many files: many deletions to race
    return make_activity(world, title="Skolutbyte", organisation=world.unit, areas=[world.area])


def _attach(activity, number: int) -> ActivityAttachment:
    upload = SimpleUploadedFile(f"program-{number}.txt", _content(number))
    return attachment_add(
        activity=activity, upload=upload, content_type="text/plain", title=f"visit {number}"
    )


def _restored_attachments(db: dict) -> list[tuple[str, str]]:
    with closing(connect(db)) as conn:
        cursor = conn.cursor()
        cursor.execute("SELECT file, title FROM plans_activityattachment")
        return cursor.fetchall()


def _age(path, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_backup_taken_while_attachments_are_deleted_restores_every_attachment_it_lists(
    activity, tmp_path, target
):
    attachments = [_attach(activity, number) for number in range(ATTACHMENTS)]
    archive = tmp_path / "backup.tar.gz"
    partial = tmp_path / ".backup.tar.gz.partial"  # there once the database is copied
    during = []

    def delete():
        try:
            for number, attachment in enumerate(attachments):
                while number >= 5 and not (partial.exists() or archive.exists()):
                    time.sleep(0.001)  # five before the backup, the rest while it copies files
                attachment_delete(attachment)
                during.append(partial.exists() and not archive.exists())
        finally:
            connections.close_all()

    deleter = threading.Thread(target=delete, daemon=True)
    deleter.start()
    made = run_vanort(
        "backup",
        str(archive),
        data_dir=settings.MEDIA_ROOT.parent,
        url=database_url(settings.DATABASES["default"]),
    )
    deleter.join(30)
    assert made.returncode == 0, made.stderr
    assert len(during) == ATTACHMENTS and any(during), "the backup did not overlap the deleting"

    checked = run_vanort(
        "restore", "--check", str(archive), data_dir=target.data_dir, url=target.url
    )
    assert checked.returncode == 0, checked.stderr
    restored = run_vanort("restore", str(archive), data_dir=target.data_dir, url=target.url)
    assert restored.returncode == 0, restored.stderr

    rows = _restored_attachments(target.db)
    assert len(rows) == ATTACHMENTS - 5  # the moment the database was copied
    for name, title in rows:
        number = int(title.removeprefix("visit "))
        assert (target.media / name).read_bytes() == _content(number), name


def test_check_names_a_file_the_database_refers_to_that_the_archive_lacks(
    activity, tmp_path, target
):
    kept, lost = _attach(activity, 1), _attach(activity, 2)
    archive, spoilt = tmp_path / "whole.tar.gz", tmp_path / "spoilt.tar.gz"
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    # As a backup made while the file was being deleted: the row is in it, the file not, and the
    # manifest's checksums are in order.
    rewrite_archive(archive, spoilt, drop=(f"media/{lost.file.name}",))

    checked = run_vanort(
        "restore", "--check", str(spoilt), data_dir=target.data_dir, url=target.url
    )
    assert checked.returncode != 0
    assert lost.file.name in checked.stderr and kept.file.name not in checked.stderr
    assert "1 fil som databasen hänvisar till" in checked.stderr

    refused = run_vanort("restore", str(spoilt), data_dir=target.data_dir, url=target.url)
    assert refused.returncode != 0 and lost.file.name in refused.stderr
    assert not target.media.exists() and _tables(target.db) == 0

    forced = run_vanort(
        "restore", "--allow-missing-files", str(spoilt), data_dir=target.data_dir, url=target.url
    )
    assert forced.returncode == 0, forced.stderr
    assert lost.file.name in forced.stdout
    assert (target.media / kept.file.name).read_bytes() == _content(1)


def _tables(db: dict) -> int:
    if not os.path.exists(db["NAME"]) and db["ENGINE"].endswith("sqlite3"):
        return 0
    with closing(connect(db)) as conn:
        cursor = conn.cursor()
        if db["ENGINE"].endswith("sqlite3"):
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        else:
            cursor.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )
        return cursor.fetchone()[0]


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sweep_removes_only_old_unreferenced_files_that_a_backup_holds(activity, tmp_path):
    media = settings.MEDIA_ROOT
    kept, gone, recent = _attach(activity, 1), _attach(activity, 2), _attach(activity, 3)
    gone_path, recent_path, kept_path = (media / a.file.name for a in (gone, recent, kept))
    stray = media / "activities" / "left-by-a-failed-upload.txt"
    stray.write_bytes(b"no row")
    for path in (gone_path, kept_path, stray):
        _age(path, 2 * HOUR)
    attachment_delete(gone)
    attachment_delete(recent)
    assert gone_path.exists() and recent_path.exists(), (
        "deleting an attachment removed its file at once"
    )

    with pytest.raises(
        CommandError, match="ingen säkerhetskopia gjorts"
    ):  # none made yet: nothing goes
        call_command("sweep_files", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert gone_path.exists() and stray.exists()

    backup_create(db=settings.DATABASES["default"], media_root=media, destination=tmp_path)
    with media_lock(media, shared=True):  # a backup is being made: the sweep waits for none
        with pytest.raises(CommandError, match="säkerhetskopia görs just nu"):
            call_command("sweep_files", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert gone_path.exists()

    call_command("sweep_files", stdout=(out := open(tmp_path / "out.txt", "w")))  # noqa: SIM115
    out.close()
    assert not gone_path.exists() and not stray.exists()
    assert kept_path.read_bytes() == _content(1)
    assert recent_path.exists(), "a file newer than the grace period was removed"
    assert "Tog bort 2 filer som ingen post hänvisar till" in (tmp_path / "out.txt").read_text()

"""Making a backup of the database and the uploaded files, and restoring one after checking it.

The database is copied first, the files after it: a file uploaded meanwhile is then in the backup
without a row pointing to it (harmless). No row lacks its file, because deleting a record leaves
its file in place until ``media_sweep`` (which waits for no backup: see ``files.py``) removes it.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vanort.core.backup.archive import FORMAT, FORMAT_VERSION, MEDIA, ArchiveWriter, read_archive
from vanort.core.backup.databases import for_settings
from vanort.core.backup.errors import BackupError
from vanort.core.backup.files import file_columns, media_files, media_lock, record_backup

SHOWN_NAMES = 20  # missing files named in a message; the rest are counted


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: dict
    media_files: int
    pending_migrations: tuple[str, ...] = ()
    missing_files: tuple[str, ...] = ()


def default_name(engine: str, now: datetime.datetime) -> str:
    return f"vanort-{engine}-{now:%Y%m%dT%H%M%SZ}.tar.gz"


def backup_create(*, db: dict, media_root: Path, destination: Path) -> BackupSummary:
    """Write a backup of the database ``db`` (a ``DATABASES`` entry) and ``media_root``.

    ``destination`` is a file name, or a folder to put a dated file in. The archive is written
    under a temporary name and renamed when complete, so a file with the final name is whole.
    """
    database = for_settings(db)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / default_name(database.engine, now)
    if destination.exists():
        raise BackupError(
            _("%(path)s already exists; choose another name.") % {"path": destination}
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial")
    with media_lock(media_root, shared=True):  # no file is swept until the files are copied
        summary = _write_backup(database, media_root, destination, partial, now)
    record_backup(media_root, now)
    return summary


def _write_backup(
    database, media_root: Path, destination: Path, partial: Path, now
) -> BackupSummary:
    with tempfile.TemporaryDirectory(prefix=".vanort-backup-", dir=destination.parent) as work:
        dump = Path(work) / database.dump_name
        database.dump(dump)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "vanort_version": importlib.metadata.version("vanort"),
            "engine": database.engine,
            "created_at": now.isoformat(),
            "database": database.dump_name,
            "migrations": database.migrations(dump),
        }
        partial.unlink(missing_ok=True)
        writer = ArchiveWriter(partial)
        try:
            writer.add_file(dump, database.dump_name)
            media = media_files(media_root)
            for path in media:
                try:
                    writer.add_file(path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
                except FileNotFoundError:  # deleted since the folder was listed
                    continue
            writer.finish(manifest)
        except BaseException:
            writer.close()
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, destination)
    return BackupSummary(
        destination, {**manifest, "members": writer.members}, len(writer.members) - 1
    )


def _unknown_migrations(migrations: dict[str, str]) -> list[str]:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in migrations.items() if (app, name) not in known]


def _pending_migrations(migrations: dict[str, str]) -> tuple[str, ...]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return tuple(
        sorted(f"{app}.{name}" for app, name in graph.leaf_nodes() if migrations.get(app) != name)
    )


def backup_restore(
    *,
    source: Path,
    db: dict,
    media_root: Path,
    force: bool = False,
    check_only: bool = False,
    allow_missing_files: bool = False,
) -> BackupSummary:
    """Check the backup ``source`` completely, then restore it into ``db`` and ``media_root``.

    Refused, with nothing changed: a damaged or incomplete file, a checksum mismatch, a backup of
    another engine or of a newer schema (a migration this code does not know), a database that
    refers to a file the backup lacks (unless ``allow_missing_files``: then they are named in the
    summary), and — without ``force`` — a database or media folder that is not empty. The database is restored in one
    transaction; the files are staged beside ``media_root`` and swapped in after it.
    """
    database = for_settings(db)
    media_root = Path(media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".vanort-restore-", dir=media_root.parent))
    try:
        manifest = read_archive(Path(source), staging)
        if manifest["engine"] != database.engine:
            raise BackupError(
                _(
                    "This backup holds a %(backup)s database, but Vänort is set up for %(target)s (DATABASE_URL). "
                    "Nothing was changed."
                )
                % {"backup": manifest["engine"], "target": database.engine}
            )
        unknown = _unknown_migrations(manifest["migrations"])
        if unknown:
            raise BackupError(
                _(
                    "The backup comes from a newer version of Vänort (unknown migrations: %(names)s). "
                    "Update Vänort, then restore. Nothing was changed."
                )
                % {"names": ", ".join(unknown)}
            )
        dump = staging / manifest["database"]
        database.check_dump(dump)
        if database.migrations(dump) != manifest["migrations"]:
            raise BackupError(
                _("The database in the backup does not match its manifest. Nothing was changed.")
            )
        media_count = len(media_files(staging / MEDIA))
        missing = _missing_files(database, dump, staging / MEDIA)
        if missing and (check_only or not allow_missing_files):
            raise _lacks(missing)
        if not check_only:
            tables, files = database.table_count(), len(media_files(media_root))
            if (tables or files) and not force:
                raise BackupError(
                    _(
                        "The target is not empty (%(tables)s tables in the database, %(files)s files in %(media)s). "
                        "Restore into an empty database, or use --force to replace its contents. Nothing was changed."
                    )
                    % {"tables": tables, "files": files, "media": media_root}
                )
            database.restore(dump, replace=bool(tables))
            _swap_in(staging / MEDIA, media_root, staging)
        return BackupSummary(
            Path(source),
            manifest,
            media_count,
            _pending_migrations(manifest["migrations"]),
            missing,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _missing_files(database, dump: Path, media: Path) -> tuple[str, ...]:
    """The files the database in the backup refers to that its media folder lacks, sorted."""
    referenced = database.referenced_files(dump, file_columns())
    return tuple(sorted(name for name in referenced if not (media / name).is_file()))


def _lacks(missing: tuple[str, ...]) -> BackupError:
    names = ", ".join(missing[:SHOWN_NAMES])
    if len(missing) > SHOWN_NAMES:
        names += " " + _("and %(count)s more") % {"count": len(missing) - SHOWN_NAMES}
    return BackupError(
        ngettext(
            "The backup lacks %(count)s file that the database refers to: %(names)s. "
            "Restoring it would leave that record without its file. Nothing was changed.",
            "The backup lacks %(count)s files that the database refers to: %(names)s. "
            "Restoring it would leave those records without their files. Nothing was changed.",
            len(missing),
        )
        % {"count": len(missing), "names": names}
    )


def _swap_in(staged: Path, media_root: Path, staging: Path) -> None:
    """Put the restored files in place of ``media_root`` by renaming (same file system as the staging)."""
    staged.mkdir(exist_ok=True)
    if media_root.exists():
        os.replace(media_root, staging / "replaced-media")
    os.replace(staged, media_root)

"""Uploaded files and the rows that refer to them: a backup holds both from one moment.

Deleting a record never deletes its file at once: a backup running meanwhile may hold the row in
its database copy and copy the files a moment later. ``media_sweep`` (``vanort sweep-files``)
removes the files no row refers to later, under three conditions (docs/decisions/0004):

* no backup is being made (``media_lock``: backups hold it shared, the sweep exclusive);
* the file is older than the start of the last backup that finished, so that backup holds it;
* the file is older than ``GRACE`` (an upload writes its file just before its row).
"""

from __future__ import annotations

import datetime
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from vanort.core.backup.errors import BackupError

GRACE = datetime.timedelta(hours=1)


def file_columns() -> list[tuple[str, str]]:
    """``(table, column)`` of every file field of every model."""
    return sorted(
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    )


def referenced_files() -> set[str]:
    """The names (relative to the media folder) that a row of the live database refers to."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def media_files(media_root: Path) -> list[Path]:
    """Every plain file under ``media_root`` (no symbolic links), sorted."""
    if not media_root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(media_root):
        found += [
            Path(folder) / name
            for name in names
            if (Path(folder) / name).is_file() and not (Path(folder) / name).is_symlink()
        ]
    return sorted(found)


def _beside(media_root: Path, name: str) -> Path:
    """A file next to the media folder (which a restore swaps whole)."""
    return Path(media_root).parent / name


@contextmanager
def media_lock(media_root: Path, *, shared: bool) -> Iterator[None]:
    """Hold the media folder's lock: shared while a backup runs, exclusive while files are removed.

    The exclusive lock is not waited for: a sweep during a backup is refused (BackupError).
    """
    path = _beside(media_root, ".vanort-media.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_SH if shared else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(
                _(
                    "A backup is being made just now; no file was removed. Run again when it has finished."
                )
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def record_backup(media_root: Path, started: datetime.datetime) -> None:
    """Note that a backup begun at ``started`` has finished (the sweep's bound)."""
    stamp = _beside(media_root, ".vanort-last-backup")
    partial = stamp.with_name(stamp.name + ".partial")
    partial.write_text(started.isoformat() + "\n")
    os.replace(partial, stamp)


def last_backup(media_root: Path) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(
            _beside(media_root, ".vanort-last-backup").read_text().strip()
        )
    except (FileNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class SweepSummary:
    removed: int
    size: int
    last_backup: datetime.datetime


def media_sweep(*, media_root: Path, now: datetime.datetime | None = None) -> SweepSummary:
    """Remove the files under ``media_root`` that no row refers to and that the last backup holds."""
    media_root = Path(media_root)
    with media_lock(media_root, shared=False):
        backed_up = last_backup(media_root)
        if backed_up is None:
            raise BackupError(
                _(
                    "No backup has been made here yet (vanort backup), so no file was removed: "
                    "a file is removed only once a backup holds it."
                )
            )
        now = now or datetime.datetime.now(datetime.UTC)
        before = min(backed_up, now - GRACE).timestamp()
        referenced = referenced_files()
        removed = size = 0
        for path in media_files(media_root):
            stat = path.stat()
            if stat.st_mtime < before and path.relative_to(media_root).as_posix() not in referenced:
                path.unlink(missing_ok=True)
                removed, size = removed + 1, size + stat.st_size
        return SweepSummary(removed, size, backed_up)

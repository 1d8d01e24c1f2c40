"""Backups that restore: ``vanort backup``, ``vanort restore`` and ``vanort sweep-files`` (see docs/operations.md)."""

from vanort.core.backup.errors import BackupError
from vanort.core.backup.files import SweepSummary, media_lock, media_sweep
from vanort.core.backup.services import BackupSummary, backup_create, backup_restore

__all__ = [
    "BackupError",
    "BackupSummary",
    "SweepSummary",
    "backup_create",
    "backup_restore",
    "media_lock",
    "media_sweep",
]

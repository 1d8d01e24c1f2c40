"""Backups that restore: ``vanort backup`` and ``vanort restore`` (see docs/operations.md)."""

from vanort.core.backup.errors import BackupError
from vanort.core.backup.services import BackupSummary, backup_create, backup_restore

__all__ = ["BackupError", "BackupSummary", "backup_create", "backup_restore"]

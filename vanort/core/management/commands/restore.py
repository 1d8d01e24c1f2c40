"""``vanort restore PATH`` — check a backup completely, then restore the database and the files."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from vanort.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `vanort backup` into an empty database (or, with --force, in place of the current one)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup archive.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database and media folder that are not empty.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive (checksums, engine, schema, every file the database refers to); change nothing.",
        )
        parser.add_argument(
            "--allow-missing-files",
            action="store_true",
            help="Restore even if the database refers to files the archive lacks (they are listed).",
        )

    def handle(self, *args, path, force=False, check=False, allow_missing_files=False, **options):
        connections.close_all()  # the restore writes through its own connections
        try:
            summary = backup_restore(
                source=path,
                db=settings.DATABASES["default"],
                media_root=settings.MEDIA_ROOT,
                force=force,
                check_only=check,
                allow_missing_files=allow_missing_files,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        values = {
            "path": path,
            "created": summary.manifest["created_at"],
            "version": summary.manifest["vanort_version"],
            "engine": summary.manifest["engine"],
            "files": summary.media_files,
        }
        if check:
            self.stdout.write(
                _(
                    "The backup %(path)s is whole and can be restored here: %(engine)s database and %(files)s uploaded files, "
                    "made %(created)s by Vänort %(version)s."
                )
                % values
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored from %(path)s: %(engine)s database and %(files)s uploaded files, "
                    "made %(created)s by Vänort %(version)s."
                )
                % values
            )
        )
        if summary.missing_files:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "These files were missing from the backup; their records have no file: %(names)s"
                    )
                    % {"names": ", ".join(summary.missing_files)}
                )
            )
        if summary.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The backup is from an older version: run `vanort migrate` (%(count)s migrations to apply)."
                    )
                    % {"count": len(summary.pending_migrations)}
                )
            )

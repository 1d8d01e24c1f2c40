"""``vanort backup [PATH]`` — the database and the uploaded files in one checked archive."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vanort.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive (the site may keep running)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Archive file (.tar.gz, or .tar) or folder; default: VANORT_DATA_DIR/backups/.",
        )

    def handle(self, *args, path=None, **options):
        destination = path or settings.DATA_DIR / "backups"
        try:
            summary = backup_create(
                db=settings.DATABASES["default"],
                media_root=settings.MEDIA_ROOT,
                destination=destination,
            )
        except BackupError as error:
            raise CommandError(_("No backup was made. %(error)s") % {"error": error}) from None
        self.stdout.write(
            _(
                "Backup written to %(path)s: %(engine)s database and %(files)s uploaded files (%(size)s)."
            )
            % {
                "path": summary.path,
                "engine": summary.manifest["engine"],
                "files": summary.media_files,
                "size": _size(summary.path.stat().st_size),
            }
        )


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"

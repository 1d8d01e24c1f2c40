"""``vanort sweep-files`` — remove uploaded files that no record refers to, once a backup holds them."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from vanort.core.backup import BackupError, media_sweep
from vanort.core.management.commands.backup import _size


class Command(BaseCommand):
    help = (
        "Remove uploaded files that no record refers to and that the last backup holds "
        "(deleting a record keeps its file until then). Run daily after the backup."
    )

    def handle(self, *args, **options):
        try:
            summary = media_sweep(media_root=settings.MEDIA_ROOT)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            ngettext(
                "Removed %(count)s file that no record refers to (%(size)s; the backup of %(backup)s holds it).",
                "Removed %(count)s files that no record refers to (%(size)s; the backup of %(backup)s holds them).",
                summary.removed,
            )
            % {
                "count": summary.removed,
                "size": _size(summary.size),
                "backup": summary.last_backup.isoformat(),
            }
        )

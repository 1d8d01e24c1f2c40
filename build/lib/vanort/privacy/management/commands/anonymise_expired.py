"""``vanort anonymise-expired`` — anonymise named participants whose retention period has passed.

Run it daily from cron or a systemd timer (see docs/operations.md). The period is
``VANORT_NAMED_PARTICIPANT_RETENTION_DAYS`` days after the activity ended; running it again
changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from vanort.privacy.tasks import anonymise_expired_task


class Command(BaseCommand):
    help = "Anonymise named participants whose activity ended more than the retention period ago (idempotent)."

    def handle(self, *args, **options):
        days = settings.VANORT_NAMED_PARTICIPANT_RETENTION_DAYS
        result = anonymise_expired_task.enqueue()
        if not result.is_finished:
            self.stdout.write(f"enqueued: {result.id}")
        elif result.status == "SUCCESSFUL":
            self.stdout.write(
                f"anonymised {result.return_value} named participant(s) past {days} days after their activity"
            )
        else:
            self.stderr.write(f"{result.status}: {result.errors}")
            raise SystemExit(1)

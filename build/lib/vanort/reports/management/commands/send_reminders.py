"""``vanort send-reminders`` — enqueue the task that e-mails what is due (each reminder once).

Run it daily from cron or a systemd timer (see docs/operations.md); the task runs in the
background-task worker (``vanort db_worker``), or at once with the immediate backend.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from vanort.reports.tasks import send_reminders_task


class Command(BaseCommand):
    help = "Send e-mail reminders for what is due (follow-ups, reviews, renewals, visit reports, anniversaries), each once."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD); for testing.")
        parser.add_argument("--base-url", default="", help="Start of the links in the e-mails, e.g. https://vanort.example.se")

    def handle(self, *args, date=None, base_url="", **options):
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"--date: {error}") from None
        result = send_reminders_task.enqueue(date, base_url)
        if result.is_finished:
            self.stdout.write(f"{result.status}: {result.return_value if result.status == 'SUCCESSFUL' else result.errors}")
        else:
            self.stdout.write(f"enqueued: {result.id}")

"""``vanort recover-tasks`` — retry (or fail) background tasks whose worker stopped mid-task.

Run it every few minutes from cron or a systemd timer, and once before starting the worker (see
docs/operations.md, "Faults").
"""

import datetime

from django.core.management.base import BaseCommand

from vanort.reports.recovery import recover_tasks


class Command(BaseCommand):
    help = "Queue again the background tasks left running by a worker that stopped; fail them after too many attempts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-minutes",
            type=float,
            default=30,
            help="A task running longer than this is taken as stopped (default 30; longer than any real task).",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=3,
            help="Starts before a stopped task is marked failed (default 3).",
        )

    def handle(self, *args, stale_minutes, max_attempts, **options):
        result = recover_tasks(
            stale_after=datetime.timedelta(minutes=stale_minutes), max_attempts=max_attempts
        )
        self.stdout.write(
            f"Queued again: {result.requeued}; failed: {result.failed}; report jobs failed: {result.jobs_failed}."
        )

"""``vanort loaddemo``: load the demo world (Linköping, Palo Alto, Smart City Alliance).

Operator output is English, like Django's own commands.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from vanort.demo import data, loader
from vanort.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Load the demo (Linköping, its sister city Palo Alto, the Smart City Alliance and a user of "
        "every role) into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            dest="if_empty",
            help="do nothing (and succeed) if the database already has a municipality",
        )
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="the address the site is served on, to print"
        )

    def handle(self, *args, if_empty=False, url="http://127.0.0.1:8000/", **options):
        with transaction.atomic():
            if Municipality.objects.exists():
                if if_empty:
                    self.stdout.write(
                        "The database already has a municipality: the demo is not loaded."
                    )
                    return
                raise CommandError(
                    "The database already has a municipality; the demo is only loaded into an empty "
                    "database. Point DATABASE_URL at an empty database to load the demo."
                )
            try:
                loaded = loader.load(today=timezone.localdate())
            except ValidationError as error:
                raise CommandError(f"The demo could not be loaded: {error}") from error

        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo: {loaded.municipality.name} and its partner cities."
            )
        )
        self.stdout.write("")
        rows = [("Username", "Role", "Organisation")]
        rows += [
            (user.username, str(user.get_role_display()), user.organisation.name)
            for user in loaded.users
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for number, row in enumerate(rows):
            self.stdout.write(
                "  "
                + "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(f"Password for every demo user: {data.DEMO_PASSWORD}")
        self.stdout.write(f"Open {url} and log in as one of them.")
        self.stdout.write(
            "The user pages ask admin to set up two-step verification first: scan the QR code "
            "with an authenticator app and type its code."
        )

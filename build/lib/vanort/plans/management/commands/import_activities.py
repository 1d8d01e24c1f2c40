"""``vanort import-activities FILE --municipality SLUG --as USERNAME`` — the import page's service, from a shell."""

from django.core.management.base import BaseCommand, CommandError

from vanort.accounts.models import User
from vanort.plans.services.imports import import_activities
from vanort.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Import activities (with cost lines and participation) from a CSV or XLSX file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--municipality", required=True, help="the municipality's short name (slug)")
        parser.add_argument("--as", dest="username", required=True, help="the user whose permissions the import uses")

    def handle(self, *args, file, municipality, username, **options):
        try:
            home = Municipality.objects.get(slug=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(f"--municipality: no municipality “{municipality}”.") from None
        try:
            user = User.objects.get(username=username, municipality=home, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"--as: no active user “{username}” in {home.slug}.") from None
        try:
            with open(file, "rb") as upload:
                result = import_activities(upload, user=user, municipality=home)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} problem(s); nothing was imported.")
        self.stdout.write(self.style.SUCCESS(
            f"Imported: {result.created} created, {result.updated} updated, {result.unchanged} unchanged "
            f"({result.cost_lines} cost lines)."
        ))

"""``vanort import-activities FILE --municipality SLUG --as USERNAME`` — the import page's service, from a shell."""

import contextlib

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
        parser.add_argument("--milestones", help="a second file (CSV, or XLSX) with the activities' milestones, keyed by activity; "
                                                  "an XLSX FILE may carry them on a sheet named “milestones” instead")

    def handle(self, *args, file, municipality, username, milestones=None, **options):
        try:
            home = Municipality.objects.get(slug=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(f"--municipality: no municipality “{municipality}”.") from None
        try:
            user = User.objects.get(username=username, municipality=home, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"--as: no active user “{username}” in {home.slug}.") from None
        try:
            with open(file, "rb") as upload, (open(milestones, "rb") if milestones else contextlib.nullcontext()) as second:
                result = import_activities(upload, user=user, municipality=home, milestones=second)
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror}") from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} problem(s); nothing was imported.")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(str(warning)))
        self.stdout.write(self.style.SUCCESS(
            f"Imported: {result.created} created, {result.updated} updated, {result.unchanged} unchanged "
            f"({result.cost_lines} cost lines, {result.milestones} milestones)."
        ))

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vanort import config

SECRET = {"VANORT_SECRET_KEY"}


class Command(BaseCommand):
    help = "Show the configuration read from the environment, then check it and the database."

    def handle(self, *args, **options):
        for var in config.VARIABLES:
            value = settings.ENV[var.name]
            if var.name in SECRET:
                value = "(set)" if value else "(not set)"
            elif var.name == "DATABASE_URL" or var.name == "VANORT_EMAIL_URL":
                value = _hide_password(str(value))
            self.stdout.write(f"{var.name:<28} {value}    # {var.help}")
        call_command("check", stdout=self.stdout)
        try:
            connection.ensure_connection()
        except Exception as exc:  # the operator needs the driver's own words here
            raise CommandError(f"The database cannot be reached: {exc}") from exc
        pending = MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(self.style.WARNING(f"{len(pending)} migrations are not applied: run `vanort migrate`."))
        self.stdout.write(self.style.SUCCESS(f"Database {connection.vendor} reachable. Configuration OK."))


def _hide_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url

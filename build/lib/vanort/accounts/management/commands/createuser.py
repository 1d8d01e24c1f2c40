import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vanort.accounts.services import user_create
from vanort.core.roles import Role
from vanort.tenancy.models import Organisation


class Command(BaseCommand):
    help = "Create a user in an organisation with a role. The password is asked for, or read from VANORT_PASSWORD."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="the organisation's name (or id)")
        parser.add_argument("--municipality", help="the municipality's short name, when names repeat across municipalities")
        parser.add_argument("--role", required=True, choices=[role.value for role in Role])
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, organisation, municipality, role, email, first_name, last_name, **options):
        orgs = Organisation.objects.all()
        if municipality:
            orgs = orgs.filter(municipality__slug=municipality)
        matches = list(orgs.filter(pk=int(organisation)) if organisation.isdigit() else orgs.filter(name=organisation))
        if not matches:
            raise CommandError(f"--organisation: no organisation called “{organisation}”.")
        if len(matches) > 1:
            raise CommandError(f"--organisation: “{organisation}” exists in several municipalities; add --municipality.")
        password = os.environ.get("VANORT_PASSWORD") or getpass.getpass("Password: ")
        try:
            user = user_create(username=username, password=password, organisation=matches[0], role=role,
                               email=email, first_name=first_name, last_name=last_name)
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in _errors(error))) from error
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({user.get_role_display()}, {user.organisation})."))


def _errors(error: ValidationError):
    if hasattr(error, "error_dict"):
        return [(field, [str(m) for e in errs for m in e.messages]) for field, errs in error.error_dict.items()]
    return [("password", error.messages)]

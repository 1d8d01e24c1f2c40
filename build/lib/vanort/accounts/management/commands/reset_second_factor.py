from django.core.management.base import BaseCommand, CommandError

from vanort.accounts import second_factor
from vanort.accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's authenticator app (lost phone): they set up a new one at their next administration page."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called “{username}”.")
        removed = second_factor.reset(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Reset the second factor of {user.username} ({removed} device(s) removed)."
            )
        )

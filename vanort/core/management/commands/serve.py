import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

#: The access log names the path without its query string (a search may be a person's name) and
#: leaves out the client's address, user agent and referrer: no personal data in the logs. The
#: logger class masks private calendar tokens (vanort.core.access_log).
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'


class Command(BaseCommand):
    help = "Migrate the database, load the demo if asked (into an empty database only), and serve with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--demo", action="store_true", help="load the demo into an empty database")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
        parser.add_argument("--no-serve", action="store_true", help="prepare the database, then stop")

    def handle(self, *args, port, host, demo, workers, no_serve, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Database is up to date."))
        if demo:
            call_command("loaddemo", if_empty=True, url=f"http://{host}:{port}/", stdout=self.stdout)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        if no_serve:
            return
        self.stdout.write(f"Serving Vänort on http://{host}:{port}/  (Ctrl+C stops)")
        sys.stdout.flush()
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        argv = [gunicorn, "vanort.wsgi:application", "--bind", f"{host}:{port}", "--workers", str(workers),
                "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT,
                "--logger-class", "vanort.core.access_log.AccessLogger", "--graceful-timeout", "5"]
        env = served_environment(os.environ)
        os.execve(gunicorn, argv, env) if os.path.isabs(gunicorn) else os.execvpe(gunicorn, argv, env)


def served_environment(environ) -> dict[str, str]:
    """The environment gunicorn runs with: DEBUG off unless ``VANORT_DEBUG`` asks for it.

    What ``serve`` serves (the demo included) is what people see, so a wrong address shows
    Vänort's own 404 page in the user's language rather than Django's debug page."""
    return {"VANORT_DEBUG": "0", **environ}

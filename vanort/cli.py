"""The ``vanort`` command: Vänort's operator commands, and Django's manage command.

``vanort serve --demo`` runs the demo; ``vanort migrate``, ``vanort shell -c …`` and every other
Django management command work as with ``manage.py``. Hyphens and underscores are interchangeable
in command names (``vanort create-user`` = ``vanort createuser``).
"""

import os
import sys

OPERATOR_COMMANDS = {
    "serve": "migrate, optionally load the demo (--demo), and serve (default http://127.0.0.1:8000)",
    "create-municipality": "set up a new home municipality with its first organisation",
    "createuser": "create a user in a municipality and organisation with a role",
    "reset-second-factor": "remove a user's authenticator app (lost phone); they enrol again",
    "checkconfig": "show the configuration read from the environment and check the database",
    "loaddemo": "load the demo (Linköping, Palo Alto, Smart City Alliance) into an empty database",
    "migrate": "create or update the database tables",
    "backup": "back up the database and uploaded files into one checked archive (site may keep running)",
    "restore": "check a backup completely, then restore it (--check: only check; --force: replace)",
    "sweep-files": "remove uploaded files no record refers to, once a backup holds them (run daily after the backup)",
    "rebuild-search": "rebuild the site-wide search index from every record and uploaded document",
    "anonymise-expired": "anonymise named participants whose retention time has run out (run daily)",
}


def usage() -> str:
    lines = ["Usage: vanort COMMAND [options]   (vanort COMMAND --help for a command's options)", "", "Operator commands:"]
    lines += [f"  {name:<20} {text}" for name, text in OPERATOR_COMMANDS.items()]
    lines += ["", "Every Django management command is available too: vanort help --commands lists them."]
    return "\n".join(lines)


def command_name(name: str, known) -> str:
    """``import-twins`` → ``import_twins``, ``check-config`` → ``checkconfig``, when such a command exists."""
    for candidate in (name, name.replace("-", "_"), name.replace("-", "")):
        if candidate in known:
            return candidate
    return name


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanort.settings")
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(usage())
        return
    from vanort.config import ConfigError

    try:
        import django
        from django.core.management import execute_from_command_line, get_commands

        django.setup()
        argv[1] = command_name(argv[1], get_commands())
        execute_from_command_line(["vanort", *argv[1:]])
    except ConfigError as exc:
        sys.exit(f"vanort: configuration error: {exc}")


if __name__ == "__main__":
    main()

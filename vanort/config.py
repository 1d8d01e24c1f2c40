"""Every environment variable Vänort reads, declared once with its type and default.

Development defaults just work; production (``VANORT_ENV=production``) refuses to start without
a secret key and allowed hosts. ``.env.example`` documents the same variables for operators.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A configuration value is missing or malformed."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {raw!r}")


def _list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


@dataclass(frozen=True)
class Var:
    name: str
    cast: type | object
    default: object
    help: str

    def read(self, environ=os.environ):
        raw = environ.get(self.name)
        if raw is None:
            return self.default
        try:
            return self.cast(raw)
        except ValueError as exc:
            raise ConfigError(f"{self.name}: {exc}") from exc


VARIABLES = [
    Var("VANORT_ENV", str, "development", "development or production"),
    Var("VANORT_SECRET_KEY", str, "", "secret key; required in production"),
    Var("VANORT_ALLOWED_HOSTS", _list, ["127.0.0.1", "localhost", "[::1]"], "comma-separated host names"),
    Var("VANORT_CSRF_TRUSTED_ORIGINS", _list, [], "comma-separated origins, e.g. https://vanort.example.se"),
    Var("DATABASE_URL", str, "", "database URL (postgres://… or sqlite:///…); default: vanort.sqlite3 in the data folder"),
    Var("VANORT_DATA_DIR", Path, BASE_DIR / "var", "folder for uploaded files and the SQLite database"),
    Var("VANORT_STATIC_ROOT", Path, BASE_DIR / "staticfiles", "where collectstatic puts static files"),
    Var("VANORT_EMAIL_URL", str, "console://", "console://, smtp://user:pass@host:port or smtp+tls://…"),
    Var("VANORT_DEFAULT_FROM_EMAIL", str, "vanort@localhost", "sender of e-mail from Vänort"),
    Var("VANORT_ACCESSIBILITY_EMAIL", str, "", "where the public reports accessibility problems (default: the sender address)"),
    Var("VANORT_TIME_ZONE", str, "Europe/Stockholm", "server time zone"),
    Var("VANORT_SESSION_AGE", int, 8 * 3600, "seconds before a session expires"),
    Var("VANORT_LOGIN_FAILURE_LIMIT", int, 5, "failed logins before an account and address is locked out"),
    Var("VANORT_LOCKOUT_MINUTES", int, 15, "how long a lockout lasts"),
    Var("VANORT_UPLOAD_MAX_MB", int, 20, "largest uploaded document in megabytes"),
    Var("VANORT_UPLOAD_MAX_FILES", int, 20, "most files one agreement, decision or activity may have"),
    Var("VANORT_TASKS", str, "immediate", "immediate (in-process) or database (django-tasks-db worker)"),
    Var("VANORT_DEBUG", _bool, None, "force debug on or off (defaults to on in development)"),
]


def load(environ=os.environ) -> dict:
    values = {var.name: var.read(environ) for var in VARIABLES}
    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{Path(values['VANORT_DATA_DIR']) / 'vanort.sqlite3'}"
    if values["VANORT_ENV"] not in {"development", "production"}:
        raise ConfigError("VANORT_ENV must be 'development' or 'production'")
    if values["VANORT_ENV"] == "production":
        if not values["VANORT_SECRET_KEY"] or len(values["VANORT_SECRET_KEY"]) < 32:
            raise ConfigError("VANORT_SECRET_KEY must be set (at least 32 characters) in production")
        if "VANORT_ALLOWED_HOSTS" not in environ:
            raise ConfigError("VANORT_ALLOWED_HOSTS must be set in production")
        if values["VANORT_DEBUG"]:
            raise ConfigError("VANORT_DEBUG cannot be on in production")
    return values

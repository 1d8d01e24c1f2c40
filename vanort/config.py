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
    Var("VANORT_DB_CONN_MAX_AGE", int, None, "seconds a database connection is kept for the next request (default 600 in production, 0 in development)"),
    Var("VANORT_DATA_DIR", Path, BASE_DIR / "var", "folder for uploaded files and the SQLite database"),
    Var("VANORT_STATIC_ROOT", Path, BASE_DIR / "staticfiles", "where collectstatic puts static files"),
    Var("VANORT_EMAIL_URL", str, "console://", "console://, smtp://user:pass@host:port or smtp+tls://…"),
    Var("VANORT_DEFAULT_FROM_EMAIL", str, "vanort@localhost", "sender of e-mail from Vänort"),
    Var("VANORT_ACCESSIBILITY_EMAIL", str, "", "where the public reports accessibility problems (default: the sender address)"),
    Var("VANORT_TIME_ZONE", str, "Europe/Stockholm", "server time zone"),
    Var("VANORT_SESSION_AGE", int, 8 * 3600, "seconds before a session expires"),
    Var("VANORT_LOGIN_FAILURE_LIMIT", int, 5, "failed logins before an account and address is locked out"),
    Var("VANORT_LOCKOUT_MINUTES", int, 15, "how long a lockout lasts"),
    Var("VANORT_TRUSTED_PROXY_COUNT", int, 0, "reverse proxies in front of Vänort that append to X-Forwarded-For; 0 = the connecting address is the client"),
    Var("VANORT_UPLOAD_MAX_MB", int, 20, "largest uploaded document in megabytes"),
    Var("VANORT_UPLOAD_MAX_FILES", int, 20, "most files one agreement, decision or activity may have"),
    Var("VANORT_TASKS", str, "immediate", "immediate (in-process) or database (django-tasks-db worker)"),
    Var("VANORT_NAMED_PARTICIPANT_RETENTION_DAYS", int, 365, "days after an activity's end before its named participants are anonymised"),
    Var("VANORT_DEBUG", _bool, None, "force debug on or off (defaults to on in development, off under vanort serve and the demo)"),
    Var("VANORT_HSTS_SECONDS", int, 31536000, "production: how long browsers keep to HTTPS (Strict-Transport-Security); 0 turns it off"),
    Var("VANORT_SSL_REDIRECT", _bool, True, "production: redirect plain HTTP to HTTPS"),
    Var("VANORT_PROXY_SSL_HEADER", str, "X-Forwarded-Proto", "production: header in which the reverse proxy says 'https'; empty if there is no proxy"),
    Var("VANORT_CACHE_URL", str, "", "shared cache for several hosts: redis://host:6379/0, memcached://host:11211 or db://; default: files in the data folder"),
    Var("VANORT_S3_BUCKET", str, "", "store uploaded files in this S3 bucket (shared by several hosts); default: the data folder"),
    Var("VANORT_S3_ENDPOINT_URL", str, "", "S3-compatible service's address (MinIO, Ceph …); empty for Amazon S3"),
    Var("VANORT_S3_REGION", str, "", "the bucket's region, e.g. eu-north-1"),
    Var("VANORT_S3_ACCESS_KEY_ID", str, "", "S3 access key (empty: boto3 finds credentials itself, e.g. an instance role)"),
    Var("VANORT_S3_SECRET_ACCESS_KEY", str, "", "S3 secret key"),
    Var("VANORT_S3_PREFIX", str, "", "folder inside the bucket for Vänort's files"),
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


def storages(values: dict, production: bool) -> dict:
    """Django's ``STORAGES``: uploaded files in an S3 bucket when one is named, else on disk.

    Files stay private in the bucket (no public ACL); Vänort reads them itself and serves them
    only to those who may see them, so several hosts share one bucket.
    """
    default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if values["VANORT_S3_BUCKET"]:
        options = {
            "bucket_name": values["VANORT_S3_BUCKET"],
            "location": values["VANORT_S3_PREFIX"].strip("/"),
            "endpoint_url": values["VANORT_S3_ENDPOINT_URL"],
            "region_name": values["VANORT_S3_REGION"],
            "access_key": values["VANORT_S3_ACCESS_KEY_ID"],
            "secret_key": values["VANORT_S3_SECRET_ACCESS_KEY"],
        }
        options = {key: value for key, value in options.items() if value}
        # Like the file system: never overwrite a file of the same name, never make one public.
        default = {"BACKEND": "storages.backends.s3.S3Storage",
                   "OPTIONS": {**options, "file_overwrite": False, "default_acl": None, "querystring_auth": True}}
    static = "whitenoise.storage.CompressedManifestStaticFilesStorage" if production else "django.contrib.staticfiles.storage.StaticFilesStorage"
    return {"default": default, "staticfiles": {"BACKEND": static}}


def caches(url: str, data_dir: Path) -> dict:
    """Django's ``CACHES`` from ``VANORT_CACHE_URL``: files on this host unless a shared cache is named."""
    scheme = url.split("://", 1)[0] if url else ""
    if scheme in {"redis", "rediss"}:
        default = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif scheme == "memcached":
        default = {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": url.split("://", 1)[1]}
    elif scheme == "db":
        default = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "vanort_cache"}
    elif not url:
        default = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(Path(data_dir) / "cache"),
                   "OPTIONS": {"MAX_ENTRIES": 5000}}
    else:
        raise ConfigError("VANORT_CACHE_URL must start with redis://, rediss://, memcached:// or be db://")
    return {"default": {**default, "TIMEOUT": 300}}

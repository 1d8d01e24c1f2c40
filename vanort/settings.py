"""Django settings for Vänort. Every value that varies comes from ``vanort.config``."""

from __future__ import annotations

from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from vanort import config

ENV = config.load()
BASE_DIR = config.BASE_DIR
PRODUCTION = ENV["VANORT_ENV"] == "production"
DEBUG = (not PRODUCTION) if ENV["VANORT_DEBUG"] is None else ENV["VANORT_DEBUG"]

# A development key is generated per checkout; production must bring its own (config.load checks).
SECRET_KEY = ENV["VANORT_SECRET_KEY"] or "django-insecure-vanort-development-only-key-0123456789"
ALLOWED_HOSTS = ENV["VANORT_ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS = ENV["VANORT_CSRF_TRUSTED_ORIGINS"]

DATA_DIR = ENV["VANORT_DATA_DIR"]
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # the search index's tsvector field (a plain column on SQLite)
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "vanort.core",
    "vanort.places",
    "vanort.tenancy",
    "vanort.accounts",
    "vanort.registry",
    "vanort.plans",
    "vanort.governance",
    "vanort.publishing",
    "vanort.twins",
    "vanort.api",
    "vanort.demo",
    "vanort.reports",
    "vanort.search",
    "vanort.privacy",  # the top of the dependency chain: the personal-data register reads every app, none reads it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vanort.core.middleware.RequestTooLargeMiddleware",
    "vanort.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "vanort.core.middleware.RejectNulBytesMiddleware",  # after LocaleMiddleware: the 400 page is translated
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vanort.accounts.second_factor.SecondFactorMiddleware",  # administration pages need TOTP
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vanort.urls"
WSGI_APPLICATION = "vanort.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vanort" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vanort.core.context_processors.vanort",
            ],
        },
    },
]

_CONN_MAX_AGE = ENV["VANORT_DB_CONN_MAX_AGE"] if ENV["VANORT_DB_CONN_MAX_AGE"] is not None else (600 if PRODUCTION else 0)
DATABASES = {"default": dj_database_url.parse(ENV["DATABASE_URL"], conn_max_age=_CONN_MAX_AGE, conn_health_checks=_CONN_MAX_AGE > 0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    if DATABASES["default"]["NAME"] != ":memory:":
        from pathlib import Path

        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public pages and feeds are cached (vanort.publishing.caching). The default file cache is shared
# by all gunicorn workers on one host, so a record made internal disappears from every worker at
# once; several hosts need a shared cache (VANORT_CACHE_URL: Redis, Memcached or the database).
CACHES = config.caches(ENV["VANORT_CACHE_URL"], DATA_DIR)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = ENV["VANORT_LOGIN_FAILURE_LIMIT"]
AXES_COOLOFF_TIME = ENV["VANORT_LOCKOUT_MINUTES"] / 60  # hours
# A lockout holds one user name from one client address: the same account still signs in elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
VANORT_TRUSTED_PROXY_COUNT = ENV["VANORT_TRUSTED_PROXY_COUNT"]
AXES_CLIENT_IP_CALLABLE = "vanort.accounts.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Second factor for administrators (vanort.accounts.second_factor): each wrong code doubles the
# wait before the next one is checked (2, 4, 8 … seconds).
OTP_TOTP_ISSUER = "Vänort"
OTP_TOTP_THROTTLE_FACTOR = 2
# What axes logs about a failed or locked-out login: never the username or the address typed.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
AXES_VERBOSE = False

SESSION_COOKIE_AGE = ENV["VANORT_SESSION_AGE"]
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "vanort.core.errors.csrf_failure"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = PRODUCTION
# No script reads the CSRF token from the cookie: every form carries it ({% csrf_token %}).
CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:  # served over TLS, usually behind a reverse proxy (docs/operations.md)
    SECURE_HSTS_SECONDS = ENV["VANORT_HSTS_SECONDS"]
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = ENV["VANORT_SSL_REDIRECT"]
    if ENV["VANORT_PROXY_SSL_HEADER"]:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + ENV["VANORT_PROXY_SSL_HEADER"].upper().replace("-", "_"), "https")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preloading binds every subdomain of the municipality's domain in browsers for years:
    # the domain's owner decides it (hstspreload.org), not one application on it.
    "security.W021",
]

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "vanort" / "locale"]
# British English dates (6 December 2026, 06/12/2026), not American ones: vanort/formats/.
FORMAT_MODULE_PATH = ["vanort.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = ENV["VANORT_TIME_ZONE"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_LANGUAGES = ("sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("sv", "en"), "sv": ("en",), "en": ("sv",)}
MODELTRANSLATION_AUTO_POPULATE = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "vanort" / "static"]  # the project's own CSS and vendored assets
STATIC_ROOT = ENV["VANORT_STATIC_ROOT"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = config.storages(ENV, PRODUCTION)  # uploaded files on disk, or in S3 (VANORT_S3_BUCKET)
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_ROOT = BASE_DIR / "vanort" / "root"  # favicon.ico at the site root, which browsers ask for
UPLOAD_MAX_BYTES = ENV["VANORT_UPLOAD_MAX_MB"] * 1024 * 1024
UPLOAD_MAX_FILES = ENV["VANORT_UPLOAD_MAX_FILES"]  # per agreement, decision or activity
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # a form's fields, files not counted
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger files go to a temporary file

_email = urlsplit(ENV["VANORT_EMAIL_URL"])
_MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",  # file:///folder — one file per message, for tests
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
}
if _email.scheme not in _MAIL_BACKENDS:
    raise config.ConfigError("VANORT_EMAIL_URL must start with console://, locmem://, file://, smtp:// or smtp+tls://")
MAILERS = {"default": {"BACKEND": _MAIL_BACKENDS[_email.scheme]}}
if _email.scheme == "file":
    MAILERS["default"]["OPTIONS"] = {"file_path": _email.path}
if _email.scheme.startswith("smtp"):
    MAILERS["default"]["OPTIONS"] = {
        "host": _email.hostname or "localhost",
        "port": _email.port or 25,
        "username": _email.username or "",
        "password": _email.password or "",
        "use_tls": _email.scheme == "smtp+tls",
        "timeout": 30,
    }
DEFAULT_FROM_EMAIL = ENV["VANORT_DEFAULT_FROM_EMAIL"]
VANORT_ACCESSIBILITY_EMAIL = ENV["VANORT_ACCESSIBILITY_EMAIL"]

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if ENV["VANORT_TASKS"] == "database"
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}

SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# No personal data in the logs (docs/architecture.md): the handler masks e-mail addresses and phone
# numbers and withholds exception messages. Django's loggers lose their own handlers (the admin
# e-mails would carry the request's POST data) and reach it through the root logger.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "vanort.core.logging.PersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "vanort": {"level": "INFO"},
        "django": {"handlers": [], "level": "INFO"},
    },
}

VANORT_PAGE_SIZE = 50
FILTERS_EMPTY_CHOICE_LABEL = _("All")
#: Report files for more activities than this are produced in the background (vanort.reports).
VANORT_REPORT_SYNC_LIMIT = 2000
# Named participants are anonymised this many days after their activity ended (vanort anonymise-expired).
VANORT_NAMED_PARTICIPANT_RETENTION_DAYS = ENV["VANORT_NAMED_PARTICIPANT_RETENTION_DAYS"]

# The REST API (vanort.api): the same gate, filters and services as the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "vanort.api.authentication.TokenAuthentication",  # first: anonymous writes get 401
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["vanort.api.permissions.Gate"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "vanort.api.pagination.CappedPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "vanort.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Vänort API",
    "DESCRIPTION": "Partner-city cooperation: public data for everyone, the rest with a personal API token.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PartnershipStatusEnum": "vanort.registry.models.Partnership.Status",
        "ActionPlanStatusEnum": "vanort.plans.models.ActionPlan.Status",
        "ActivityStatusEnum": "vanort.plans.models.Activity.Status",
        "VisitNoticeStatusEnum": "vanort.plans.models.VisitNotice.Status",
        "ActivityKindEnum": "vanort.plans.models.Activity.Kind",
        "OrganisationKindEnum": "vanort.tenancy.models.Organisation.Kind",
    },
}

"""A production configuration: ``check --deploy`` passes, responses carry the security headers and
cookies are locked down; uploaded files and the cache can be shared by several hosts.

The production tests run Vänort in a subprocess with only environment variables, as an operator does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.files.storage import storages
from django.test import override_settings
from django.urls import reverse

from vanort import config

pytestmark = pytest.mark.engine_independent

PRODUCTION_ENV = {
    "VANORT_ENV": "production",
    "VANORT_DEBUG": "false",
    "VANORT_SECRET_KEY": "a-production-secret-key-that-is-long-enough-0123456789",
    "VANORT_ALLOWED_HOSTS": "vanort.example.se",
    "VANORT_CSRF_TRUSTED_ORIGINS": "https://vanort.example.se",
    "VANORT_EMAIL_URL": "smtp+tls://vanort:secret@smtp.example.se:587",
}


def run_production(tmp_path, *args, extra=None) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VANORT_", "DATABASE_URL", "DJANGO_"))
    }
    env |= PRODUCTION_ENV | {
        "VANORT_DATA_DIR": str(tmp_path / "data"),
        "VANORT_STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vanort.sqlite3'}",
    }
    env |= extra or {}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=config.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_passes_in_production(tmp_path):
    result = run_production(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    # The one silenced warning is HSTS preloading, a decision for the domain's owner (settings.py).
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_complains_about_a_development_mailer(tmp_path):
    result = run_production(tmp_path, "check", "--deploy", extra={"VANORT_EMAIL_URL": "console://"})
    assert result.returncode != 0 and "mail.E001" in result.stderr


#: Runs inside the production process: real requests through the whole middleware stack.
PROBE = """
import json
from django.core.management import call_command
from django.test import Client
from vanort.accounts.models import User
from vanort.tenancy.models import Municipality, Organisation
from vanort.places.models import City

from django.conf import settings
from django.test import override_settings

call_command("migrate", verbosity=0)
# A deployment runs collectstatic (minutes of compression); these pages only need the static names.
override_settings(STORAGES=settings.STORAGES | {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
city = City.objects.create(name="Linköping", country="SE", time_zone="Europe/Stockholm")
home = Municipality.objects.create(name="Linköping", slug="linkoping", city=city)
office = Organisation.objects.create(municipality=home, name="Kansliet", kind="office")
user = User(username="kim", organisation=office, municipality=home, role="coordinator")
user.set_password("a-long-password-2026")
user.save()

def cookies(response):
    return {name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"]}
            for name, m in response.cookies.items()}

tls = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "vanort.example.se"}
client = Client(enforce_csrf_checks=False)
login = client.get("/accounts/login/", **tls)
signed_in = client.post("/accounts/login/", {"username": "kim", "password": "a-long-password-2026"}, **tls)
language = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, **tls)
plain = Client().get("/accounts/login/", HTTP_HOST="vanort.example.se")
print(json.dumps({
    "status": login.status_code,
    "headers": dict(login.headers),
    "cookies": cookies(login) | cookies(signed_in) | cookies(language),
    "signed_in": signed_in.status_code,
    "plain": [plain.status_code, plain.headers.get("Location")],
}))
"""


@pytest.fixture(scope="module")
def production_response(tmp_path_factory):
    result = run_production(tmp_path_factory.mktemp("production"), "shell", "-v", "0", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_responses_carry_the_security_headers(production_response):
    headers = production_response["headers"]
    assert production_response["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = {
        part.split()[0]: part.split()[1:] for part in headers["Content-Security-Policy"].split("; ")
    }
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert (
        csp["default-src"] == ["'self'"]
        and csp["script-src"][0] == "'self'"
        and "'unsafe-inline'" not in csp["script-src"]
    )


def test_production_cookies_are_secure_httponly_and_same_site(production_response):
    assert production_response["signed_in"] == 302
    cookies = production_response["cookies"]
    assert set(cookies) >= {"sessionid", "csrftoken", "django_language"}
    for name in ("sessionid", "csrftoken", "django_language"):
        assert cookies[name] == {"secure": True, "httponly": True, "samesite": "Lax"}, name


def test_production_redirects_plain_http_to_https(production_response):
    assert production_response["plain"] == [301, "https://vanort.example.se/accounts/login/"]


def test_development_responses_carry_the_headers_too(client):
    response = client.get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response  # no TLS in development


def test_proxy_header_hsts_and_redirect_are_configurable(tmp_path):
    show = "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT)"
    behind = run_production(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        show,
        extra={"VANORT_PROXY_SSL_HEADER": "X-Forwarded-Scheme"},
    )
    assert behind.stdout.split() == [
        "31536000",
        "('HTTP_X_FORWARDED_SCHEME',",
        "'https')",
        "True",
    ], behind.stderr
    extra = {"VANORT_HSTS_SECONDS": "0", "VANORT_PROXY_SSL_HEADER": "", "VANORT_SSL_REDIRECT": "no"}
    direct = run_production(tmp_path, "shell", "-v", "0", "-c", show, extra=extra)
    assert direct.stdout.split() == ["0", "None", "False"], direct.stderr


def test_uploaded_files_stay_on_disk_by_default(tmp_path):
    built = config.storages(config.load({}), production=False)
    assert built["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert config.storages(config.load({}), production=True)["staticfiles"]["BACKEND"].startswith(
        "whitenoise."
    )


def test_an_s3_bucket_from_the_environment_becomes_the_default_storage():
    values = config.load(
        {
            "VANORT_S3_BUCKET": "vanort-files",
            "VANORT_S3_ENDPOINT_URL": "https://s3.example.se",
            "VANORT_S3_REGION": "eu-north-1",
            "VANORT_S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
            "VANORT_S3_SECRET_ACCESS_KEY": "secret",
            "VANORT_S3_PREFIX": "/linkoping/",
        }
    )
    built = config.storages(values, production=True)
    assert built["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    with override_settings(STORAGES=built):
        storage = storages["default"]
        assert (
            storage.bucket_name,
            storage.location,
            storage.endpoint_url,
            storage.region_name,
        ) == (
            "vanort-files",
            "linkoping",
            "https://s3.example.se",
            "eu-north-1",
        )
        assert (
            storage.access_key == "AKIAEXAMPLE"
            and storage.default_acl is None
            and not storage.file_overwrite
        )
        assert "X-Amz-Signature=" in storage.url(
            "agreements/avtal.pdf"
        )  # private: signed links only


def test_without_keys_boto3_finds_the_credentials_itself():
    options = config.storages(config.load({"VANORT_S3_BUCKET": "b"}), production=True)["default"][
        "OPTIONS"
    ]
    assert (
        "access_key" not in options
        and "secret_key" not in options
        and "endpoint_url" not in options
    )


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "django.core.cache.backends.filebased.FileBasedCache", "/data/cache"),
        (
            "redis://cache.example.se:6379/0",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.example.se:6379/0",
        ),
        (
            "memcached://cache.example.se:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "cache.example.se:11211",
        ),
        ("db://", "django.core.cache.backends.db.DatabaseCache", "vanort_cache"),
    ],
)
def test_the_cache_is_chosen_by_the_environment(url, backend, location):
    cache = config.caches(url, "/data")["default"]
    assert (cache["BACKEND"], cache["LOCATION"]) == (backend, location)


def test_an_unknown_cache_is_refused():
    with pytest.raises(config.ConfigError, match="VANORT_CACHE_URL"):
        config.caches("mongodb://x", "/data")

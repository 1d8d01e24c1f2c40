"""The database gone or locked: a plain 503 page in the user's language, nothing half-written,
and the site back by itself when the database returns — all within one process."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from vanort.core.middleware import unavailable_response
from vanort.core.roles import Role
from vanort.registry.models import Agreement

pytestmark = pytest.mark.engine

SV = "Tillfälligt otillgänglig"
EN = "Temporarily unavailable"


@contextmanager
def database_down():
    """Point the connection where no database answers, then put it back."""
    saved = {key: connection.settings_dict[key] for key in ("NAME", "PORT", "HOST")}
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-vanort-folder/vanort.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@contextmanager
def database_locked():
    """Another process holds the write lock on what the request wants to write; we wait briefly."""
    if connection.vendor == "sqlite":
        holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 200")
    else:
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        holder = psycopg.connect(**params)
        holder.execute(f"LOCK TABLE {Agreement._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
    try:
        yield
    finally:
        holder.rollback() if connection.vendor != "sqlite" else holder.execute("ROLLBACK")
        holder.close()


def agreement_data(world):
    return {
        "partnership": world.partnership.pk,
        "title_sv": "Nytt avtal",
        "parties": "Linköping\nPalo Alto",
    }


def assert_unavailable(response, text):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert text in page
    assert "Traceback" not in page and "OperationalError" not in page


@pytest.mark.django_db(transaction=True)
def test_database_down_gives_a_plain_503_in_the_users_language_and_recovers(world, caplog):
    client = Client()
    client.force_login(world.users[Role.COORDINATOR])
    assert client.get(reverse("home")).status_code == 200
    with database_down(), caplog.at_level(logging.WARNING, logger="vanort.faults"):
        assert_unavailable(client.get(reverse("home")), SV)  # Swedish by default
        assert_unavailable(client.get(reverse("home"), headers={"accept-language": "en"}), EN)
        client.cookies["django_language"] = "en"
        assert_unavailable(client.get(reverse("registry:agreement_list")), EN)
        assert_unavailable(Client().get(reverse("home")), SV)  # the public too
    # Logged without the user, the query string or the SQL.
    assert "Database unavailable (OperationalError) during GET /" in caplog.text
    assert "coordinator" not in caplog.text
    # The database is back: the same process serves again, no restart.
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("registry:agreement_list")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_locked_database_writes_nothing_and_the_retry_succeeds(world):
    client = Client()
    client.force_login(world.users[Role.COORDINATOR])
    before = Agreement.objects.count()
    with database_locked():
        assert_unavailable(
            client.post(reverse("registry:agreement_create"), agreement_data(world)), SV
        )
    assert Agreement.objects.count() == before
    response = client.post(reverse("registry:agreement_create"), agreement_data(world))
    assert response.status_code == 302
    assert Agreement.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_database_dying_mid_write_leaves_no_half_write(world):
    """The agreement's row is written, then the database fails on its history row: both go."""
    client = Client()
    client.force_login(world.users[Role.COORDINATOR])
    agreements, history = Agreement.objects.count(), Agreement.history.count()
    inserts = []

    def fail_on_second_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            inserts.append(sql)
            if len(inserts) == 2:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_on_second_insert):
        assert_unavailable(
            client.post(reverse("registry:agreement_create"), agreement_data(world)), SV
        )
    assert len(inserts) == 2  # the first write really happened before the failure
    assert Agreement.objects.count() == agreements
    assert Agreement.history.count() == history


class TouchUserMiddleware:
    """A middleware that looks the user up itself, as many do (not through a view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user.is_authenticated  # noqa: B018 - loads the session and the user
        return self.get_response(request)


@pytest.mark.django_db(transaction=True)
def test_database_error_raised_in_a_middleware_also_gives_503(world, settings):
    index = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: index + 1],
        f"{__name__}.TouchUserMiddleware",
        *settings.MIDDLEWARE[index + 1 :],
    ]
    client = Client(raise_request_exception=False)
    client.force_login(world.users[Role.BOARD])
    client.cookies["django_language"] = "en"
    with database_down():
        assert_unavailable(client.get(reverse("home")), EN)
    assert client.get(reverse("home")).status_code == 200


def test_the_page_is_rendered_without_the_database():
    # No database fixture: any query here would fail the test ("Database access not allowed").
    request = RequestFactory().get("/", headers={"accept-language": "en-GB,en;q=0.8"})
    response = unavailable_response(request, OperationalError("database is locked"))
    assert_unavailable(response, EN)
    assert 'lang="en"' in response.content.decode()

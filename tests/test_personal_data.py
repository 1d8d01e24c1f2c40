"""Personal data never reaches the logs, the feeds, open data, public pages, the API of those who
may not read it, or the error pages — through every flow that handles it."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client, override_settings
from django.urls import include, path, reverse
from rest_framework.test import APIClient

from tests.plans.conftest import make_activity
from vanort import urls as site_urls
from vanort.accounts.models import User
from vanort.api.models import ApiToken
from vanort.core.logging import WITHHELD, PersonalDataFilter, redact
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, NamedParticipant
from vanort.tenancy.models import ContactPerson

pytestmark = pytest.mark.engine_independent

NAME, EMAIL, PHONE = "Greta Hemligsdotter", "greta.hemlig@example.se", "+46 70-123 45 67"
PARTICIPANT, TRAVELLER = "Nils Deltagarsson", "Per Resenärsson"
USER_FIRST, USER_LAST, USER_EMAIL, USERNAME = (
    "Ulla",
    "Användarsdotter",
    "ulla.anvandare@example.se",
    "ulla.anvandare",
)
PERSONAL = (
    NAME,
    EMAIL,
    PHONE,
    "701234567",
    PARTICIPANT,
    TRAVELLER,
    USER_LAST,
    USER_EMAIL,
    USERNAME,
    "greta.hemlig",
)
LOGGERS = (
    "django",
    "django.request",
    "django.security",
    "django.db.backends",
    "django.template",
    "axes",
    "vanort",
)


def leaks(text: str) -> list[str]:
    return [value for value in PERSONAL if value.lower() in text.lower()]


@pytest.fixture
def logs(caplog):
    """Every record at DEBUG, raw (caplog) and as the configured handler writes it (``written``)."""
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    [console] = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, PersonalDataFilter) for f in h.filters)
    ]
    written = io.StringIO()
    # Swap the stream without flushing the old one (setStream flushes it): an earlier test in this
    # worker may have left the handler on a capture stream pytest has since closed.
    previous, console.stream = console.stream, written
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    caplog.written = written
    yield caplog
    console.stream = previous
    console.setFormatter(None)


@pytest.fixture
def activity(world):
    return make_activity(
        world,
        title="Skolutbyte",
        organisation=world.unit,
        areas=[world.area],
        is_public=True,
        partnership=world.partnership,
    )


def run_personal_data_flows(world, activity, client_for, monkeypatch, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    coordinator = client_for(world.users[Role.COORDINATOR])
    # A contact person: created, a failing edit (bad e-mail), edited.
    data = {
        "organisation": world.unit.pk,
        "name": NAME,
        "title": "Rektor",
        "email": EMAIL,
        "phone": PHONE,
    }
    assert coordinator.post(reverse("tenancy:contactperson_create"), data).status_code == 302
    contact = ContactPerson.objects.get(name=NAME)
    edit = reverse("tenancy:contactperson_edit", args=[contact.pk])
    assert (
        coordinator.post(
            edit, {**data, "email": f"{NAME}@@", "expected_version": contact.version}
        ).status_code
        == 400
    )
    assert (
        coordinator.post(
            edit, {**data, "title": "Biträdande rektor", "expected_version": contact.version}
        ).status_code
        == 302
    )
    assert (
        coordinator.post(
            reverse("tenancy:contactperson_create"), {**data, "organisation": ""}
        ).status_code
        == 400
    )
    # A named participant of a public activity, and a failing one.
    unit_editor = client_for(world.users[Role.UNIT_EDITOR])
    named = reverse("plans:namedparticipant_create", args=[activity.pk])
    assert unit_editor.post(named, {"name": PARTICIPANT, "is_minor": "on"}).status_code == 302
    assert unit_editor.post(named, {"name": "", "note": f"{NAME} {PHONE}"}).status_code == 400
    # A visit notice naming the travellers.
    visit = {
        "organisation": world.unit.pk,
        "direction": "outgoing",
        "travellers": f"{TRAVELLER}, {NAME} ({PHONE})",
        "traveller_count": 2,
        "purpose": "Skolbesök",
        "place": "Palo Alto",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-05",
        "activity": activity.pk,
        "partnership": world.partnership.pk,
    }
    assert unit_editor.post(reverse("plans:visitnotice_create"), visit).status_code == 302
    assert (
        unit_editor.post(
            reverse("plans:visitnotice_create"), {**visit, "ends_on": "2026-02-01"}
        ).status_code
        == 400
    )
    # A user from the command line, then failed logins until axes locks them out.
    monkeypatch.setenv("VANORT_PASSWORD", "a-Long-password-2026")
    call_command(
        "createuser",
        USERNAME,
        organisation=str(world.unit.pk),
        role="unit_editor",
        email=USER_EMAIL,
        first_name=USER_FIRST,
        last_name=USER_LAST,
        stdout=io.StringIO(),
    )
    anonymous = Client()
    for username in (USERNAME, EMAIL) * 3:
        anonymous.post(
            reverse("accounts:login"), {"username": username, "password": f"wrong {PHONE}"}
        )
    return contact


def test_personal_data_never_reaches_the_logs(
    world, activity, client_for, monkeypatch, settings, logs
):
    run_personal_data_flows(world, activity, client_for, monkeypatch, settings)
    assert (
        User.objects.filter(username=USERNAME).exists()
        and NamedParticipant.objects.filter(name=PARTICIPANT).exists()
    )
    assert any(r.name == "django.request" for r in logs.records), "the failing posts were logged"
    assert any(r.name.startswith("axes") for r in logs.records), "axes logged the failed logins"
    # No message names anyone, even before the handler's filter; what is written (at DEBUG, with
    # tracebacks — django.template's DEBUG records carry the template context) names no one either.
    assert leaks("\n".join(record.getMessage() for record in logs.records)) == []
    assert leaks(logs.written.getvalue()) == []
    assert "Bad Request" in logs.written.getvalue()


def boom(request):
    try:
        raise IntegrityError(
            f'duplicate key value violates unique constraint DETAIL: Key (email)=({EMAIL}) "{NAME}"'
        )
    except IntegrityError as error:
        raise RuntimeError(f"could not save {NAME}, {PHONE}") from error


handler400, handler403 = site_urls.handler400, site_urls.handler403
handler404, handler500 = site_urls.handler404, site_urls.handler500
urlpatterns = [path("test-only/boom/", boom), path("", include("vanort.urls"))]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_error_pages_and_their_logs_in_production_mode(world, client_for, logs):
    contact = ContactPerson.objects.create(
        organisation=world.unit, name=NAME, email=EMAIL, phone=PHONE
    )
    client = Client(raise_request_exception=False)
    error = client.post(f"/test-only/boom/?name={NAME}", {"email": EMAIL, "phone": PHONE})
    not_found = client.get(f"/nothing/{EMAIL}/{PHONE.replace(' ', '')}/", {"q": NAME})
    hidden = client.get(reverse("tenancy:contactperson_detail", args=[contact.pk]), {"q": EMAIL})
    forbidden = client_for(world.users[Role.BOARD]).get(
        reverse("tenancy:contactperson_edit", args=[contact.pk]), {"q": EMAIL}
    )
    assert [
        error.status_code,
        not_found.status_code,
        hidden.status_code,
        forbidden.status_code,
    ] == [500, 404, 404, 403]
    for response in (error, not_found, hidden, forbidden):
        assert leaks(response.content.decode()) == [], response.status_code
    written = logs.written.getvalue()
    assert (
        "Internal Server Error: /test-only/boom/" in written
        and "Not Found: /nothing/[e-mail]/[phone]/" in written
    )
    assert "RuntimeError" in written and "IntegrityError" in written and WITHHELD in written
    assert leaks(written) == []


def test_redaction_rules():
    assert (
        redact(f"to {EMAIL} or {PHONE}; 070-123 45 67; (08) 123 456 78")
        == "to [e-mail] or [phone]; [phone]; [phone]"
    )
    # Dates, record numbers, case numbers and paths stay readable.
    assert redact("/nothing/+4670-1234567/") == "/nothing/[phone]/"
    kept = "KS 2017-494 on 2026-03-01, /decisions/12345/ id=1234567 12:30:45 version 10"
    assert redact(kept) == kept


def public_urls(world, activity):
    slug, partnership = world.home.slug, world.partnership.pk
    urls = [
        reverse("publishing:index"),
        reverse("publishing:municipality", args=[slug]),
        reverse("publishing:partnership", args=[slug, partnership]),
        reverse("publishing:activity", args=[slug, activity.pk]),
        reverse("publishing:news_feed", args=[slug]),
        reverse("publishing:activity_feed", args=[slug]),
        reverse("publishing:calendar", args=[slug]),
        reverse("publishing:partnership_activity_feed", args=[slug, partnership]),
        reverse("publishing:partnership_calendar", args=[slug, partnership]),
        reverse("publishing:open_data", args=[slug]),
        reverse("publishing:sitemap"),
        activity.get_absolute_url(),
        world.unit.get_absolute_url(),
        activity.plan.get_absolute_url(),
        reverse("tenancy:contactperson_list"),
        reverse("tenancy:organisation_list"),
        reverse("plans:activity_list"),
    ]
    for dataset in ("partnerships", "activities", "events"):
        urls += [reverse("publishing:export", args=[slug, dataset, fmt]) for fmt in ("csv", "json")]
    return urls


API = (
    "/api/organisations/",
    "/api/partnerships/",
    "/api/action-plans/",
    "/api/activities/",
    "/api/participation/",
    "/api/visit-notices/",
    "/api/cost-lines/",
    "/api/agreements/",
)


def test_personal_data_stays_out_of_public_doors(
    world, activity, client_for, monkeypatch, settings
):
    run_personal_data_flows(world, activity, client_for, monkeypatch, settings)
    # The new user coordinates the activity's public plan: still not named publicly.
    activity.plan = ActionPlan.objects.create(
        municipality=world.home,
        partnership=world.partnership,
        title="Handlingsplan 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        coordinator=User.objects.get(username=USERNAME),
    )
    activity.save()
    anonymous = client_for(None)
    for url in public_urls(world, activity):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert (
            leaks(b"".join(response).decode() if response.streaming else response.content.decode())
            == []
        ), url
    foreign = APIClient()
    foreign.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(world.foreign_user)}")
    for client, label in ((APIClient(), "anonymous"), (foreign, "other municipality")):
        for url in (*API, f"/api/activities/{activity.pk}/"):
            response = client.get(url)
            assert response.status_code in (200, 401, 404), (label, url)
            assert leaks(response.content.decode()) == [], (label, url)
    # The unit's own editor does see them: the check above is not vacuous.
    own = (
        client_for(world.users[Role.UNIT_EDITOR]).get(activity.get_absolute_url()).content.decode()
    )
    assert PARTICIPANT in own


def test_the_served_access_log_names_no_one(tmp_path):
    """A real gunicorn with ``vanort serve``'s access-log format: no query string, no address."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    from urllib.parse import quote

    from vanort.core.management.commands.serve import ACCESS_LOG_FORMAT

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    env = {**os.environ, "VANORT_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    argv = [gunicorn, "vanort.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
            "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT]
    server = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/nothing/?q={quote(NAME)}&email={quote(EMAIL)}"
        for _attempt in range(100):
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except urllib.error.HTTPError:
                break  # answered (404 or 500): the access log has its line
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        output, _unused = server.communicate(timeout=30)
    assert '"GET /nothing/ HTTP/1.1"' in output
    assert leaks(output) == [] and "127.0.0.1 -" not in output

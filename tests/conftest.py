"""Shared fixtures: a small two-municipality world with a user of every role.

``world`` holds Linköping (home A) with public and internal records and a user per role, and a
second municipality (Other) whose non-public records no Linköping user may ever see.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection

from vanort.accounts.models import User
from vanort.core.roles import Role
from vanort.places.models import City
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent
from vanort.tenancy.models import ContactPerson, Municipality, Organisation

from . import databases

PASSWORD = "test-pass-Vanort-2026"
ROLES = [None, *Role]  # None: the anonymous public
TESTS = Path(__file__).resolve().parent


#: Test modules whose engine marker (see tests/test_engine_split.py) is declared here rather than
#: in their own ``pytestmark``: the permission matrix is being reworked on another branch; move
#: the marker into its module when that lands.
DECLARED_IN_CONFTEST: dict[str, str] = {}


def pytest_itemcollected(item):
    marker = DECLARED_IN_CONFTEST.get(Path(item.path).relative_to(TESTS).as_posix())
    if marker:
        item.add_marker(marker)


def _database_is_postgres() -> bool:
    return connection.vendor == "postgresql"  # PostGIS too; needs no open connection


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are skipped (and reported) on SQLite; CI demands PostgreSQL.

    With ``VANORT_REQUIRE_POSTGRES`` set (as ``.ci/run`` does for its PostgreSQL pass) a run whose
    DATABASE_URL is not PostgreSQL fails outright instead of quietly skipping those tests.
    """
    if _database_is_postgres():
        return
    if os.environ.get("VANORT_REQUIRE_POSTGRES"):
        pytest.exit(
            f"VANORT_REQUIRE_POSTGRES is set but the database is {connection.vendor}, not PostgreSQL; "
            "set DATABASE_URL=postgres://…",
            returncode=1,
        )
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… to run it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory, request):
    """Each worker's test database is a copy of one migrated template (see ``tests/databases.py``).

    On SQLite it is a database file rather than Django's shared in-memory one: a file behaves as
    SQLite does in use (WAL, ``BEGIN IMMEDIATE``, waiting on the write lock), while the shared-cache
    memory database fails a second writer with "table is locked", so concurrent saves and the live
    server used by the browser tests could not be tested truly. ``--create-db`` migrates afresh.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    sqlite = database["ENGINE"] == "django.db.backends.sqlite3"
    if sqlite and not database.get("TEST", {}).get("NAME"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test_vanort.sqlite3")
        # Throwaway data: no need to wait for the disk on every commit.
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = options.get("init_command", "").replace("synchronous=NORMAL", "synchronous=OFF")
    if not request.config.getvalue("create_db"):
        databases.copy_template(database)


@pytest.fixture(scope="session")
def django_db_keepdb():
    """Keep the copy made from the template: Django then only confirms it is migrated (no-op)."""
    return True


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "sv"
    # Argon2 is deliberately slow; tests that check hashing switch it back on (see test_cli).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    # WhiteNoise would scan every static folder for each new test client; Django serves them in tests.
    settings.WHITENOISE_USE_FINDERS = False
    # A cache of this test's own: the file cache in the data folder is shared by parallel workers
    # (and by runs), so one worker could be served a public page cached from another's database.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "vanort-tests"}}
    cache.clear()


def make_user(username: str, organisation: Organisation, role: Role) -> User:
    user = User(username=username, organisation=organisation, municipality=organisation.municipality, role=role,
                first_name=username.capitalize(), last_name="Testsson")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(db):
    linkoping = City.objects.create(name="Linköping", country="SE", time_zone="Europe/Stockholm", population=165000)
    palo_alto = City.objects.create(name="Palo Alto", country="US", time_zone="America/Los_Angeles", population=63000)
    enschede = City.objects.create(name="Enschede", country="NL", time_zone="Europe/Amsterdam")
    elsewhere = City.objects.create(name="Elsewhere", country="NO", time_zone="Europe/Oslo")
    home = Municipality.objects.create(name="Linköping", slug="linkoping", city=linkoping)
    other = Municipality.objects.create(name="Other", slug="other", city=elsewhere)

    office = Organisation.objects.create(municipality=home, name="Internationella funktionen", kind="office")
    board_org = Organisation.objects.create(municipality=home, name="Kommunstyrelsen", kind="board")
    unit = Organisation.objects.create(municipality=home, name="Utbildningsförvaltningen", kind="administration")
    other_unit = Organisation.objects.create(municipality=home, name="Tekniska verken", kind="company")
    university = Organisation.objects.create(municipality=home, name="Linköpings universitet", kind="university")
    hidden_org = Organisation.objects.create(municipality=home, name="Internal working group", kind="office", is_public=False)
    foreign_org = Organisation.objects.create(municipality=other, name="Other office", kind="office")

    users = {
        Role.ADMIN: make_user("admin", office, Role.ADMIN),
        Role.COORDINATOR: make_user("coordinator", office, Role.COORDINATOR),
        Role.BOARD: make_user("board", board_org, Role.BOARD),
        Role.UNIT_EDITOR: make_user("editor", unit, Role.UNIT_EDITOR),
        Role.PARTNER: make_user("partner", university, Role.PARTNER),
    }
    foreign_user = make_user("foreigner", foreign_org, Role.COORDINATOR)

    area = PriorityArea.objects.create(municipality=home, name="Smart stad", name_en="Smart city")
    partnership = Partnership.objects.create(
        municipality=home, partner_city=palo_alto, category="sister", status="active", start_year=1987,
        summary="Systerort sedan 1987.", summary_en="Sister city since 1987.", internal_notes="Secret note",
    )
    partnership.priority_areas.add(area)
    internal_partnership = Partnership.objects.create(municipality=home, partner_city=enschede, status="proposed", is_public=False)
    foreign_partnership = Partnership.objects.create(municipality=other, partner_city=palo_alto, status="active", is_public=False)
    event = TimelineEvent.objects.create(partnership=partnership, date=datetime.date(1986, 1, 1), precision="year",
                                         title="Studentutbyte", title_en="Student exchange")
    internal_event = TimelineEvent.objects.create(partnership=partnership, date=datetime.date(2017, 5, 1), title="Internt möte", is_public=False)
    agreement = Agreement.objects.create(partnership=partnership, title="Överenskommelse 1987", parties="Linköping\nPalo Alto",
                                         signed_on=datetime.date(1987, 6, 1))
    network = Network.objects.create(municipality=home, name="Smart City Alliance")
    network.member_cities.add(palo_alto, enschede)
    contact = ContactPerson.objects.create(organisation=unit, name="Anna Andersson", email="anna@example.se")
    other_contact = ContactPerson.objects.create(organisation=other_unit, name="Bo Berg")
    return SimpleNamespace(
        home=home, other=other, cities=SimpleNamespace(linkoping=linkoping, palo_alto=palo_alto, enschede=enschede),
        office=office, unit=unit, other_unit=other_unit, university=university, hidden_org=hidden_org, foreign_org=foreign_org,
        users=users, foreign_user=foreign_user, area=area, partnership=partnership, internal_partnership=internal_partnership,
        foreign_partnership=foreign_partnership, event=event, internal_event=internal_event, agreement=agreement,
        network=network, contact=contact, other_contact=other_contact,
    )


@pytest.fixture
def client_for(client):
    """``client_for(user)`` — a test client logged in as ``user`` (or anonymous for ``None``)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user)
            verify_second_factor(client, user)
        return client

    return make


def verify_second_factor(client, user) -> None:
    """Give an administrator a TOTP device and mark the client's session as verified with it.

    Administration pages need that second factor (vanort.accounts.second_factor); other users
    are left as they are.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from vanort.accounts.second_factor import needs_second_factor

    if not needs_second_factor(user):
        return
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def is_postgres() -> bool:
    return connection.vendor == "postgresql"

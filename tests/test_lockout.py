"""Failed logins lock one user name from one client address, read only through trusted proxies.

Five wrong passwords for ``admin`` from 10.0.0.1 lock admin out from there, while admin still signs
in from 10.0.0.2; behind a proxy the address is read from X-Forwarded-For, without one a forged
header changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.engine_independent

PROXY = "192.0.2.10"  # the nginx host as the application server sees it


def login(address: str, password: str, forwarded: str | None = None):
    client = Client()
    headers = {"REMOTE_ADDR": address if forwarded is None else PROXY}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post(reverse("accounts:login"), {"username": "admin", "password": password}, **headers)
    return response, client.session.get("_auth_user_id")


def fail_five_times(**address):
    for _ in range(5):
        response, user_id = login(password="wrong-password", **address)
        assert response.status_code in (200, 429) and user_id is None  # the fifth locks


def assert_locked(response, user_id):
    assert user_id is None
    assert "För många misslyckade inloggningar" in response.content.decode()


def test_lockout_holds_the_failing_address_only(world):
    admin = world.users["admin"]
    fail_five_times(address="10.0.0.1")
    assert_locked(*login("10.0.0.1", PASSWORD))
    response, user_id = login("10.0.0.2", PASSWORD)
    assert response.status_code == 302 and user_id == str(admin.pk)


def test_behind_a_trusted_proxy_the_forwarded_client_is_locked(world, settings):
    settings.VANORT_TRUSTED_PROXY_COUNT = 1
    admin = world.users["admin"]
    # nginx appends the address it saw; whatever the client wrote before it is not believed.
    fail_five_times(address="", forwarded="10.0.0.1")
    assert_locked(*login("", PASSWORD, forwarded="10.0.0.1"))
    assert_locked(*login("", PASSWORD, forwarded="10.0.0.2, 10.0.0.1"))
    response, user_id = login("", PASSWORD, forwarded="10.0.0.2")
    assert response.status_code == 302 and user_id == str(admin.pk)


def test_without_a_proxy_a_forged_forwarded_header_changes_nothing(world):
    fail_five_times(address="10.0.0.1")
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "admin", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.2",
    )
    assert_locked(response, client.session.get("_auth_user_id"))

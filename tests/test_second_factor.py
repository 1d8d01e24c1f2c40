"""Administrators need a second factor (TOTP) on administration pages; the gate, enrolment, verification."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import conftest
from vanort.accounts import second_factor
from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_superuser_without_role_is_gated_too(world, client):
    boss = conftest.make_user("boss", world.office, Role.COORDINATOR)
    boss.is_superuser = True
    boss.save()
    client.force_login(boss)
    assert client.get(reverse("accounts:user_list"))["Location"].startswith(
        reverse("accounts:second_factor_enrol")
    )


def test_other_pages_and_other_roles_are_not_gated(world, client):
    client.force_login(world.users[Role.ADMIN])
    assert client.get(reverse("registry:partnership_list")).status_code == 200
    client.force_login(world.users[Role.COORDINATOR])
    assert (
        client.get(reverse("accounts:user_list")).status_code == 403
    )  # the page's own rule, no detour


@pytest.mark.smoke
def test_enrolment_shows_the_key_and_a_qr_code_and_confirms_with_a_first_code(world, client):
    admin = world.users[Role.ADMIN]
    client.force_login(admin)
    users = reverse("accounts:user_list")
    page = client.get(f"{reverse('accounts:second_factor_enrol')}?{urlencode({'next': users})}")
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        second_factor.secret_text(device) in html
        and "<svg" in html
        and 'name="next" value="/accounts/users/"' in html
    )
    assert client.get(reverse("accounts:second_factor_enrol")).status_code == 200
    assert TOTPDevice.objects.filter(user=admin).count() == 1  # reloading shows the same key

    wrong = client.post(
        reverse("accounts:second_factor_enrol"),
        {"code": "000000" if code_for(device) != "000000" else "111111", "next": users},
    )
    assert wrong.status_code == 400 and "Koden är fel" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0
    )  # no wait in the test

    done = client.post(
        reverse("accounts:second_factor_enrol"), {"code": code_for(device), "next": users}
    )
    assert done.status_code == 302 and done["Location"] == users
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(users).status_code == 200


def test_login_asks_an_enrolled_administrator_for_a_code(world, client):
    admin = world.users[Role.ADMIN]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    users = reverse("accounts:user_list")
    response = client.post(
        reverse("accounts:login"),
        {"username": "admin", "password": conftest.PASSWORD, "next": users},
    )
    verify = f"{reverse('accounts:second_factor_verify')}?{urlencode({'next': users})}"
    assert response.status_code == 302 and response["Location"] == verify
    assert client.get(users)["Location"] == verify  # nothing administrative before the code
    assert client.post(verify, {"code": code_for(device), "next": users})["Location"] == users
    assert client.get(users).status_code == 200


def test_wrong_codes_make_the_administrator_wait(world, client):
    admin = world.users[Role.ADMIN]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    url = reverse("accounts:second_factor_verify")
    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert "Koden är fel" in client.post(url, {"code": wrong}).content.decode()
    throttled = client.post(
        url, {"code": code_for(device)}
    )  # right, but too soon after a wrong one
    assert (
        throttled.status_code == 400 and "För många felaktiga koder" in throttled.content.decode()
    )
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 1
    assert client.get(reverse("accounts:user_list")).status_code == 302


def test_another_administrator_resets_a_lost_app_and_the_session_loses_it(
    world, client_for, client
):
    admin = world.users[Role.ADMIN]
    colleague = conftest.make_user("colleague", world.office, Role.ADMIN)
    client_for(admin)  # verified with a device
    assert client.get(reverse("accounts:user_list")).status_code == 200
    other = client.__class__()
    other.force_login(colleague)
    conftest.verify_second_factor(other, colleague)
    page = other.get(reverse("accounts:user_detail", args=[admin.pk]))
    assert reverse("accounts:user_second_factor_reset", args=[admin.pk]) in page.content.decode()
    response = other.post(reverse("accounts:user_second_factor_reset", args=[admin.pk]))
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=admin).exists()
    assert client.get(reverse("accounts:user_list"))["Location"].startswith(
        reverse("accounts:second_factor_enrol")
    )


def test_the_command_resets_a_device(world):
    admin = world.users[Role.ADMIN]
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    out = io.StringIO()
    call_command("reset_second_factor", "admin", stdout=out)
    assert "1 device" in out.getvalue() and not TOTPDevice.objects.filter(user=admin).exists()
    with pytest.raises(Exception, match="nobody"):
        call_command("reset_second_factor", "nobody")


def test_next_never_leaves_the_site(world, client):
    admin = world.users[Role.ADMIN]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    response = client.post(
        reverse("accounts:second_factor_verify"),
        {"code": code_for(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")

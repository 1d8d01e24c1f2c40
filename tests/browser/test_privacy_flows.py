"""Personal data in a real browser, axe-core checking each page (WCAG 2.1 A/AA): an administrator
reads the register, finds a person, and anonymises her after confirming — also without JavaScript.
Elements are found by id, URL or attribute, never by translated text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_check
from tests.browser.test_flows import log_in, submit
from tests.privacy.conftest import EMAIL, NAME, person  # noqa: F401 (fixture)
from vanort.core.roles import Role
from vanort.privacy.models import ErasureLog
from vanort.tenancy.models import ContactPerson

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

def pass_second_factor(page, user):
    """The administration pages ask an enrolled administrator for a code from the app: give one."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto("/accounts/second-factor/verify/?next=/personal-data/")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    submit(page)
    assert page.url.endswith("/personal-data/")


def test_administrator_finds_and_anonymises_a_person(page, world, person):  # noqa: F811
    log_in(page, world.users[Role.ADMIN])
    pass_second_factor(page, world.users[Role.ADMIN])
    page.click(".site-nav__section:has(a[href='/personal-data/']) summary")  # the menu's section opens
    page.click("nav a[href='/personal-data/']")
    axe_check(page)
    page.click("a[href='/personal-data/person/']")
    page.fill("#id_name", NAME)
    page.fill("#id_email", EMAIL)
    with page.expect_navigation():
        page.click("#main form[role=search] button[type=submit]")
    axe_check(page)
    assert (
        page.locator("#kind-contact_persons").count() == 1
        and page.locator("#kind-agreements").count() == 1
    )
    assert "Anna" not in page.url and "@" not in page.url  # searched by POST: no name in the URL
    with page.expect_navigation():
        page.click("form[action='/personal-data/person/erase/'] button[name=review]")
    axe_check(page)
    page.check("#id_confirm")
    submit(page)
    assert page.url.endswith("/personal-data/")
    assert page.locator(".messages").count() == 1
    axe_check(page)
    assert ContactPerson.objects.get(pk=person.contact.pk).name == "Anonymiserad person"


def test_erasure_works_without_javascript(new_context, world, person):  # noqa: F811
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, world.users[Role.ADMIN], check=False)
    pass_second_factor(page, world.users[Role.ADMIN])
    page.goto("/personal-data/person/")
    page.fill("#id_name", NAME)
    page.fill("#id_email", EMAIL)
    with page.expect_navigation():
        page.click("#main form[role=search] button[type=submit]")
    with page.expect_navigation():
        page.click("form[action='/personal-data/person/erase/'] button[name=review]")
    page.check("#id_confirm")
    submit(page)
    assert page.url.endswith("/personal-data/")
    assert ErasureLog.objects.get().counts["contact_persons"] == 1

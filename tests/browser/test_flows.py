"""The core flows in a real browser, with axe-core checking every page visited (WCAG 2.1 A/AA).

Log in, register a partner city with an agreement, switch language, see the history and restore
an earlier version; and the same core task (log in, save the partnership form) without JavaScript.
Elements are found by id, URL, role or attribute — never by visible text, which is translated.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_check
from tests.conftest import PASSWORD
from vanort.core.roles import Role
from vanort.places.models import City
from vanort.registry.models import Agreement, Partnership

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

SUBMIT = "form.form-grid button[type=submit]"


def log_in(page, user, *, check=True):
    page.goto("/accounts/login/?next=/")
    if check:
        axe_check(page)
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click(SUBMIT)
    assert "/accounts/login/" not in page.url, "login failed"
    # The header names the user once logged in.
    assert user.first_name in page.inner_text(".site-header__user")


def submit(page):
    with page.expect_navigation():
        page.click(SUBMIT)


def html_lang(page) -> str:
    return page.get_attribute("html", "lang")


def test_public_pages_are_accessible(page, world):
    pages = [
        "/",
        "/partnerships/",
        f"/partnerships/{world.partnership.pk}/",
        f"/cities/{world.cities.palo_alto.pk}/",
        f"/agreements/{world.agreement.pk}/",
        "/accounts/login/",
    ]
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        axe_check(page)


@pytest.mark.smoke
def test_coordinator_registers_a_partner_city_with_an_agreement(page, world):
    coordinator = world.users[Role.COORDINATOR]
    log_in(page, coordinator)
    axe_check(page)  # the start page, logged in

    # A partnership: its city is missing, so it is looked up from the form, by links alone.
    page.goto("/partnerships/new/")
    axe_check(page)
    with page.expect_navigation():
        page.locator("a[href^='/cities/lookup/?next=']").click()
    page.fill("#id_q", "Heidelberg")
    with page.expect_navigation():
        page.locator("#main form[role=search] button[type=submit]").click()
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Heidelberg")).first.click()
    heidelberg = City.objects.get(name="Heidelberg", country="DE")
    assert page.url.endswith("/partnerships/new/")  # back at the form, the city now in its list
    page.select_option("#id_partner_city", str(heidelberg.pk))
    page.select_option("#id_status", "active")
    page.fill("#id_start_year", "1995")
    page.fill("#id_summary_sv", "Samarbete inom kultur.")
    submit(page)
    partnership = Partnership.objects.get(municipality=world.home, partner_city=heidelberg)
    assert page.url.endswith(partnership.get_absolute_url())
    assert partnership.status == "active" and partnership.start_year == 1995
    axe_check(page)

    # An agreement, from the partnership page's link.
    with page.expect_navigation():
        page.click(f'a[href="/agreements/new/?partnership={partnership.pk}"]')
    axe_check(page)
    assert page.input_value("#id_partnership") == str(partnership.pk)
    page.fill("#id_title_sv", "Vänortsavtal Linköping–Heidelberg")
    page.fill("#id_parties", "Linköping\nHeidelberg")
    page.fill("#id_signed_on", "1995-06-01")
    submit(page)
    agreement = Agreement.objects.get(partnership=partnership)
    assert page.url.endswith(agreement.get_absolute_url())
    assert agreement.title_sv == "Vänortsavtal Linköping–Heidelberg"
    axe_check(page)

    page.goto(partnership.get_absolute_url())
    assert page.locator(f'a[href="{agreement.get_absolute_url()}"]').count() == 1

    # Switch language with the header's button: <html lang> follows.
    before = html_lang(page)
    button = page.locator("form.language-switch button[name=language]")
    assert button.count() == 1
    target = button.get_attribute("value")
    assert button.get_attribute("lang") == target != before
    with page.expect_navigation():
        button.click()
    assert html_lang(page) == target
    assert page.url.endswith(partnership.get_absolute_url()), "the switch returns to the same page"
    axe_check(page)
    # And back again.
    with page.expect_navigation():
        page.click("form.language-switch button[name=language]")
    assert html_lang(page) == before
    axe_check(page)

    # Edit the partnership, then see the change in its history.
    page.goto(f"/partnerships/{partnership.pk}/edit/")
    axe_check(page)
    page.fill("#id_start_year", "1996")
    page.fill("#id_internal_notes", "Ny kontaktperson efter valet.")
    submit(page)
    partnership.refresh_from_db()
    assert partnership.start_year == 1996 and partnership.version == 2
    axe_check(page)

    page.goto(f"/partnerships/{partnership.pk}/history/")
    axe_check(page)
    newest = page.locator("ol.history > li").first
    assert "1995" in newest.locator("del").all_inner_texts()
    assert "1996" in newest.locator("ins").all_inner_texts()
    assert coordinator.first_name in newest.locator("h2").inner_text()

    # Restore the first version: the change is undone and recorded in the history.
    restore_forms = page.locator('ol.history form[action*="/restore/"]')
    assert restore_forms.count() == 1  # the newest version is the current one
    with page.expect_navigation():
        restore_forms.first.locator("button[type=submit]").click()
    partnership.refresh_from_db()
    assert page.url.endswith(partnership.get_absolute_url())
    assert partnership.start_year == 1995 and partnership.internal_notes == "" and partnership.version == 3
    axe_check(page)  # with the success message shown

    page.goto(f"/partnerships/{partnership.pk}/history/")
    assert page.locator("ol.history > li").count() == 3
    newest = page.locator("ol.history > li").first
    assert "1995" in newest.locator("ins").all_inner_texts()
    axe_check(page)


def test_form_errors_are_accessible(page, world):
    """A refused save shows the error summary and marked fields; axe checks that page too."""
    log_in(page, world.users[Role.COORDINATOR], check=False)
    page.goto(f"/partnerships/{world.partnership.pk}/edit/")
    page.select_option("#id_status", "ended")  # an ended partnership needs its end date
    submit(page)
    assert page.locator("#error-summary").count() == 1
    assert page.get_attribute("#id_ended_on", "aria-invalid") == "true"
    axe_check(page)


def test_core_task_works_without_javascript(new_context, world):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, world.users[Role.COORDINATOR], check=False)  # axe itself needs JavaScript
    page.goto(f"/partnerships/{world.partnership.pk}/edit/")
    page.fill("#id_start_year", "1988")
    page.fill("#id_summary_sv", "Ändrad utan JavaScript.")
    submit(page)
    world.partnership.refresh_from_db()
    assert world.partnership.start_year == 1988
    assert world.partnership.summary_sv == "Ändrad utan JavaScript."
    assert page.url.endswith(world.partnership.get_absolute_url())
    assert page.locator(".messages").count() == 1


@pytest.mark.parametrize("role", [Role.UNIT_EDITOR, Role.PARTNER])
def test_the_own_work_start_page_is_accessible(page, world, role):
    from tests.plans.conftest import make_activity

    user = world.users[role]
    make_activity(world, title="Vår aktivitet", organisation=user.organisation, areas=[world.area])
    log_in(page, user)
    page.goto("/")
    assert "Vår aktivitet" in page.locator("#own-heading").locator("..").inner_text()
    axe_check(page)

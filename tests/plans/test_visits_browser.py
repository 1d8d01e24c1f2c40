"""In a real browser: a unit editor notifies a visit, a coordinator confirms it, the unit files the report.

Self-contained (this branch has no ``tests/browser`` yet): Debian's Chromium through Playwright,
skipped when either is missing. Elements are found by id, name or URL, never by translated text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.plans.test_visits import LOCMEM
from vanort.core.roles import Role
from vanort.plans.models import VisitNotice, VisitReport

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = Path(os.environ.get("VANORT_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture
def page(live_server, settings):
    settings.MAILERS = LOCMEM
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        context = browser.new_context(base_url=live_server.url, locale="sv-SE")
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/?next=/visits/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.form-grid button[type=submit]")
    assert "/accounts/login/" not in page.url


def test_notify_confirm_report_in_the_browser(page, world):
    editor, coordinator = world.users[Role.UNIT_EDITOR], world.users[Role.COORDINATOR]
    log_in(page, editor)
    page.goto("/visits/new/")
    page.select_option("#id_direction", "outgoing")
    page.fill("#id_travellers", "Två rektorer")
    page.fill("#id_starts_on", "2020-03-01")
    page.fill("#id_ends_on", "2020-03-05")
    page.fill("#id_purpose", "Skolbesök")
    with page.expect_navigation():
        page.click("form.form-grid button[type=submit]")
    assert re.search(r"/visits/\d+/$", page.url), page.url
    notice = VisitNotice.objects.get()
    assert notice.organisation == world.unit

    log_in(page, coordinator)
    page.goto("/inbox/")
    page.click(f"a[href='/visits/{notice.pk}/']")
    page.fill("#id_confirm-text", "Bra!")
    with page.expect_navigation():
        page.click("form[action$='/confirm/'] button[type=submit]")
    notice.refresh_from_db()
    assert notice.status == VisitNotice.Status.CONFIRMED

    log_in(page, editor)
    page.goto(f"/visits/{notice.pk}/")
    page.fill("#id_results", "Ett avtal om utbyte")
    with page.expect_navigation():
        page.click("form[action$='/report/'] button[type=submit]")
    assert VisitReport.objects.filter(notice=notice, results="Ett avtal om utbyte").exists()
    assert page.locator(".overdue").count() == 0

"""Log in by clicking the header's "Log in" on some page, and come back to that page.

In Swedish and English, with and without JavaScript. Elements are found by attribute, never by
visible text.
"""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from vanort.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]


@pytest.mark.parametrize(("locale", "lang"), [("sv-SE", "sv"), ("en-GB", "en")])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_header_login_returns_to_the_page(new_context, live_server, world, locale, lang, javascript):
    user = world.users[Role.UNIT_EDITOR]
    page = new_context(locale=locale, java_script_enabled=javascript).new_page()
    start = f"/partnerships/{world.partnership.pk}/?tab=1"
    page.goto(start)
    assert page.get_attribute("html", "lang") == lang
    with page.expect_navigation():
        page.click("header a[href^='/accounts/login/']")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == live_server.url + start
    assert user.first_name in page.inner_text(".site-header__user")
    assert page.get_attribute("html", "lang") == lang

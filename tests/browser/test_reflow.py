"""A phone's width (390 CSS px) on the demo's key pages: nothing scrolls sideways, axe-core finds no
WCAG 2.1 A/AA violation, the menu folds away, keyboard focus shows on the one checkbox that has
it, and a refused form puts focus on its error summary."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_check
from vanort.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(transactional_db):
    call_command("loaddemo", stdout=io.StringIO())


def _phone(new_context, username=None):
    page = new_context(viewport=PHONE).new_page()
    if username:
        page.goto("/accounts/login/?next=/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert "/accounts/login/" not in page.url, "login failed"
    return page


def _first_row_link(page, list_url: str) -> str:
    page.goto(list_url)
    return page.locator("main table tbody a").first.get_attribute("href")


def _key_pages(page, *, signed_in: bool) -> list[str]:
    pages = ["/", _first_row_link(page, "/plans/"), _first_row_link(page, "/activities/"), "/activities/",
             _first_row_link(page, "/partnerships/"), "/m/linkoping/"]
    if signed_in:
        pages.append("/costs/")
    return pages


def _assert_no_sideways_scroll(page, url):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{url} is {width} px wide at {PHONE['width']} px"


@pytest.mark.parametrize("username", ["samordnare", None], ids=["coordinator", "anonymous"])
def test_key_pages_reflow_at_390_px_without_violations(new_context, demo, username):
    page = _phone(new_context, username)
    for url in _key_pages(page, signed_in=bool(username)):
        response = page.goto(url)
        assert response.status == 200, url
        _assert_no_sideways_scroll(page, url)
        # Every table wider than the screen scrolls in a region the keyboard reaches.
        assert page.evaluate("""[...document.querySelectorAll('table')].every(table => {
            const region = table.closest('.table-scroll');
            return table.offsetWidth <= document.documentElement.clientWidth
                || (region && region.tabIndex === 0 && region.getAttribute('role') === 'region');
        })"""), url
        axe_check(page)
    # The menu takes one line until opened; opened, it still fits the width.
    page.goto("/")
    menu = page.locator(".site-nav")
    assert menu.bounding_box()["height"] < 60
    page.click(".site-nav__toggle")
    page.locator(".site-nav__section summary").first.click()
    assert page.locator(".site-nav__section[open] a").first.is_visible()
    _assert_no_sideways_scroll(page, "/ (menu open)")
    axe_check(page)


def test_focus_rings_the_checkbox_and_a_refused_form_focuses_its_summary(new_context, demo):
    page = _phone(new_context, "samordnare")
    page.goto("/activities/new/")
    boxes = page.locator("ul.choices input[type=checkbox]")
    boxes.nth(0).focus()
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    focused = page.evaluate("""() => {
        const box = document.activeElement, field = box.closest('.ds-field');
        return {type: box.type, box: getComputedStyle(box).outlineStyle, field: getComputedStyle(field).outlineStyle};
    }""")
    assert focused == {"type": "checkbox", "box": "solid", "field": "none"}

    with page.expect_navigation():
        page.click("form.form-grid button[type=submit]")
    assert page.title().startswith("Fel: ")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    _assert_no_sideways_scroll(page, page.url)
    axe_check(page)

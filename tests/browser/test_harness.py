"""The browser harness itself: axe catches a known violation, pages are styled, the CSP holds."""

import pytest

from tests.browser.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]


def test_axe_check_reports_violations(page):
    page.set_content('<html><head><title>t</title></head><body><main><img src="data:,"><a href="#x"></a></main></body></html>')
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)
    message = str(failure.value)
    assert "html-has-lang" in message
    assert "image-alt" in message
    assert "link-name" in message


def test_style_sheets_load_on_the_live_server(page, db):
    """axe judges contrast and layout only if the pages are styled as users see them."""
    page.goto("/")
    sheets = page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')]"
        ".map((link) => [link.getAttribute('href'), link.sheet ? link.sheet.cssRules.length : 0])"
    )
    assert len(sheets) == 3
    assert all(rules > 0 for _, rules in sheets), sheets


def test_own_scripts_run_under_the_content_security_policy(new_context, db):
    """Other tests bypass the CSP to inject axe; here it is enforced, and htmx must still load."""
    page = new_context(bypass_csp=False).new_page()
    response = page.goto("/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    assert page.evaluate("typeof window.htmx") == "object"

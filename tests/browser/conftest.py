"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium comes from the system (``apt-get install chromium``), never from ``playwright install``.
Without it these tests are skipped with the reason shown, unless ``VANORT_REQUIRE_BROWSER`` is
set (as in CI), in which case they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would then refuse database
# access from that thread as "async-unsafe". The tests use the database only between browser calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("VANORT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000


def _unavailable(reason: str):
    if os.environ.get("VANORT_REQUIRE_BROWSER"):
        pytest.fail(f"VANORT_REQUIRE_BROWSER is set but {reason}", pytrace=False)
    pytest.skip(f"{reason} (install Debian's chromium: apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """``new_context(**options)`` — a fresh browser context (own cookies) aimed at the live server.

    Swedish is the browser's language, as for most users. ``bypass_csp`` lets ``axe_check`` inject
    axe-core into pages whose Content-Security-Policy allows only nonce'd scripts.
    """
    contexts = []

    def make(**options):
        options = {"base_url": live_server.url, "locale": "sv-SE", "bypass_csp": True, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context; JavaScript errors on any page fail the test."""
    page = new_context().new_page()
    watch(page)
    yield page
    assert not page.vanort_problems, "Problems while loading pages:\n" + "\n".join(page.vanort_problems)


def watch(page) -> None:
    """Collect JavaScript errors and failed style sheets, scripts, images and fonts of ``page``."""
    page.vanort_problems = problems = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))

    def check_response(response):
        if response.request.resource_type in {"stylesheet", "script", "image", "font"} and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    page.on("response", check_response)
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} ({request.failure})"))


def axe_check(page, *, tags=WCAG_TAGS) -> None:
    """Run axe-core on the page and fail with a readable list of WCAG 2.1 A/AA violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    violations = result["violations"]
    if not violations:
        return
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    pytest.fail("\n".join(lines), pytrace=False)

"""Every page is reached by links alone, and every page reached is fit to be read.

The demo is loaded once for this module and served by a live server of its own. Each role (the
anonymous public, coordinator, board member, unit editor, partner contributor and administrator,
who proves a one-time code when the second factor is asked for) crawls it in Swedish in Chromium
from the start page by links only (``crawl.py``); the same pages are then read once more in English
without the browser (the cheaper means: status, ``<html lang>`` and the words on the page).

The tests then ask of the crawls:

* every URL pattern is reached by some role — except the API, the views that take only POST
  (read from the permission matrix: GET is 405 for every role) and ``UNLINKABLE`` below;
* every page answers below 400, without console or JavaScript errors, and no link points nowhere;
* no page carries words of the other language (``language.py``);
* on the first page of each URL pattern: no sideways scrolling at 390 px and axe-core finds no
  WCAG 2.1 A/AA violation at 1366 and at 390 px.
"""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import TOTP

from tests.browser.crawl import Crawl, crawl, reread
from tests.browser.demo_site import demo_media, demo_site, log_in_as  # noqa: F401  (fixtures)
from tests.test_matrix import MATRIX
from vanort.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

# The roles with the fewest pages first: the axe and width sample (once per URL pattern, by the
# first crawl that reaches it) is then spread over several tests, not all on the coordinator's.
ROLES = ("anonymous", Role.PARTNER, Role.UNIT_EDITOR, Role.BOARD, Role.COORDINATOR, Role.ADMIN)
CRAWLED_IN, REREAD_IN = "sv", "en"
PAIRS = [(role, lang) for role in ROLES for lang in (CRAWLED_IN, REREAD_IN)]

#: URL patterns no link can lead to, and why. Keep this short: a page a person should open needs a link.
UNLINKABLE = {
    # The demo's only activity with attachments and named participants is not among the two
    # activity pages the crawl samples since the demo's series came first (their remove forms
    # are in the permission matrix); a template's download link exists once one is uploaded.
    "plans:attachment_delete",
    "plans:namedparticipant_delete",
    "reports:word_template_download",
    # Asked only when an enrolled administrator's session is not verified yet: the gate redirects
    # there from an administration page (the crawl's administrator enrols instead, and is verified).
    "accounts:second_factor_verify",
    # A private calendar's address is shown once, in a text field, after a POST makes the token.
    "publishing:private_calendar",
    # A report job and its file exist only after a POST asks for a report too large to make at once.
    "reports:job",
    "reports:job_download",
    # So does an import job: only after a POST of a file of more than a few hundred rows.
    "plans:import_job",
    # The results of the header's search field (a GET form on every page); the crawl submits no
    # typed queries. tests/search/ reads the page as each role.
    "search:results",
    # For search engines, named in robots.txt rather than linked.
    "publishing:sitemap",
    # Buttons (POST forms) on a person's page of the personal-data register once the administrator
    # has typed a name or e-mail address into its search; the crawl submits no typed queries.
    "privacy:person_export",
    "privacy:person_erase",
    # Hand entry of a city is offered on the lookup page after a search that finds nothing (a city
    # starts from the offline lookup; the crawl types no queries). tests/reach covers that flow.
    "places:city_create",
}
#: Pages that were linked from nowhere before issue 10: tested by name too, so they stay linked.
ORPHANS_LINKED_ELSEWHERE = {
    "places:city_lookup",
    "plans:activity_import",
    "plans:activity_import_template",
    "plans:activity_export",
    "governance:activity_guidelines",
}


def post_only() -> set[str]:
    """URL patterns whose every matrix row answers GET with 405 for every role."""
    names: dict[str, bool] = {}
    for row in MATRIX:
        names[row.name] = names.get(row.name, True) and set(row.get.values()) == {405}
    return {name for name, only in names.items() if only}


def must_be_reached() -> set[str]:
    every = {row.name for row in MATRIX}
    return {name for name in every if not name.startswith("api:")} - post_only() - UNLINKABLE


def padded(secret: str) -> str:
    return secret + "=" * (-len(secret) % 8)


def enter_one_time_code(page, name) -> bool:
    """The administrator's authenticator app: enrol with the secret the page shows, type its code."""
    if name != "accounts:second_factor_enrol":
        return False
    secret = page.inner_text("code.second-factor-secret")
    code = TOTP(base64.b32decode(padded(secret.replace(" ", "")))).token()  # 30 s, 6 digits: the app's default
    page.fill("#id_code", f"{code:06d}")
    with page.expect_navigation():
        page.click("form.form-grid button[type=submit]")
    return True


@pytest.fixture(scope="module")
def crawls(browser, demo_site):  # noqa: F811
    """``crawls(role, lang)`` — the role's crawl in that language, made on first use."""
    url = demo_site[0]
    done: dict[tuple, Crawl] = {}
    contexts: dict = {}
    sampled: set[str] = set()

    def get(role, lang) -> Crawl:
        if (role, lang) in done:
            return done[role, lang]
        if lang == REREAD_IN:
            done[role, lang] = reread(contexts[role], url, get(role, CRAWLED_IN), lang=lang)
            return done[role, lang]
        context = browser.new_context(base_url=url, locale="sv-SE")
        contexts[role] = context
        context.set_default_timeout(15_000)
        context.add_cookies([{"name": "django_language", "value": lang, "url": url}])
        page = context.new_page()
        if role != "anonymous":
            log_in_as(page, role)
        done[role, lang] = crawl(page, url, role=str(role), lang=lang, on_page=enter_one_time_code, sampled=sampled)
        page.close()
        return done[role, lang]

    yield get
    for context in contexts.values():
        context.close()


def pair_id(pair) -> str:
    return f"{pair[0]}-{pair[1]}"


def report(title: str, lines: list[str]) -> str:
    return f"{title} ({len(lines)}):\n  " + "\n  ".join(lines)


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_crawled_pages_answer_without_errors(crawls, pair):
    result = crawls(*pair)
    print(f"{pair_id(pair)}: {len(result.visits)} pages in {result.seconds:.1f} s")
    problems = [f"{visit.url} [{visit.name}]: HTTP {visit.status}" for visit in result.visits if visit.status >= 400]
    problems += [
        f"{visit.url} [{visit.name}]: {len(visit.errors)} error(s), e.g. " + "; ".join(visit.errors[:2])
        for visit in result.visits if visit.errors
    ]
    problems += [f"{source}: link to {target} resolves to no page" for source, target in result.broken_links]
    assert not problems, report(f"Pages of {pair_id(pair)} with errors", problems)


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_crawled_pages_are_in_their_language(crawls, pair):
    result = crawls(*pair)
    lang = pair[1]
    problems = [f"{visit.url}: <html lang={visit.lang!r}>" for visit in result.visits if visit.lang != lang]
    problems += [f"{visit.url} [{visit.name}]: {phrase!r}" for visit in result.visits for phrase in visit.language]
    assert not problems, report(f"Other-language text on {pair_id(pair)} pages", problems)


def reached_by_anyone(crawls) -> dict[str, set[str]]:
    """URL pattern → the roles that reached it."""
    by = {}
    for role in ROLES:
        for name in crawls(role, CRAWLED_IN).reached:
            by.setdefault(name, set()).add(str(role))
    return by


def test_every_url_pattern_is_reached_by_a_link(crawls):
    reached = reached_by_anyone(crawls)
    for role in ROLES:  # shown with a failure: what each role does not reach
        print(f"{role} does not reach: {sorted(must_be_reached() - crawls(role, CRAWLED_IN).reached)}")
    missing = sorted(must_be_reached() - set(reached))
    assert not missing, report("URL patterns no role reaches by a link from the start page", missing)


def test_the_pages_linked_from_nowhere_today_are_reached(crawls):
    missing = sorted(ORPHANS_LINKED_ELSEWHERE - set(reached_by_anyone(crawls)))
    assert not missing, report("Orphan pages still unreached", missing)


def test_no_crawled_page_scrolls_sideways_at_390px(crawls):
    wide = [f"{path}: {width} px" for role in ROLES for path, width in crawls(role, CRAWLED_IN).too_wide]
    assert not wide, report("Pages wider than the 390 px window (first page of each URL pattern)", wide)


def test_axe_finds_no_violations_on_crawled_pages(crawls):
    found = [f"{path} at {width} px: {violation}" for role in ROLES for path, width, violation in crawls(role, CRAWLED_IN).axe]
    assert not found, report("axe-core WCAG 2.1 A/AA violations (first page of each URL pattern)", found)

"""A breadth-first crawl of the site in a real browser, from the start page, by its links alone.

``crawl(page, lang=…)`` follows every ``a[href]`` (and the address of every GET form) that stays on
the site, never the API, log-out or a download, and visits each URL pattern only a few times (a
pattern is its resolved URL name; its variants are the names of the query parameters). On every
page it records the status, console and JavaScript errors, the ``<html lang>`` and the words of the
other language (``tests/browser/language.py``). On the first page of each URL pattern — the sample —
it also measures the width at 390 px and runs axe-core at 1366 and 390 px.

It only records; the tests in ``test_crawl.py`` decide what fails.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import Resolver404, resolve

from tests.browser.conftest import AXE, WCAG_TAGS
from tests.browser.language import html_text, visible_text_language_problems

WIDE, NARROW = 1366, 390
HEIGHT = 900
#: How often one URL pattern is visited per crawl; of those, how many without a query string (other
#: records: a detail page's links depend on its data) and how many per set of query parameter names
#: (sorting, filters, pages: the same page again, mostly).
PER_PATTERN, PER_RECORD, PER_QUERY = 2, 2, 1
DOWNLOAD_ENDINGS = (".csv", ".xlsx", ".pdf", ".docx", ".ics", ".xml", ".atom", ".json")
NOT_FOLLOWED = {"accounts:logout", "set_language"}
LANGUAGE_COOKIE = "django_language"

# The links and GET forms of a page, and its text as a person meets it: the visible text nodes and
# the accessible names and hints, leaving out what is marked as another language (the language switch).
PAGE_FACTS = """() => {
  const lang = document.documentElement.lang;
  const foreign = (element) => {
    const marked = element.closest('[lang]');
    return marked && !marked.lang.startsWith(lang);
  };
  const shown = (element) => {
    const box = element.closest('select') || element;
    return box.checkVisibility ? box.checkVisibility() : true;
  };
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    // What is typed into a field is the user's content (a form shows both languages' fields).
    if (!parent || !node.data.trim() || parent.closest('script, style, template, noscript, textarea')) continue;
    if (foreign(parent) || !shown(parent)) continue;
    texts.push(node.data);
  }
  for (const element of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], input[type=submit][value]')) {
    if (foreign(element)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
    }
    if (element.matches('input[type=submit]')) texts.push(element.value);
  }
  const isGet = (form) => (form.getAttribute('method') || 'get').toLowerCase() === 'get';
  const forms = [...document.querySelectorAll('form')];
  return {
    lang,
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    forms: forms.filter(isGet).map((form) => form.action),
    posts: forms.filter((form) => !isGet(form)).map((form) => form.action),
    text: texts.join('\\n'),
  };
}"""
SCROLL_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@dataclass
class Visit:
    url: str
    name: str
    status: int
    lang: str
    errors: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)


@dataclass
class Crawl:
    role: str
    lang: str
    visits: list[Visit] = field(default_factory=list)
    #: Every URL pattern a followed link or GET form pointed at, with one address of it.
    linked: dict[str, str] = field(default_factory=dict)
    downloads: dict[str, str] = field(default_factory=dict)
    #: The URL patterns that forms posting from a crawled page send to (submitted by a person, not here).
    posted: dict[str, str] = field(default_factory=dict)
    broken_links: list[tuple[str, str]] = field(default_factory=list)  # (page, link) resolving to nothing
    too_wide: list[tuple[str, int]] = field(default_factory=list)  # (page, scroll width) at 390 px
    axe: list[tuple[str, int, str]] = field(default_factory=list)  # (page, width, violation summary)
    seconds: float = 0.0

    @property
    def reached(self) -> set[str]:
        """The URL patterns a person gets to: pages that answered, downloads offered by a link, and
        the addresses of the forms they can submit."""
        answered = {visit.name for visit in self.visits if visit.status < 400}
        return answered | set(self.downloads) | set(self.posted)


def pattern_of(url: str) -> tuple[str, tuple[str, ...]] | None:
    """(URL name, sorted query parameter names) of a path on this site; ``None`` if nothing resolves."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = tuple(sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return match.view_name, keys


def is_download(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(DOWNLOAD_ENDINGS)


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one line each (rule, impact, first nodes).

    Injected through the DevTools protocol, so the page's Content Security Policy stays enforced.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(WCAG_TAGS),
    )
    return [
        f"{v['id']} ({v.get('impact')}): {v['help']} — at "
        + ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:3])
        + (f" and {len(v['nodes']) - 3} more" if len(v["nodes"]) > 3 else "")
        for v in result["violations"]
    ]


def check_sample(page, crawl: Crawl, path: str) -> None:
    """At 1366 px axe-core; at 390 px the width and axe-core; then back to 1366 px."""
    for violation in axe_violations(page):
        crawl.axe.append((path, WIDE, violation))
    page.set_viewport_size({"width": NARROW, "height": HEIGHT})
    scroll_width, inner_width = page.evaluate(SCROLL_WIDTH)
    if scroll_width > inner_width:
        crawl.too_wide.append((path, scroll_width))
    for violation in axe_violations(page):
        crawl.axe.append((path, NARROW, violation))
    page.set_viewport_size({"width": WIDE, "height": HEIGHT})


def crawl(page, origin: str, *, role: str, lang: str, on_page=None, sampled: set[str] | None = None) -> Crawl:
    """Crawl from the start page at ``origin`` (``page`` already logged in as ``role``, or not).

    ``on_page(page, name)`` may act on a page before it is read (e.g. enter a one-time code) and
    return True when it navigated elsewhere. ``sampled`` holds the URL patterns whose first page
    had the width and axe-core checks already (shared between crawls, so each is checked once).
    """
    started = time.monotonic()
    result = Crawl(role=role, lang=lang)
    origin = origin.rstrip("/")
    errors: list[str] = []

    def console(message):
        if message.type == "error":
            where = message.location.get("url", "")
            errors.append(f"console: {message.text}" + (f" ({where[len(origin):]})" if where.startswith(origin) else ""))

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(f"JavaScript: {error}"))
    page.on("download", lambda download: download.cancel())
    page.set_viewport_size({"width": WIDE, "height": HEIGHT})

    queue: deque[str] = deque([origin + "/"])
    queued: set[str] = {origin + "/"}
    per_pattern: dict[str, int] = {}
    per_variant: dict[tuple, int] = {}
    sampled = set() if sampled is None else sampled

    def consider(source: str, target: str) -> None:
        target = target.split("#", 1)[0]
        if not target.startswith(origin + "/") or target in queued:
            return
        path = target[len(origin) :]
        if path.startswith(("/static/", "/media/")):
            return
        pattern = pattern_of(target)
        if pattern is None:
            result.broken_links.append((source, path))
            queued.add(target)
            return
        name = pattern[0]
        result.linked.setdefault(name, path)
        if name.startswith("api:") or name in NOT_FOLLOWED:
            return
        if is_download(target):
            result.downloads.setdefault(name, path)
            return
        per_kind = PER_QUERY if pattern[1] else PER_RECORD
        if per_pattern.get(name, 0) >= PER_PATTERN or per_variant.get(pattern, 0) >= per_kind:
            return
        per_pattern[name] = per_pattern.get(name, 0) + 1
        per_variant[pattern] = per_variant.get(pattern, 0) + 1
        queued.add(target)
        queue.append(target)

    while queue:
        url = queue.popleft()
        path = url[len(origin) :]
        errors.clear()
        try:
            response = page.goto(url, wait_until="load")
        except Exception as error:  # Playwright raises when the address turns into a download
            if "Download is starting" in str(error):
                result.downloads.setdefault(pattern_of(url)[0], path)
                continue
            raise
        while True:
            final = pattern_of(page.url)
            name = final[0] if final else f"<unresolved {page.url}>"
            facts = page.evaluate(PAGE_FACTS)
            visit = Visit(
                url=path if page.url == url else f"{path} → {page.url[len(origin):]}",
                name=name,
                status=response.status if response else 0,
                lang=facts["lang"],
                errors=list(errors),
                language=visible_text_language_problems(facts["text"], lang),
            )
            result.visits.append(visit)
            if on_page is None or not on_page(page, name):
                break
            errors.clear()  # the hook submitted a form: read the page it led to as well
        if visit.status < 400 and name not in sampled:
            sampled.add(name)
            check_sample(page, result, visit.url)
        for target in facts["links"] + facts["forms"]:
            consider(page.url, urljoin(page.url, target))
        for target in facts["posts"]:
            pattern = pattern_of(urljoin(page.url, target))
            if pattern:
                result.posted.setdefault(pattern[0], urlsplit(urljoin(page.url, target)).path)
    result.seconds = time.monotonic() - started
    return result


def reread(context, origin: str, crawl_: Crawl, *, lang: str) -> Crawl:
    """The pages of ``crawl_`` once more in language ``lang``, read as HTML without a browser.

    The cheaper means for the second language: the context's session with its language cookie
    switched, each page's status, ``<html lang>`` and text (``language.html_text``).
    """
    started = time.monotonic()
    origin = origin.rstrip("/")
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": lang, "url": origin}])
    result = Crawl(role=crawl_.role, lang=lang)
    for path in dict.fromkeys(visit.url.split(" → ")[-1] for visit in crawl_.visits):
        response = context.request.get(origin + path, max_redirects=5)
        page_lang, text = html_text(response.text())
        final = pattern_of(response.url)
        result.visits.append(Visit(
            url=path, name=final[0] if final else f"<unresolved {response.url}>", status=response.status,
            lang=page_lang, language=visible_text_language_problems(text, lang),
        ))
    result.seconds = time.monotonic() - started
    return result

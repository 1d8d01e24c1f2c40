"""What a person sees, read from the rendered page of the demo: the public map draws, and
screenshots of the key pages at 1366 and 390 px are kept for people to look at.

Screenshots go to ``$VANORT_SCREENSHOTS`` (default ``test-artifacts/screenshots/`` at the
repository root, which CI keeps as artefacts and git ignores).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.demo_site import demo_media, demo_site, log_in_as  # noqa: F401  (fixtures)
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity
from vanort.registry.models import Partnership
from vanort.tenancy.models import Municipality

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

SCREENSHOTS = Path(os.environ.get("VANORT_SCREENSHOTS") or Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots")
WIDTHS = (1366, 390)
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Every element of the map with its coordinate attributes as written, and the viewBox.
MAP_FACTS = """() => {
  const svg = document.querySelector('svg.public-map__svg');
  if (!svg) return null;
  const names = ['x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'dx', 'dy', 'width', 'height', 'd'];
  return {
    viewBox: svg.getAttribute('viewBox'),
    elements: [...svg.querySelectorAll('*')].map((element) => ({
      tag: element.tagName,
      attrs: Object.fromEntries(names.filter((n) => element.hasAttribute(n)).map((n) => [n, element.getAttribute(n)])),
    })),
  };
}"""


def context_in(browser, demo_site, lang):  # noqa: F811
    context = browser.new_context(base_url=demo_site[0], locale="sv-SE")
    context.add_cookies([{"name": "django_language", "value": lang, "url": demo_site[0]}])
    return context


def unparsable(attrs: dict) -> list[str]:
    """Coordinate attributes that are not plain numbers (a path's ``d``: its numbers, space-separated)."""
    wrong = []
    for name, value in attrs.items():
        values = re.sub(r"[A-Za-z]", " ", value).split() if name == "d" else [value]
        wrong += [f'{name}="{value}"' for part in values if not NUMBER.fullmatch(part)]
    return wrong


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_public_map_coordinates_are_numbers_and_the_dots_lie_inside_it(browser, demo_site, lang):  # noqa: F811
    context = context_in(browser, demo_site, lang)
    page = context.new_page()
    slug = Municipality.objects.order_by("pk").first().slug
    assert page.goto(f"/m/{slug}/").status == 200
    facts = page.evaluate(MAP_FACTS)
    context.close()
    assert facts is not None, "no map on the public page"
    assert NUMBER.fullmatch(facts["viewBox"].split()[2]) and len(facts["viewBox"].split()) == 4, facts["viewBox"]
    left, top, width, height = map(float, facts["viewBox"].split())

    wrong = [f"<{e['tag']} {problem}>" for e in facts["elements"] for problem in sorted(set(unparsable(e["attrs"])))]
    assert not wrong, f"{len(wrong)} SVG attribute(s) that are not numbers on /m/{slug}/ ({lang}): " + ", ".join(wrong[:20])

    circles = [e["attrs"] for e in facts["elements"] if e["tag"] == "circle"]
    assert circles, "the map shows no partner city"
    outside = [
        circle for circle in circles
        if not (left <= float(circle["cx"]) - float(circle["r"]) and float(circle["cx"]) + float(circle["r"]) <= left + width
                and top <= float(circle["cy"]) - float(circle["r"]) and float(circle["cy"]) + float(circle["r"]) <= top + height)
    ]
    assert not outside, f"circles outside the viewBox {facts['viewBox']}: {outside}"


def key_pages() -> dict[str, str]:
    home = Municipality.objects.order_by("pk").first()
    partnership = Partnership.objects.filter(municipality=home, partner_city__name="Palo Alto").first()
    plan = ActionPlan.objects.filter(municipality=home).order_by("-pk").first()
    activity = Activity.objects.filter(municipality=home, costs__isnull=False).order_by("pk").first()
    return {
        "start": "/",
        "partnership": partnership.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "activity": activity.get_absolute_url(),
        "costs": "/costs/",
        "public-municipality": f"/m/{home.slug}/",
    }


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_screenshots_of_the_key_pages(browser, demo_site, lang):  # noqa: F811
    """Full-page screenshots at both widths, signed in as the coordinator (the public page anonymous)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = context_in(browser, demo_site, lang)
    page = context.new_page()
    log_in_as(page, Role.COORDINATOR)
    anonymous = context_in(browser, demo_site, lang).new_page()
    written = []
    for key, url in key_pages().items():
        viewer = anonymous if key.startswith("public") else page
        assert viewer.goto(url).status == 200, url
        for width in WIDTHS:
            viewer.set_viewport_size({"width": width, "height": 900})
            path = SCREENSHOTS / f"{key}-{lang}-{width}.png"
            viewer.screenshot(path=path, full_page=True)
            written.append(path)
    anonymous.context.close()
    context.close()
    assert all(path.stat().st_size > 5_000 for path in written), [p.name for p in written if p.stat().st_size <= 5_000]

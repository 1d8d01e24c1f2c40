"""The public side in a real browser: read the Palo Alto page in English, subscribe to its calendar,
publish news and see it in the feed; axe-core on every public page (WCAG 2.1 A/AA)."""

from __future__ import annotations

import feedparser
import icalendar
import pytest

from tests.browser.conftest import axe_check
from tests.browser.test_flows import log_in
from tests.publishing.conftest import pub  # noqa: F401  (fixture)
from vanort.publishing.models import NewsItem

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]


def test_anonymous_visitor_reads_palo_alto_in_english_and_subscribes(new_context, world, pub):  # noqa: F811
    world.cities.palo_alto.latitude, world.cities.palo_alto.longitude = 37.44188, -122.14302
    world.cities.palo_alto.save()
    context = new_context(locale="en-US")
    page = context.new_page()
    page.goto("/")
    with page.expect_navigation():
        page.click("#public-sites a[href='/m/linkoping/']")
    assert page.get_attribute("html", "lang") == "en"
    axe_check(page)
    with page.expect_navigation():
        page.click(f"#partner-cities a[href='/m/linkoping/partnerships/{world.partnership.pk}/']")
    axe_check(page)
    assert "Palo Alto" in page.inner_text("h1")
    assert "Sister city since 1987." in page.inner_text("main")
    assert "Student exchange" in page.inner_text("#timeline")
    assert "Visit from Palo Alto" in page.inner_text("#plan-activities")
    assert "Linda Chen" in page.inner_text("#contacts")
    href = page.get_attribute("a[data-subscribe=calendar]", "href")
    response = context.request.get(page.url.split("/m/")[0] + href)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert "Visit from Palo Alto" in summaries
    assert not any("SECRET" in summary for summary in summaries)


def test_coordinator_publishes_news_and_sees_it_in_the_feed(page, world):
    log_in(page, world.users["coordinator"], check=False)
    page.goto("/news/new/")
    axe_check(page)
    page.fill("#id_title_sv", "Palo Alto-dagen i Linköping")
    page.fill("#id_title_en", "Palo Alto Day in Linköping")
    page.fill("#id_body_sv", '<p>Välkomna! <a href="javascript:alert(1)">klicka</a></p>')
    page.check("#id_is_public")
    with page.expect_navigation():
        page.click("form.form-grid button[type=submit]")
    item = NewsItem.objects.get(title_sv="Palo Alto-dagen i Linköping")
    assert "javascript" not in item.body_sv
    base = page.url.split("/news/")[0]
    response = page.context.request.get(f"{base}/m/linkoping/news.atom")
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    assert "Palo Alto-dagen i Linköping" in [entry.title for entry in feed.entries]
    page.goto(f"/m/linkoping/news/{item.pk}/")
    axe_check(page)
    assert "Välkomna!" in page.inner_text("main")


def test_public_pages_are_accessible(page, world, pub):  # noqa: F811
    urls = [
        "/public/",
        "/accessibility/",
        "/m/linkoping/",
        f"/m/linkoping/partnerships/{world.partnership.pk}/",
        f"/m/linkoping/activities/{pub.visit.pk}/",
        "/m/linkoping/news/",
        f"/m/linkoping/news/{pub.news.pk}/",
        "/m/linkoping/open-data/",
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        axe_check(page)
        assert page.locator("#accessibility-link").count() == 1, url


def test_calendar_address_page_is_accessible(page, world):
    log_in(page, world.users["board"], check=False)
    page.goto("/calendar/")
    axe_check(page)
    with page.expect_navigation():
        page.click("#calendar-create")
    axe_check(page)
    url = page.input_value("#calendar-url")
    response = page.context.request.get(url)
    assert response.ok and b"BEGIN:VCALENDAR" in response.body()

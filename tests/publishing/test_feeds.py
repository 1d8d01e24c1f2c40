"""Feeds and calendars, parsed back with real parsers (feedparser, icalendar)."""

from __future__ import annotations

import datetime

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.plans.conftest import make_activity
from tests.publishing.conftest import MARKUP_TITLE, assert_no_secrets
from vanort.plans.models import Activity
from vanort.publishing import selectors
from vanort.publishing.calendars import HISTORY_DAYS
from vanort.publishing.models import CalendarToken
from vanort.publishing.sanitize import plain_text

pytestmark = pytest.mark.engine_independent

FOLDED = plain_text(MARKUP_TITLE)


def parse_feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed, response


def parse_ics(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content), response


def test_news_feed_has_public_news_only_with_markup_titles_intact(client, world, pub):
    feed, response = parse_feed(client, reverse("publishing:news_feed", args=["linkoping"]))
    titles = [entry.title for entry in feed.entries]
    assert "Nyhet om Palo Alto" in titles
    assert FOLDED in titles  # markup kept as text, line breaks folded — and the XML still parses
    assert len(titles) == 2
    assert_no_secrets(response.content.decode(), "in the news feed")
    link = next(e.link for e in feed.entries if e.title == "Nyhet om Palo Alto")
    assert link.endswith(reverse("publishing:news_detail", args=["linkoping", pub.news.pk]))


def test_news_feed_in_english(client, world, pub):
    feed, _ = parse_feed(client, reverse("publishing:news_feed", args=["linkoping"]), HTTP_ACCEPT_LANGUAGE="en")
    assert "News about Palo Alto" in [e.title for e in feed.entries]
    # No English title: the Swedish one is the fallback.
    assert FOLDED in [e.title for e in feed.entries]


def test_partnership_news_feed(client, world, pub):
    feed, _ = parse_feed(client, reverse("publishing:partnership_news_feed", args=["linkoping", world.partnership.pk]))
    assert [e.title for e in feed.entries] == ["Nyhet om Palo Alto"]


def test_activity_feeds(client, world, pub):
    for url in (
        reverse("publishing:activity_feed", args=["linkoping"]),
        reverse("publishing:partnership_activity_feed", args=["linkoping", world.partnership.pk]),
    ):
        feed, response = parse_feed(client, url)
        titles = {e.title for e in feed.entries}
        assert titles == {"Besök från Palo Alto", FOLDED}, url
        assert_no_secrets(response.content.decode(), f"in {url}")


def test_feed_of_internal_partnership_or_unknown_municipality_is_404(client, world, pub):
    assert client.get(reverse("publishing:partnership_news_feed", args=["linkoping", world.internal_partnership.pk])).status_code == 404
    assert client.get(reverse("publishing:news_feed", args=["nowhere"])).status_code == 404
    # A partnership of another municipality is not found under this one.
    assert client.get(reverse("publishing:partnership_activity_feed", args=["other", world.partnership.pk])).status_code == 404


def test_public_calendar(client, world, pub):
    cal, response = parse_ics(client, reverse("publishing:calendar", args=["linkoping"]))
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    summaries = {str(e["SUMMARY"]) for e in events}
    assert summaries == {"Besök från Palo Alto", FOLDED}
    visit = next(e for e in events if str(e["SUMMARY"]) == "Besök från Palo Alto")
    assert visit.decoded("DTSTART") == pub.visit.planned_start
    assert visit.decoded("DTEND") == pub.visit.planned_end + datetime.timedelta(days=1)  # exclusive end of an all-day event
    assert str(visit["LOCATION"]) == "Linköping"
    assert str(visit["UID"]).startswith(f"activity-{pub.visit.pk}@")
    assert "DTSTAMP" in visit
    assert_no_secrets(response.content.decode(), "in the calendar")


def test_public_calendar_reaches_a_year_back_not_the_whole_history(client, world, pub):
    """Regression (bench/load.py): every past year in the calendar took a worker past its time limit."""
    today = timezone.localdate()
    ended = {}
    for title, days_ago in (("Avslutat förra året", 200), ("Avslutat för länge sedan", HISTORY_DAYS + 30)):
        start = today - datetime.timedelta(days=days_ago)
        ended[title] = make_activity(world, title=title, organisation=world.unit, areas=[world.area], start=start,
                                     planned_end=start, status=Activity.Status.PLANNED, is_public=True)
    assert set(ended.values()) <= set(selectors.dated_activities(world.home))  # both public and dated
    for url in (reverse("publishing:calendar", args=["linkoping"]),
                reverse("publishing:partnership_calendar", args=["linkoping", world.partnership.pk])):
        cal, _ = parse_ics(client, url)
        summaries = {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
        assert "Avslutat för länge sedan" not in summaries, url
        if url.endswith("/linkoping/calendar.ics"):
            assert {"Avslutat förra året", "Besök från Palo Alto", FOLDED} <= summaries


def test_partnership_calendar_in_english(client, world, pub):
    url = reverse("publishing:partnership_calendar", args=["linkoping", world.partnership.pk])
    cal, _ = parse_ics(client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Visit from Palo Alto" in {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
    cal, _ = parse_ics(client, url + "?lang=sv", HTTP_ACCEPT_LANGUAGE="en")
    assert "Besök från Palo Alto" in {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


@pytest.mark.smoke
def test_private_calendar_lists_what_its_owner_may_see_and_can_be_revoked(client, world, pub):
    coordinator = world.users["coordinator"]
    token = CalendarToken.issue(coordinator)
    assert CalendarToken.objects.get(user=coordinator).token_hash != token  # only the hash is stored
    url = reverse("publishing:private_calendar", args=[token])
    cal, response = parse_ics(client, url)  # no session needed
    summaries = {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
    assert "SECRET internal activity" in summaries and "Besök från Palo Alto" in summaries
    assert "no-store" in response["Cache-Control"]
    # The partner sees only public ones and its own.
    partner_token = CalendarToken.issue(world.users["partner"])
    cal, _ = parse_ics(client, reverse("publishing:private_calendar", args=[partner_token]))
    assert "SECRET internal activity" not in {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
    # Replacing revokes the old address; revoking removes it.
    new_token = CalendarToken.issue(coordinator)
    assert client.get(url).status_code == 404
    CalendarToken.objects.filter(user=coordinator).delete()
    assert client.get(reverse("publishing:private_calendar", args=[new_token])).status_code == 404
    assert client.get(reverse("publishing:private_calendar", args=["not-a-token"])).status_code == 404


def test_private_calendar_stops_for_an_inactive_user(client, world, pub):
    user = world.users["board"]
    token = CalendarToken.issue(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("publishing:private_calendar", args=[token])).status_code == 404


def test_calendar_token_page(client_for, world):
    client = client_for(world.users["unit_editor"])
    url = reverse("publishing:calendar_token")
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "create"})
    assert response.status_code == 200
    new_url = response.context["new_url"]
    assert new_url and new_url.encode() in response.content
    anonymous = client_for(None)
    assert anonymous.get(new_url).status_code == 200
    client = client_for(world.users["unit_editor"])
    assert client.post(url, {"action": "revoke"}).status_code == 302
    assert client_for(None).get(new_url).status_code == 404
    assert client_for(world.users["unit_editor"]).post(url, {}).status_code == 400


def test_feed_language_from_the_subscribe_link(client, world, pub):
    url = reverse("publishing:news_feed", args=["linkoping"])
    feed, _ = parse_feed(client, url + "?lang=en", HTTP_ACCEPT_LANGUAGE="sv")
    assert "News about Palo Alto" in [e.title for e in feed.entries]
    feed, _ = parse_feed(client, url + "?lang=sv", HTTP_ACCEPT_LANGUAGE="sv")
    assert "Nyhet om Palo Alto" in [e.title for e in feed.entries]

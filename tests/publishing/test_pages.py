"""Public pages, open data and the sitemap: both languages, nothing internal, safe caching, fixed queries."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.plans.conftest import make_activity
from tests.publishing.conftest import assert_no_secrets
from vanort.places.models import City
from vanort.plans.models import Activity
from vanort.publishing.models import NewsItem
from vanort.registry.models import Partnership, TimelineEvent
from vanort.tenancy.models import ContactPerson

pytestmark = pytest.mark.engine


def public_urls(world, pub) -> list[str]:
    home, pk = "linkoping", world.partnership.pk
    return [
        reverse("home"),
        reverse("publishing:index"),
        reverse("publishing:accessibility"),
        reverse("publishing:municipality", args=[home]),
        reverse("publishing:partnership", args=[home, pk]),
        reverse("publishing:activity", args=[home, pub.visit.pk]),
        reverse("publishing:news_list", args=[home]),
        reverse("publishing:news_detail", args=[home, pub.news.pk]),
        reverse("publishing:open_data", args=[home]),
        reverse("publishing:news_feed", args=[home]),
        reverse("publishing:activity_feed", args=[home]),
        reverse("publishing:calendar", args=[home]),
        reverse("publishing:partnership_news_feed", args=[home, pk]),
        reverse("publishing:partnership_activity_feed", args=[home, pk]),
        reverse("publishing:partnership_calendar", args=[home, pk]),
        *[reverse("publishing:export", args=[home, name, fmt]) for name in ("partnerships", "activities", "events") for fmt in ("csv", "json")],
        reverse("publishing:sitemap"),
    ]


def test_palo_alto_page_in_english_and_swedish(client, world, pub):
    url = reverse("publishing:partnership", args=["linkoping", world.partnership.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in english
    assert "Sister city since 1987." in english and "Student exchange" in english and "Smart city" in english
    assert "Visit from Palo Alto" in english and "Linda Chen" in english and "News about Palo Alto" in english
    client.cookies.clear()
    swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<html lang="sv"' in swedish
    assert "Systerort sedan 1987." in swedish and "Studentutbyte" in swedish and "Smart stad" in swedish
    assert "Besök från Palo Alto" in swedish
    # Fallback: an activity without an English title shows the Swedish one in English.
    assert "Fika &amp; &lt;b&gt;" in english


def test_nothing_internal_ever_appears(client_for, world, pub):
    # Signed-in users see public pages as the public does: public pages never show internal data.
    for user in (None, world.users["coordinator"]):
        client = client_for(user)
        for url in public_urls(world, pub):
            if user is not None and url == reverse("home"):
                continue  # a signed-in user's start page is the internal one
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200, url
            text = response.content.decode()
            assert_no_secrets(text, f"on {url}")
            assert f"/partnerships/{world.internal_partnership.pk}/" not in text, url


def test_internal_records_are_404_on_public_pages(client_for, world, pub):
    for user in (None, world.users["admin"]):
        client = client_for(user)
        assert client.get(reverse("publishing:partnership", args=["linkoping", world.internal_partnership.pk])).status_code == 404
        assert client.get(reverse("publishing:activity", args=["linkoping", pub.internal.pk])).status_code == 404
        assert client.get(reverse("publishing:news_detail", args=["linkoping", pub.internal_news.pk])).status_code == 404
        assert client.get(reverse("publishing:news_detail", args=["linkoping", pub.future_news.pk])).status_code == 404
        assert client.get(reverse("publishing:news_detail", args=["other", pub.foreign_news.pk])).status_code == 404
        # A public record under another municipality's address is not found either.
        assert client.get(reverse("publishing:partnership", args=["other", world.partnership.pk])).status_code == 404


def test_municipality_page_has_map_list_upcoming_and_news(client, world, pub):
    world.cities.palo_alto.latitude, world.cities.palo_alto.longitude = 37.44, -122.14
    world.cities.palo_alto.save()
    text = client.get(reverse("publishing:municipality", args=["linkoping"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<svg class="public-map__svg"' in text and 'role="img"' in text and "<title id=\"map-title\">" in text and "<desc" in text
    assert ">Palo Alto</text>" in text  # the point's label
    assert 'id="partner-cities"' in text and "Visit from Palo Alto" in text and "News about Palo Alto" in text
    assert reverse("publishing:calendar", args=["linkoping"]) in text
    assert reverse("publishing:accessibility") in text  # the footer link, on every page


def test_start_page_points_to_the_municipalities(client, world):
    text = client.get(reverse("home")).content.decode()
    assert reverse("publishing:municipality", args=["linkoping"]) in text
    assert reverse("publishing:municipality", args=["other"]) in text


def test_news_body_is_rendered_clean(client, world, pub):
    text = client.get(reverse("publishing:news_detail", args=["linkoping", pub.news.pk])).content.decode()
    assert '<a href="https://example.org" rel="noopener noreferrer">länk</a>' in text
    assert "onclick" not in text


def test_exports(client, world, pub):
    response = client.get(reverse("publishing:export", args=["linkoping", "activities", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["title_sv"] for r in rows} == {"Besök från Palo Alto", pub.markup.title.replace("\r\n", " ").replace("\n", " ").replace("  ", " ")} or len(rows) == 2
    visit = next(r for r in rows if r["id"] == str(pub.visit.pk))
    assert visit["title_en"] == "Visit from Palo Alto" and visit["status"] == "planned" and visit["partnership_id"] == str(world.partnership.pk)
    data = json.loads(client.get(reverse("publishing:export", args=["linkoping", "partnerships", "json"])).content)
    assert [item["partner_city"] for item in data["items"]] == ["Palo Alto"]
    assert data["items"][0]["priority_areas_en"] == "Smart city"
    events = json.loads(client.get(reverse("publishing:export", args=["linkoping", "events", "json"])).content)["items"]
    assert [e["title_en"] for e in events] == ["Student exchange"]
    assert client.get(reverse("publishing:export", args=["linkoping", "costs", "csv"])).status_code == 404
    assert client.get(reverse("publishing:export", args=["linkoping", "events", "xml"])).status_code == 404
    docs = client.get(reverse("publishing:open_data", args=["linkoping"])).content.decode()
    for column in ("partner_city", "priority_areas_en", "date_precision", "starts", "progress"):
        assert f"<code>{column}</code>" in docs


def test_csv_cells_cannot_start_formulas(client, world, pub):
    pub.visit.place = "=HYPERLINK(\"http://evil\")"
    pub.visit.save()
    text = client.get(reverse("publishing:export", args=["linkoping", "activities", "csv"])).content.decode()
    assert "'=HYPERLINK" in text


def test_sitemap_lists_public_pages_only(client, world, pub):
    response = client.get(reverse("publishing:sitemap"))
    locations = [el.text for el in ET.fromstring(response.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    paths = {loc.split("testserver", 1)[1] for loc in locations}
    assert reverse("publishing:partnership", args=["linkoping", world.partnership.pk]) in paths
    assert reverse("publishing:news_detail", args=["linkoping", pub.news.pk]) in paths
    assert reverse("publishing:activity", args=["linkoping", pub.visit.pk]) in paths
    assert reverse("publishing:partnership", args=["linkoping", world.internal_partnership.pk]) not in paths
    assert reverse("publishing:activity", args=["linkoping", pub.internal.pk]) not in paths
    assert reverse("publishing:news_detail", args=["linkoping", pub.internal_news.pk]) not in paths
    assert reverse("publishing:news_detail", args=["linkoping", pub.future_news.pk]) not in paths


# --- caching ------------------------------------------------------------------------------------

def test_cache_never_mixes_languages(client, world, pub):
    url = reverse("publishing:partnership", args=["linkoping", world.partnership.pk])
    feed = reverse("publishing:news_feed", args=["linkoping"])
    for _ in range(2):  # the second round comes from the cache
        client.cookies.clear()
        assert "Visit from Palo Alto" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        client.cookies.clear()
        swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
        assert "Besök från Palo Alto" in swedish and "Visit from Palo Alto" not in swedish
        client.cookies.clear()
        assert b"News about Palo Alto" in client.get(feed, HTTP_ACCEPT_LANGUAGE="en").content
        client.cookies.clear()
        assert b"News about Palo Alto" not in client.get(feed, HTTP_ACCEPT_LANGUAGE="sv").content
    client.cookies.clear()
    client.cookies["django_language"] = "en"
    assert "Visit from Palo Alto" in client.get(url).content.decode()
    response = client.get(feed)
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_cache_is_used_for_anonymous_visitors_only(client_for, world, pub):
    url = reverse("publishing:municipality", args=["linkoping"])
    anonymous = client_for(None)
    anonymous.get(url)
    with CaptureQueriesContext(connection) as cached:
        anonymous.get(url)
    assert len(cached) == 1  # the municipality; the content comes from the cache
    coordinator = client_for(world.users["coordinator"])
    with CaptureQueriesContext(connection) as fresh:
        text = coordinator.get(url).content.decode()
    assert len(fresh) > 3
    assert "Coordinator" in text  # the signed-in header …
    client = client_for(None)
    text = client.get(url).content.decode()
    assert "Coordinator" not in text and "csrfmiddlewaretoken" in text  # … never reaches the public


def test_cached_page_changes_when_a_record_becomes_internal(client, world, pub):
    url = reverse("publishing:partnership", args=["linkoping", world.partnership.pk])
    assert "Visit from Palo Alto" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    feed = reverse("publishing:calendar", args=["linkoping"])
    assert b"Palo Alto" in client.get(feed).content
    pub.visit.is_public = False
    pub.visit.save()
    assert "Visit from Palo Alto" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Besök från Palo Alto" not in client.get(feed).content.decode()
    world.partnership.is_public = False
    world.partnership.save()
    assert client.get(url).status_code == 404


def test_a_change_in_one_municipality_keeps_the_other_municipalitys_cache(client, world, pub):
    from vanort.publishing import caching

    home_key = caching.tenant_key(world.home.slug)
    other_key = caching.tenant_key(world.other.slug)
    before = caching.generation(home_key), caching.generation(other_key), caching.generation()
    world.partnership.summary = "Ny sammanfattning"
    world.partnership.save()  # Linköping's record: only Linköping's public pages start afresh
    after = caching.generation(home_key), caching.generation(other_key), caching.generation()
    assert after[0] != before[0] and after[1:] == before[1:]
    world.cities.palo_alto.save()  # a shared city: every public page starts afresh
    assert caching.generation() != before[2]


def test_each_page_has_a_fresh_csrf_token_and_nonce(client, world, pub):
    url = reverse("publishing:municipality", args=["linkoping"])
    first = client.get(url)
    client.cookies.clear()
    second = client.get(url)
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]
    nonce = second["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'nonce="{nonce}"' in second.content.decode()


# --- query counts -------------------------------------------------------------------------------

def _more_rows(world, n=6):
    for i in range(n):
        city = City.objects.create(name=f"Stad {i}", country="DE", time_zone="Europe/Berlin", latitude=50 + i, longitude=8 + i)
        partnership = Partnership.objects.create(municipality=world.home, partner_city=city, status="active", start_year=2000 + i)
        partnership.priority_areas.add(world.area)
        TimelineEvent.objects.create(partnership=partnership, date=timezone.localdate(), title=f"Händelse {i}")
        TimelineEvent.objects.create(partnership=world.partnership, date=timezone.localdate(), title=f"Händelse PA {i}")
        world.network.member_cities.add(city)
        make_activity(world, title=f"Aktivitet {i}", organisation=world.unit, areas=[world.area], plan=world.plan_for_counts,
                      start=timezone.localdate(), is_public=True, partnership=world.partnership)
        NewsItem.objects.create(municipality=world.home, title=f"Nyhet {i}", is_public=True, partnership=world.partnership,
                                published_at=timezone.now())
        contact = ContactPerson.objects.create(organisation=world.university, name=f"Kontakt {i}", is_public=True)
        world.partnership.contacts.add(contact)


PAGES = [
    ("publishing:index", lambda w, p: []),
    ("publishing:municipality", lambda w, p: ["linkoping"]),
    ("publishing:partnership", lambda w, p: ["linkoping", w.partnership.pk]),
    ("publishing:activity", lambda w, p: ["linkoping", p.visit.pk]),
    ("publishing:news_list", lambda w, p: ["linkoping"]),
    ("publishing:news_detail", lambda w, p: ["linkoping", p.news.pk]),
    ("publishing:open_data", lambda w, p: ["linkoping"]),
    ("publishing:accessibility", lambda w, p: []),
    ("publishing:news_feed", lambda w, p: ["linkoping"]),
    ("publishing:activity_feed", lambda w, p: ["linkoping"]),
    ("publishing:calendar", lambda w, p: ["linkoping"]),
    ("publishing:partnership_news_feed", lambda w, p: ["linkoping", w.partnership.pk]),
    ("publishing:partnership_activity_feed", lambda w, p: ["linkoping", w.partnership.pk]),
    ("publishing:partnership_calendar", lambda w, p: ["linkoping", w.partnership.pk]),
    ("publishing:export", lambda w, p: ["linkoping", "activities", "csv"]),
    ("publishing:export", lambda w, p: ["linkoping", "partnerships", "json"]),
    ("publishing:export", lambda w, p: ["linkoping", "events", "csv"]),
    ("publishing:sitemap", lambda w, p: []),
]
BUDGET = 12


@pytest.mark.parametrize(("name", "args"), PAGES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(PAGES)])
def test_public_pages_run_a_fixed_number_of_queries(client, settings, world, pub, name, args):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # count the uncached path
    world.plan_for_counts = pub.plan
    url = reverse(name, args=args(world, pub))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
        return len(queries)

    before = count()
    _more_rows(world)
    after = count()
    assert before == after, f"{url}: {before} queries before, {after} after adding rows"
    assert after <= BUDGET, f"{url}: {after} queries"


def test_coordinator_writes_news_through_the_resource_pages(client_for, world):
    client = client_for(world.users["coordinator"])
    response = client.post(reverse("publishing:newsitem_create"), {
        "title_sv": "Ny nyhet", "title_en": "New news", "summary_sv": "", "summary_en": "",
        "body_sv": '<p>Text <a href="javascript:alert(1)">x</a></p>', "body_en": "",
        "published_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "is_public": "on",
        "partnership": world.partnership.pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsItem.objects.get(title_sv="Ny nyhet")
    assert item.municipality == world.home and "javascript" not in item.body_sv
    # Unit editors and partners read news but do not write it.
    assert client_for(world.users["unit_editor"]).get(reverse("publishing:newsitem_create")).status_code == 403
    assert client_for(world.users["partner"]).get(reverse("publishing:newsitem_edit", args=[item.pk])).status_code == 403


def test_activities_feed_without_dates_is_fine(client, world, pub):
    Activity.objects.filter(pk=pub.visit.pk).update(planned_start=None, planned_end=None)
    assert client.get(reverse("publishing:calendar", args=["linkoping"])).status_code == 200
    assert client.get(reverse("publishing:activity", args=["linkoping", pub.visit.pk])).status_code == 200

"""Every list downloads as CSV and Excel with what the list shows; adding a city starts from the
lookup; the start page shows each role its own work. Run on the loaded demo."""

from __future__ import annotations

import csv
import functools
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from vanort.accounts.models import User
from vanort.core.permissions import VIEW, restrict
from vanort.core.templatetags.vanort import resolve
from vanort.places import geonames
from vanort.places.models import City
from vanort.plans.models import Activity
from vanort.plans.services.exports import template_csv, template_xlsx
from vanort.plans.services.imports import import_activities

pytestmark = [pytest.mark.django_db, pytest.mark.engine]
_cached_get = functools.cache(geonames.get)


@pytest.fixture
def demo(monkeypatch, settings):
    monkeypatch.setattr(geonames, "get", _cached_get)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("loaddemo", stdout=io.StringIO())


def client_as(username: str | None, language: str = "sv") -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def list_pages():
    """(url name, resource) of every list page built on a Resource."""
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and p.name.endswith("_list"):
                resource = getattr(p.callback, "view_initkwargs", {}).get("resource")
                if resource is not None:
                    yield f"{namespace}:{p.name}", resource
    return list(walk(get_resolver().url_patterns))


def read(response) -> list[list]:
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def first_column(page) -> list[str]:
    column = page["columns"][0]
    return [str(resolve(row, column.attr)) for row in page["page"].paginator.object_list]


@pytest.mark.parametrize("username", ["samordnare", "partner"])
def test_every_list_downloads_exactly_what_it_shows(demo, username):
    client = client_as(username)
    checked = 0
    for name, resource in list_pages():
        page = client.get(reverse(name))
        if page.status_code != 200:
            continue  # a list this role may not open
        shown = first_column(page.context)
        html = page.content.decode()
        assert "download=csv" in html and "download=xlsx" in html, name
        for fmt in ("csv", "xlsx"):
            response = client.get(reverse(name), {"download": fmt})
            assert response.status_code == 200, (name, fmt)
            rows = read(response)
            assert rows[0] == [str(c.label) for c in resource.columns], (name, fmt)
            body = [[str(cell) for cell in row] for row in rows[1:]]
            assert len(body) == page.context["page"].paginator.count, (name, fmt)
            if fmt == "csv":
                assert [row[0] for row in body] == shown, name
            stem = str(resource.model._meta.verbose_name_plural).replace(" ", "-")
            assert f"{stem}-" in response["Content-Disposition"] or "filename*=" in response["Content-Disposition"], name
        checked += 1
    assert checked >= (15 if username == "samordnare" else 8)


def test_activity_download_follows_the_filters_in_both_languages_with_labels(demo):
    for language, title in (("sv", "Titel"), ("en", "Title")):
        client = client_as("samordnare", language)
        response = client.get(reverse("plans:activity_list"), {"status": "done", "download": "csv"})
        rows = read(response)
        with translation.override(language):
            assert rows[0][0] == title
            expected = sorted(str(a.title) for a in Activity.objects.filter(status="done"))
            assert sorted(row[0] for row in rows[1:]) == expected and expected
            done = str(Activity.Status.DONE.label)
        kinds, statuses = {row[1] for row in rows[1:]}, {row[4] for row in rows[1:]}
        assert statuses == {done}
        assert not kinds & set(Activity.Kind.values), kinds  # labels, never codes
        assert "aktiviteter-" in response["Content-Disposition"] if language == "sv" else "activities-" in response["Content-Disposition"]
        dates = [row[3] for row in rows[1:] if row[3]]
        assert dates and all(len(d) == 10 and d[4] == "-" for d in dates)  # ISO dates


def test_a_partners_download_names_nothing_the_partner_cannot_see(demo):
    partner = User.objects.get(username="partner")
    visible = {str(a.title) for a in restrict(Activity.objects.all(), partner, VIEW)}
    everything = {str(a.title) for a in Activity.objects.all()}
    assert everything - visible  # the demo has activities the partner may not see
    for fmt in ("csv", "xlsx"):
        rows = read(client_as("partner").get(reverse("plans:activity_list"), {"download": fmt}))
        titles = {str(row[0]) for row in rows[1:]}
        assert titles == visible
        hidden_plans = {str(p) for p in Activity.objects.exclude(plan=None).values_list("plan__title", flat=True)} - {
            str(p.title) for p in restrict(__import__("vanort.plans.models", fromlist=["ActionPlan"]).ActionPlan.objects.all(), partner, VIEW)}
        assert not {str(row[6]) for row in rows[1:]} & hidden_plans


def test_the_import_template_imports_into_the_demo(demo):
    for username, data in (("samordnare", template_csv()), ("enhet", template_xlsx())):
        result = import_activities(SimpleUploadedFile("template", data), user=User.objects.get(username=username))
        assert result.ok, [(e.row, e.column, e.message) for e in result.errors]
    activity = Activity.objects.get(import_key="2026-student-exchange")
    assert [a.name_sv for a in activity.priority_areas.all()] == ["Utbyte inom skolan"]
    assert activity.costs.count() == 2


def test_activity_list_links_import_and_the_activity_its_guideline_assessment(demo):
    html = client_as("samordnare").get(reverse("plans:activity_list")).content.decode()
    assert reverse("plans:activity_import") in html and reverse("plans:activity_export") in html
    activity = Activity.objects.filter(plan__isnull=False).first()
    html = client_as("samordnare").get(activity.get_absolute_url()).content.decode()
    assert reverse("governance:activity_guidelines", args=[activity.pk]) in html


def test_start_page_per_role(demo):
    pages = {u: client_as(u, "en").get("/").content.decode() for u in ("samordnare", "enhet", "partner")}
    # The coordinator: the last plan period (2023–2024) and the next, with their real figures.
    assert "Plan periods" in pages["samordnare"] and "2023–2024" in pages["samordnare"]
    assert "Activities in 2026 by status" not in pages["samordnare"]
    partner = User.objects.get(username="partner")
    proposals = Activity.objects.filter(responsible_organisation=partner.organisation, plan__isnull=True)
    assert proposals and all(str(a.title) in pages["partner"] for a in proposals)
    with translation.override("en"):
        assert f"The work of {partner.organisation.name}" in pages["partner"]
    assert "Recent changes" not in pages["partner"] and "Key figures" not in pages["partner"]
    editor = User.objects.get(username="enhet")
    own = Activity.objects.filter(responsible_organisation=editor.organisation, plan__isnull=False).order_by("-planned_start")[:3]
    assert own and all(str(a.title) in pages["enhet"] for a in own)
    others = Activity.objects.exclude(responsible_organisation=editor.organisation).exclude(plan=None).first()
    section = pages["enhet"].split('id="own-heading"')[1].split("</section>")[0]
    assert str(others.title) not in section


def test_adding_a_city_starts_from_the_lookup_and_returns_to_the_form(demo):
    client = client_as("samordnare")
    html = client.get(reverse("places:city_list")).content.decode()
    assert f'href="{reverse("places:city_lookup")}"' in html
    form = client.get(reverse("registry:partnership_create")).content.decode()
    assert f'{reverse("places:city_lookup")}?next=' in form
    found = client.get(reverse("places:city_lookup"), {"q": "Palo Alto", "next": reverse("registry:partnership_create")})
    text = found.content.decode()
    assert "East Palo Alto" in text and "California" in text and "Enter the city by hand" not in text
    east = next(c for c, _registered in found.context["candidates"] if c.name == "East Palo Alto")
    response = client.post(reverse("places:city_lookup"), {"geonames_id": east.geonames_id, "next": reverse("registry:partnership_create")})
    assert response["Location"] == reverse("registry:partnership_create")
    city = City.objects.get(geonames_id=east.geonames_id)
    assert (city.region, city.country, city.time_zone) == ("California", "US", "America/Los_Angeles")
    nothing = client.get(reverse("places:city_lookup"), {"q": "Qqxyzzyville"}).content.decode()
    assert "Enter the city by hand" in nothing or "Ange orten för hand" in nothing


def test_the_time_zone_field_offers_the_countrys_zones_first(demo):
    city = City.objects.get(name="Palo Alto")
    html = client_as("samordnare", "en").get(reverse("places:city_edit", args=[city.pk])).content.decode()
    select = html.split('name="time_zone"')[1].split("</select>")[0]
    first_group = select.split("<optgroup")[1]
    assert "America / Los Angeles (UTC" in first_group and "Europe / Stockholm" not in first_group
    assert "Europe / Stockholm" in select


@pytest.mark.parametrize("username", ["samordnare", "partner"])
def test_a_download_runs_the_same_number_of_queries_for_more_rows(demo, username):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(username)
    url = reverse("plans:activity_list")
    client.get(url, {"download": "xlsx"})
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"download": "csv"})
    template = Activity.objects.filter(is_public=True, plan__isnull=False).first()
    for i in range(5):
        copy = Activity.objects.get(pk=template.pk)
        copy.pk = copy.id = None
        copy.import_key = f"copy-{i}"
        copy.save()
        copy.priority_areas.set(template.priority_areas.all())
    with CaptureQueriesContext(connection) as after:
        response = client.get(url, {"download": "csv"})
    assert len(read(response)) > 5
    assert len(after) == len(before), [q["sql"][:100] for q in after.captured_queries]

"""Hostile requests get a clear 4xx or a safe fallback, never a 5xx.

Every page without a record id in its address (lists, the inbox, public pages, feeds, exports,
the API's lists) is asked for absurd pages, page sizes, years, sorts and repeated filters; every
record address for an id past the 64-bit range; forms for out-of-range numbers and dates, huge
strings and NUL bytes; login, logout and the language switch for a redirect to another host; and
the site for a forged ``Host`` header.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from tests.test_matrix import MATRIX, user_for
from vanort.plans.models import Activity, CostLine, Milestone

pytestmark = [pytest.mark.django_db, pytest.mark.engine]

#: Report files are rendered for seconds each and take no list parameters.
SLOW = {
    "reports:annual_file",
    "reports:review_file",
    "reports:followup_file",
    "reports:job_download",
}

BAD_QUERIES = (
    "page=999999&page_size=100000000&sort=nonexistent&status=x&status=y&q=x&q=y&year=99999999999999999999"
    "&partnership=99999999999999999999&starts_after=10000-01-01",
    "page=abc&page_size=-1&sort=-&year=-99999999999999999999&organisation=abc&ends_before=0000-01-01",
)
HUGE_IDS = (10**20,)  # past 2**63: a bigint overflow on PostgreSQL if it reached the database


@pytest.fixture(scope="module")
def hostile_client():
    return Client(raise_request_exception=False)


def parameter_pages(world) -> list[str]:
    """Every page that a coordinator may read and that names no record (it filters, pages, sorts)."""
    urls = []
    for r in MATRIX:
        args = r.args(world)
        if (
            r.get["coordinator"] == 200
            and r.name not in SLOW
            and not any(isinstance(a, int) for a in args)
        ):
            urls.append(reverse(r.name, args=args))
    return sorted(set(urls))


def test_absurd_query_parameters_are_never_a_server_error(matrix_world, hostile_client):
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    pages = parameter_pages(matrix_world)
    assert len(pages) > 25
    assert "/activities/" in pages and "/api/activities/" in pages and "/decisions/" in pages
    failures = []
    for url in pages:
        for query in BAD_QUERIES:
            response = hostile_client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append(f"{url}?{query} → {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_year_past_9999_is_a_filter_error_not_a_crash(matrix_world, hostile_client):
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    for url in ("/decisions/", "/activities/"):
        response = hostile_client.get(url, {"year": "99999999999999999999"})
        assert response.status_code == 200  # the list page shows the filter form with its error
        assert response.context["filterset"].errors["year"]
        assert not response.context["page"].object_list
    assert (
        hostile_client.get("/api/activities/", {"year": "99999999999999999999"}).status_code == 400
    )


def test_page_size_and_page_fall_back_safely(matrix_world, hostile_client):
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    response = hostile_client.get("/activities/", {"page": "999999", "page_size": "100000000"})
    assert (
        response.status_code == 200
        and response.context["page"].number == response.context["page"].paginator.num_pages
    )
    response = hostile_client.get("/api/activities/", {"page_size": "100000000"})
    assert response.status_code == 200 and len(response.json()["results"]) <= 200
    assert hostile_client.get("/api/activities/", {"page": "abc"}).status_code == 404


def test_ids_past_the_64_bit_range_are_404(matrix_world, hostile_client):
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    seen, failures = set(), []
    for r in MATRIX:
        args = r.args(matrix_world)
        if not any(isinstance(a, int) for a in args) or r.name in SLOW:
            continue
        for big in HUGE_IDS:
            url = reverse(r.name, args=[big if isinstance(a, int) else a for a in args])
            if url in seen:
                continue
            seen.add(url)
            for method in ("get", "post"):
                status = getattr(hostile_client, method)(url).status_code
                if status not in (404, 405):
                    failures.append(f"{method.upper()} {url} → {status}")
    assert len(seen) > 50
    assert not failures, "\n".join(failures)


def test_nul_bytes_in_address_query_or_form_are_400(matrix_world, hostile_client):
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    assert hostile_client.get("/activities/", {"q": "a\x00b"}).status_code == 400
    assert hostile_client.get("/api/activities/", {"q": "a\x00b"}).status_code == 400
    assert hostile_client.get("/public/", {"x\x00": "1"}).status_code == 400
    response = hostile_client.get("/activities/%00/")
    assert response.status_code in (400, 404)
    before = Activity.objects.count()
    body = urlencode({"title": "Evil\x00", "kind": "project"})
    response = hostile_client.post(
        "/activities/new/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "core/error.html" in [
        t.name for t in response.templates
    ]  # the guard's page, not the form
    assert Activity.objects.count() == before


def test_nul_byte_in_a_multipart_form_is_a_field_error(matrix_world, hostile_client):
    """Multipart bodies are not read by the guard (uploads); the form's own check answers."""
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    activity = matrix_world.unit_activity
    before = Milestone.objects.count()
    url = reverse("plans:milestone_create", args=[activity.pk])
    response = hostile_client.post(
        url, {"title": "Evil\x00", "due_on": "2026-05-01"}
    )  # the test client posts multipart
    assert response.status_code == 400
    assert response.context["form"].errors["title"]
    assert Milestone.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("estimated", "1e30"),
        ("estimated", "-5"),
        ("estimated", "99999999999999999999999999999"),
        ("actual", "1e400"),
        ("actual", "NaN"),
        ("actual", "Infinity"),
        ("rate_date", "0000-01-01"),
        ("rate_date", "10000-01-01"),
        ("note", "x" * 100_000),
    ],
)
def test_out_of_range_values_in_a_form_are_field_errors(matrix_world, hostile_client, field, value):
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    w = matrix_world
    data = {
        "paying_organisation": w.unit.pk,
        "cost_type": "travel",
        "currency": "SEK",
        "estimated": "100",
        "rate_date": "2026-03-01",
        field: value,
    }
    before = CostLine.objects.count()
    response = hostile_client.post(
        reverse("plans:costline_create", args=[w.unit_activity.pk]), data
    )
    assert response.status_code == 400, response.status_code
    assert response.context["form"].errors
    assert CostLine.objects.count() == before


@pytest.mark.parametrize("value", ["1e30", "-3", "99999999999999999999"])
def test_participation_counts_out_of_range(matrix_world, hostile_client, value):
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    activity = matrix_world.unit_activity
    participation = activity.participation
    url = reverse("plans:participation_edit", args=[activity.pk])
    response = hostile_client.post(url, {"total": value, "women": "1", "men": "1", "under_18": "2"})
    assert response.status_code == 400
    participation.refresh_from_db()
    assert participation.total == 2


EVIL = "https://evil.example/steal"


@pytest.mark.parametrize(
    "target", [EVIL, "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_next_to_another_host_is_ignored(matrix_world, hostile_client, target):
    from tests.conftest import PASSWORD

    hostile_client.logout()
    coordinator = user_for(matrix_world, "coordinator")
    response = hostile_client.post(
        f"{reverse('accounts:login')}?next={target}",
        {"username": coordinator.username, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302 and _same_site(response["Location"])
    response = hostile_client.post(reverse("set_language"), {"language": "en", "next": target})
    assert response.status_code == 302 and _same_site(response["Location"])
    response = hostile_client.post(reverse("accounts:logout"), {"next": target})
    assert response.status_code == 302 and _same_site(response["Location"])
    response = hostile_client.get(reverse("accounts:login"), {"next": target})
    assert response.status_code == 200 and target.encode() not in response.content.replace(
        b"&amp;", b"&"
    )


def _same_site(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@override_settings(DEBUG=False, ALLOWED_HOSTS=["vanort.example.se"])
def test_forged_host_header_is_400(matrix_world):
    client = Client(raise_request_exception=False)
    for url in ("/", "/public/", "/activities/", "/api/activities/", reverse("accounts:login")):
        assert client.get(url, HTTP_HOST="evil.example").status_code == 400
        assert client.get(url, HTTP_HOST="vanort.example.se").status_code in (200, 302)
    response = client.post(
        reverse("accounts:login"), {"username": "x", "password": "y"}, HTTP_HOST="evil.example"
    )
    assert response.status_code == 400
    for language, title in (("sv", "Felaktig begäran"), ("en", "Bad request")):
        client.cookies["django_language"] = language
        html = client.get("/no-such-page/", HTTP_HOST="evil.example").content.decode()
        assert f"<title>{title} – Vänort</title>" in html and f">{title}</h1>" in html
        assert "hittades inte" not in html and "not found" not in html


def test_database_rejects_nothing_the_guards_let_through(matrix_world, hostile_client):
    """The long strings and odd characters that do pass are stored as typed (on PostgreSQL too)."""
    hostile_client.force_login(user_for(matrix_world, "coordinator"))
    title = "Ω\u202e\ufeff'\";--" + "å" * 150
    response = hostile_client.post(
        reverse("plans:milestone_create", args=[matrix_world.unit_activity.pk]),
        {"title": title, "due_on": "2026-05-01"},
    )
    assert response.status_code == 302, (response.status_code, connection.vendor)
    assert Milestone.objects.filter(title=title).exists()

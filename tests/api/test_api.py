"""The REST API: the pages' gate, filters and rules; conditional requests; structured errors."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from vanort.api.models import ApiToken
from vanort.core.roles import Role
from vanort.places.models import City
from vanort.plans.models import Activity, VisitNotice

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "openapi: 3" in (tmp_path / "schema.yaml").read_text()


def test_schema_and_offline_docs_are_served(client):
    assert client.get(reverse("api:schema")).status_code == 200
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "https://" not in body  # everything from the sidecar, on this host
    assert "unsafe-inline" not in docs["Content-Security-Policy"]
    assert "<style>" not in body and "<script>" not in body  # the site's CSP holds unchanged
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    redoc = client.get(reverse("api:redoc"))
    assert redoc.status_code == 200 and "fonts.googleapis" not in redoc.content.decode()
    policy = redoc["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "worker-src 'self' blob:" in policy
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy


def test_anonymous_reads_public_rows_only(world, api):
    anon = api()
    assert ids(anon.get("/api/partnerships/")) == {world.partnership.pk}
    assert anon.get(f"/api/partnerships/{world.internal_partnership.pk}/").status_code == 404
    assert anon.get(f"/api/partnerships/{world.foreign_partnership.pk}/").status_code == 404
    detail = anon.get(f"/api/partnerships/{world.partnership.pk}/").json()
    assert detail["internal_notes"] is None
    timeline = anon.get(f"/api/partnerships/{world.partnership.pk}/timeline/").json()
    assert [event["id"] for event in timeline] == [world.event.pk]
    assert world.hidden_org.pk not in ids(anon.get("/api/organisations/"))
    assert anon.get("/api/visit-notices/").status_code == 401
    assert anon.get("/api/cost-lines/").status_code == 401


def test_token_user_reads_exactly_as_on_the_pages(world, api):
    coordinator = api(world.users[Role.COORDINATOR])
    assert ids(coordinator.get("/api/partnerships/")) == {world.partnership.pk, world.internal_partnership.pk}
    assert coordinator.get(f"/api/partnerships/{world.partnership.pk}/").json()["internal_notes"] == "Secret note"
    assert {e["id"] for e in coordinator.get(f"/api/partnerships/{world.partnership.pk}/timeline/").json()} == {
        world.event.pk, world.internal_event.pk}
    partner = api(world.users[Role.PARTNER])
    assert ids(partner.get("/api/partnerships/")) == {world.partnership.pk}
    assert partner.get(f"/api/partnerships/{world.partnership.pk}/").json()["internal_notes"] is None
    foreign = api(world.foreign_user)
    assert ids(foreign.get("/api/partnerships/")) == {world.foreign_partnership.pk}
    assert coordinator.get("/api/visit-notices/").status_code == 200


def test_writes_401_403_404_like_the_pages(world, api):
    city = world.cities.palo_alto
    payload = {"name": "Palo Alto", "version": city.version}
    assert api().patch(f"/api/cities/{city.pk}/", payload, format="json").status_code == 401
    assert api().post("/api/cities/", {"name": "X"}, format="json").status_code == 401
    assert api(world.users[Role.BOARD]).patch(f"/api/cities/{city.pk}/", payload, format="json").status_code == 403
    assert api(world.users[Role.PARTNER]).post("/api/cities/", {"name": "X"}, format="json").status_code == 403
    assert api(world.users[Role.COORDINATOR]).patch(f"/api/cities/{city.pk}/", payload, format="json").status_code == 200
    # Read-only resources: no writes at all.
    assert api(world.users[Role.COORDINATOR]).post("/api/partnerships/", {}, format="json").status_code == 405


def test_revoked_token_no_longer_works(world):
    from rest_framework.test import APIClient

    user = world.users[Role.COORDINATOR]
    key = ApiToken.issue(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert ids(client.get("/api/partnerships/")) == {world.partnership.pk, world.internal_partnership.pk}
    ApiToken.revoke(user)
    assert client.get("/api/partnerships/").status_code == 401
    user.is_active = False
    user.save()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)}")
    assert client.get("/api/partnerships/").status_code == 401
    assert ApiToken.objects.get(user=user).digest != key  # only the digest is stored


def test_filters_are_the_list_pages(world, api):
    anon = api()
    assert ids(anon.get("/api/cities/?country=us")) == {world.cities.palo_alto.pk}
    assert ids(anon.get("/api/cities/?q=palo")) == {world.cities.palo_alto.pk}
    coordinator = api(world.users[Role.COORDINATOR])
    assert ids(coordinator.get("/api/partnerships/?status=proposed")) == {world.internal_partnership.pk}
    bad = anon.get("/api/partnerships/?status=nonsense")
    assert bad.status_code == 400 and "status" in bad.json()
    # A choice the user may not see is refused like a choice that does not exist.
    hidden = anon.get(f"/api/activities/?partnership={world.internal_partnership.pk}")
    assert hidden.status_code == 400 and "partnership" in hidden.json()


def test_page_size_is_capped(world, api):
    for number in range(230):
        City.objects.create(name=f"Town {number:03d}", country="SE", time_zone="Europe/Stockholm")
    anon = api()
    assert len(anon.get("/api/cities/").json()["results"]) == 50
    assert len(anon.get("/api/cities/?page_size=1000").json()["results"]) == 200
    assert len(anon.get("/api/cities/?page_size=-3").json()["results"]) == 50
    assert anon.get("/api/cities/?page=999").status_code == 404


def test_etag_if_none_match_and_if_match(world, api):
    coordinator = api(world.users[Role.COORDINATOR])
    city = world.cities.enschede
    url = f"/api/cities/{city.pk}/"
    first = coordinator.get(url)
    etag = first["ETag"]
    assert etag == f'"{city.pk}.{city.version}"'
    assert coordinator.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    changed = coordinator.patch(url, {"region": "Overijssel"}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != etag and changed.json()["region"] == "Overijssel"
    stale = coordinator.patch(url, {"region": "Twente"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and "detail" in stale.json()
    city.refresh_from_db()
    assert city.region == "Overijssel"  # nothing overwritten
    # Without If-Match: the body's version; stale → 409 naming the field, none → 428.
    conflict = coordinator.patch(url, {"region": "Twente", "version": 1}, format="json")
    assert conflict.status_code == 409 and "version" in conflict.json()
    assert coordinator.patch(url, {"region": "Twente"}, format="json").status_code == 428
    ok = coordinator.patch(url, {"region": "Twente", "version": city.version}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == city.version + 1


def test_errors_name_the_field_in_the_request_language(world, api):
    coordinator = api(world.users[Role.COORDINATOR])
    english = coordinator.post("/api/cities/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert set(english.json()) >= {"name", "country", "time_zone"}
    assert english.json()["name"] == ["This field is required."]
    swedish = coordinator.post("/api/cities/", {}, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    assert swedish.json()["name"] != english.json()["name"]
    typed = coordinator.post("/api/cities/", {"population": "many", "country": "XX"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert typed.status_code == 400 and {"population", "country"} <= set(typed.json())


def test_activity_writes_go_through_the_form_and_service(world, api):
    coordinator = api(world.users[Role.COORDINATOR])
    base = {"title_sv": "Utbyte", "kind": "project", "responsible_organisation": world.office.pk}
    missing_area = coordinator.post("/api/activities/", base, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert missing_area.status_code == 400 and "priority_areas" in missing_area.json()
    planned = coordinator.post("/api/activities/", {**base, "priority_areas": [world.area.pk], "status": "planned"}, format="json")
    assert planned.status_code == 400 and {"equality_marker", "equality_text"} <= set(planned.json())
    created = coordinator.post("/api/activities/", {**base, "priority_areas": [world.area.pk], "partnership": world.partnership.pk}, format="json")
    assert created.status_code == 201, created.content
    activity = Activity.objects.get(pk=created.json()["id"])
    assert activity.municipality == world.home and list(activity.priority_areas.all()) == [world.area]
    assert created["ETag"] == f'"{activity.pk}.1"'
    # A partner proposes only, for their own organisation; the plan is not theirs to set.
    partner = api(world.users[Role.PARTNER])
    own = {"title_sv": "Förslag", "kind": "project", "responsible_organisation": world.university.pk, "priority_areas": [world.area.pk]}
    assert partner.post("/api/activities/", {**own, "responsible_organisation": world.office.pk}, format="json").status_code == 400
    assert partner.post("/api/activities/", {**own, "status": "ongoing"}, format="json").status_code == 400
    proposed = partner.post("/api/activities/", own, format="json")
    assert proposed.status_code == 201, proposed.content
    # Another municipality's coordinator does not see it: 404, not 403.
    foreign = api(world.foreign_user)
    assert foreign.patch(f"/api/activities/{activity.pk}/", {"title_sv": "X", "version": 1}, format="json").status_code == 404
    # The partner sees the public partnership's activity only if it is public.
    assert partner.patch(f"/api/activities/{activity.pk}/", {"title_sv": "X", "version": 1}, format="json").status_code == 404


def test_named_participants_and_costs_never_public(world, api):
    from vanort.plans.models import NamedParticipant, Participation

    activity = Activity.objects.create(municipality=world.home, title="Offentlig", kind="project",
                                       responsible_organisation=world.office, is_public=True)
    Participation.objects.create(activity=activity, total=2, women=1, men=1, under_18=2)
    NamedParticipant.objects.create(activity=activity, name="Kalle Minderårig", is_minor=True)
    anon = api()
    body = anon.get(f"/api/activities/{activity.pk}/").content.decode()
    assert "Kalle" not in body
    assert anon.get(f"/api/participation/?activity={activity.pk}").json()["count"] == 1
    assert "Kalle" not in api(world.users[Role.COORDINATOR]).get("/api/participation/").content.decode()
    assert anon.get("/api/cost-lines/").status_code == 401


def test_visit_notices_for_the_municipality_only(world, api):
    import datetime

    notice = VisitNotice.objects.create(
        municipality=world.home, organisation=world.unit, direction="outgoing", travellers="Anna",
        starts_on=datetime.date(2027, 3, 1), ends_on=datetime.date(2027, 3, 5), purpose="Möte",
        report_due_on=datetime.date(2027, 4, 5),
    )
    assert ids(api(world.users[Role.UNIT_EDITOR]).get("/api/visit-notices/")) == {notice.pk}
    assert ids(api(world.users[Role.PARTNER]).get("/api/visit-notices/")) == set()
    assert api(world.foreign_user).get(f"/api/visit-notices/{notice.pk}/").status_code == 404


def test_token_page_creates_shows_once_and_revokes(world, client_for):
    client = client_for(world.users[Role.BOARD])
    url = reverse("api:token")
    assert "no API token" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode() or client.get(url).status_code == 200
    created = client.post(url, {"action": "create"})
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    key = created.context["new_key"]
    assert key in created.content.decode() and key not in client.get(url).content.decode()
    from rest_framework.test import APIClient

    api_client = APIClient()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/partnerships/").status_code == 200
    assert client.post(url, {"action": "revoke"}).status_code == 302
    assert api_client.get("/api/partnerships/").status_code == 401
    assert client.post(url, {}).status_code == 400
    anon = client_for(None)
    assert anon.get(url).status_code == 302

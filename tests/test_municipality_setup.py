"""A host sets up a new municipality from the command line; its administrator keeps its settings."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from vanort.core.roles import Role
from vanort.places.models import City
from vanort.tenancy.models import Municipality, Organisation

pytestmark = pytest.mark.engine_independent


@pytest.mark.django_db
def test_create_municipality_then_its_first_administrator(monkeypatch):
    out = io.StringIO()
    call_command("create_municipality", "Norrköpings kommun", city="Norrköping", country="SE",
                 organisation="Internationella kontoret", stdout=out)
    municipality = Municipality.objects.get(slug="norrkopings-kommun")
    assert municipality.city.name == "Norrköping" and municipality.city.country == "SE"
    assert municipality.city.geonames_id and municipality.currency == "SEK"
    office = Organisation.objects.get(municipality=municipality)
    assert office.name == "Internationella kontoret"
    assert "createuser" in out.getvalue()

    monkeypatch.setenv("VANORT_PASSWORD", "a-long-enough-pass-phrase-2026")
    call_command("createuser", "norradmin", municipality="norrkopings-kommun", organisation="Internationella kontoret",
                 role="admin", stdout=io.StringIO())


@pytest.mark.django_db
def test_create_municipality_refuses_what_it_cannot_place_and_writes_nothing():
    cities = City.objects.count()
    with pytest.raises(CommandError, match="--city"):
        call_command("create_municipality", "Ingenstans kommun", city="Ingenstansby", organisation="Kansliet")
    with pytest.raises(CommandError, match="--city"):
        call_command("create_municipality", "X", city="999999999999", organisation="Kansliet")
    with pytest.raises(CommandError, match="--currency"):
        call_command("create_municipality", "X", city="Norrköping", currency="kronor", organisation="Kansliet")
    assert not Municipality.objects.exists() and City.objects.count() == cities


@pytest.mark.django_db
def test_a_second_municipality_with_the_same_short_name_is_refused(world):
    with pytest.raises(CommandError, match="--slug"):
        call_command("create_municipality", "Linköping igen", city="Linköping", slug=world.home.slug, organisation="Kansliet")


@pytest.mark.django_db
def test_the_administrator_keeps_the_settings_and_a_stale_form_is_refused(world, client_for):
    url = reverse("tenancy:municipality_edit", args=[world.home.pk])
    admin = client_for(world.users[Role.ADMIN])
    version = world.home.version
    data = {"name": world.home.name, "currency": "sek", "visit_report_days": 14, "election_day": 15, "election_month": 10,
            "first_election_year": 2014, "term_years": 4, "follow_up_grace": 0, "follow_up_grace_unit": "months",
            "expected_version": version}
    assert admin.post(url, data).status_code == 302
    world.home.refresh_from_db()
    assert world.home.visit_report_days == 14 and world.home.currency == "SEK"
    # The same (now stale) form again: refused, the first change kept.
    response = admin.post(url, {**data, "visit_report_days": 60})
    assert response.status_code == 409
    world.home.refresh_from_db()
    assert world.home.visit_report_days == 14
    # Out-of-range values are refused beside their field.
    response = admin.post(url, {**data, "expected_version": world.home.version, "visit_report_days": 0, "election_month": 13})
    assert response.status_code == 400
    # A coordinator reads the settings but does not change them.
    coordinator = client_for(world.users[Role.COORDINATOR])
    assert coordinator.get(reverse("tenancy:municipality_detail", args=[world.home.pk])).status_code == 200
    assert coordinator.get(url).status_code == 403

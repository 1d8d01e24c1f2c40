"""Ordinary bad input answers with a field message, never a 500 (issue 18).

A name given in one language only, then the same name in the other language; an id past the
64-bit range posted as a choice. Both used to reach the database (IntegrityError, OverflowError).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from vanort.core.roles import Role
from vanort.registry.models import Network, PriorityArea
from vanort.tenancy.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.engine]

TOO_BIG = "99999999999999999999"

NAMED = [
    ("registry:priorityarea_create", PriorityArea, {"position": "1", "is_active": "on"},
     "Det finns redan ett prioriterat samverkansområde med det här namnet."),
    ("registry:network_create", Network, {},
     "Det finns redan ett nätverk med det här namnet."),
    ("tenancy:organisation_create", Organisation, {"kind": "office"},
     "Det finns redan en organisation med det här namnet."),
]


@pytest.fixture
def coordinator(world, client_for) -> Client:
    client = client_for(world.users[Role.COORDINATOR])
    client.raise_request_exception = False
    return client


def messages(response, field: str) -> list[str]:
    return [str(m) for m in response.context["form"].errors.get(field, [])]


@pytest.mark.parametrize(("first", "second"), [("name_en", "name_sv"), ("name_sv", "name_en")])
@pytest.mark.parametrize(("url_name", "model", "extra", "message"), NAMED, ids=[n[0] for n in NAMED])
def test_same_name_in_the_other_language_is_a_field_message(coordinator, url_name, model, extra, message, first, second):
    url = reverse(url_name)
    assert coordinator.post(url, {first: "Vattenfrågor", **extra}).status_code == 302
    count = model.objects.count()

    response = coordinator.post(url, {second: "Vattenfrågor", **extra})

    assert response.status_code == 400
    assert message in messages(response, second) + messages(response, "__all__")
    assert model.objects.count() == count


def test_out_of_range_id_in_a_multi_select_is_a_field_message(world, coordinator):
    url = reverse("registry:network_edit", args=[world.network.pk])
    data = {
        "name_sv": "Nytt namn", "expected_version": "1",
        "member_cities": [str(world.cities.palo_alto.pk)], "priority_areas": [str(world.area.pk), TOO_BIG],
    }
    response = coordinator.post(url, data)

    assert response.status_code == 400
    assert any(TOO_BIG in m for m in messages(response, "priority_areas"))
    world.network.refresh_from_db()
    assert world.network.name == "Smart City Alliance" and world.network.version == 1
    assert not world.network.priority_areas.exists()


def test_out_of_range_id_in_a_single_select_is_a_field_message(world, coordinator):
    url = reverse("tenancy:organisation_edit", args=[world.unit.pk])
    data = {"name_sv": "Nytt namn", "kind": "office", "parent": TOO_BIG, "expected_version": "1"}
    response = coordinator.post(url, data)

    assert response.status_code == 400
    assert messages(response, "parent")
    world.unit.refresh_from_db()
    assert world.unit.name == "Utbildningsförvaltningen" and world.unit.parent is None and world.unit.version == 1

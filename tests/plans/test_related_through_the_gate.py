"""A public activity's page names its plan, partnership and organisations only where the gate lets the reader see them."""

from __future__ import annotations

import datetime

import pytest

from tests.plans.conftest import make_activity
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan

pytestmark = pytest.mark.engine_independent


@pytest.mark.parametrize(("role", "sees"), [(None, False), (Role.PARTNER, False), (Role.BOARD, True), (Role.COORDINATOR, True)])
def test_public_activity_hides_internal_plan_partnership_and_units(world, client_for, role, sees):
    plan = ActionPlan.objects.create(
        municipality=world.home, partnership=world.internal_partnership, title="Hemlig plan", is_public=False,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
    )
    activity = make_activity(world, title="Öppen aktivitet", organisation=world.hidden_org, areas=[world.area], plan=plan,
                             is_public=True, partnership=world.internal_partnership)
    activity.participating_organisations.add(world.hidden_org, world.unit)
    page = client_for(world.users[role] if role else None).get(activity.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert activity.title in text and world.unit.name in text and world.area.name in text
    for secret in ("Hemlig plan", world.hidden_org.name, str(world.internal_partnership)):
        assert (secret in text) is sees, secret


@pytest.mark.parametrize(("role", "sees"), [(None, False), (Role.PARTNER, False), (Role.BOARD, True), (Role.COORDINATOR, True)])
def test_activity_list_hides_internal_plan_and_responsible_unit(world, client_for, role, sees):
    plan = ActionPlan.objects.create(
        municipality=world.home, partnership=world.internal_partnership, title="Hemlig plan", is_public=False,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
    )
    make_activity(world, title="Öppen aktivitet", organisation=world.hidden_org, areas=[world.area], plan=plan,
                  is_public=True, partnership=world.internal_partnership)
    user = world.users[role] if role else None
    client = client_for(user)
    if role is None:
        # The public reads activities on the public pages; the list itself asks them to log in.
        response = client.get("/activities/")
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            return
    text = client.get("/activities/").content.decode()
    assert "Öppen aktivitet" in text
    for secret in ("Hemlig plan", world.hidden_org.name):
        assert (secret in text) is sees, secret

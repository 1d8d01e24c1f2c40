"""History pages: a fixed number of queries however long the history, and related records named
only to those who may see them."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.plans.conftest import make_activity
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity

pytestmark = pytest.mark.engine


def plan(world, title, *, is_public):
    return ActionPlan.objects.create(
        municipality=world.home, partnership=world.partnership, title=title, is_public=is_public,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
    )


def history_queries(client, activity) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("plans:activity_history", args=[activity.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_history_queries_do_not_grow_and_hidden_plans_stay_unnamed(world, client_for):
    activity = make_activity(world, title="Forskarbesök", organisation=world.university, areas=[world.area],
                             status=Activity.Status.PROPOSED, equality_text="")
    plans = [plan(world, f"Öppen plan {i}", is_public=True) for i in range(6)]
    secret = plan(world, "Hemlig plan", is_public=False)
    partner = client_for(world.users[Role.PARTNER])

    for target in plans[:2]:
        activity.plan = target
        activity.save()
    few, _html = history_queries(partner, activity)
    for target in [*plans[2:], secret]:
        activity.plan = target
        activity.save()
    many, html = history_queries(partner, activity)
    assert many == few

    # The partner sees the public plans' names, not the internal one's.
    assert "Öppen plan 5" in html and "Hemlig plan" not in html
    # A coordinator sees every plan named.
    _n, html = history_queries(client_for(world.users[Role.COORDINATOR]), activity)
    assert "Hemlig plan" in html


@pytest.mark.parametrize(("language", "shown", "not_shown"), [
    ("sv", "Intagen i planen Verksamhetsplan", "Accepted into the plan"),
    ("en", "Accepted into the plan Verksamhetsplan", "Intagen i planen"),
])
def test_a_change_reason_is_read_in_the_readers_language(world, client_for, language, shown, not_shown):
    """The reason a service writes is kept in no language and translated for whoever reads the
    history (it was stored in the writer's language: Swedish on English pages)."""
    from django.conf import settings
    from django.utils import translation

    from vanort.core.history import stored_reason
    from vanort.core.versioning import save_versioned

    partnership = world.partnership
    with translation.override("sv" if language == "en" else "en"):  # written in the other language
        save_versioned(partnership, expected_version=partnership.version,
                       reason=stored_reason("Accepted into the plan %(plan)s", plan="Verksamhetsplan"))
    client = client_for(world.users[Role.COORDINATOR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("registry:partnership_history", args=[partnership.pk])).content.decode()
    assert shown in html
    assert not_shown not in html and '{"message"' not in html

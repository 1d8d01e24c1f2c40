"""Schemathesis against the served OpenAPI description: no generated request may produce a 5xx.

Runs in the normal test run (and so in CI), bounded: at most ``EXAMPLES`` generated requests per
operation and identity, no deadline. The app is Django's WSGI application, called in-process on
the test database with the ``world`` fixture (plus a plan, activities and a visit notice), once as
the anonymous public and once with a coordinator's token. Writes happen inside the test's
transaction and are rolled back.
"""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

from vanort.api.models import ApiToken
from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, CostLine, Participation, VisitNotice

pytestmark = pytest.mark.engine

EXAMPLES = 20


def _more_world(w):
    plan = ActionPlan.objects.create(municipality=w.home, partnership=w.partnership, title="Handlingsplan 2027",
                                     period_start=datetime.date(2027, 1, 1), period_end=datetime.date(2027, 12, 31))
    activity = Activity.objects.create(municipality=w.home, plan=plan, partnership=w.partnership, title="Utbyte",
                                       kind="student_exchange", responsible_organisation=w.unit, is_public=True,
                                       planned_start=datetime.date(2027, 3, 1))
    activity.priority_areas.add(w.area)
    Participation.objects.create(activity=activity, total=3, women=2, men=1, age_18_29=3)
    CostLine.objects.create(municipality=w.home, activity=activity, paying_organisation=w.unit, cost_type="travel",
                            estimated=100000, rate_date=datetime.date(2027, 3, 1), year=2027, estimated_home=100000)
    VisitNotice.objects.create(municipality=w.home, organisation=w.unit, activity=activity, direction="outgoing",
                               travellers="Anna", starts_on=datetime.date(2027, 3, 1), ends_on=datetime.date(2027, 3, 5),
                               purpose="Möte", report_due_on=datetime.date(2027, 4, 5))


@pytest.fixture
def wsgi_on_test_db(settings):
    """Django's WSGI app in this thread, on the test transaction (as the test client does, the
    connection is not closed at the end of each request)."""
    settings.ALLOWED_HOSTS = ["*"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_no_generated_request_is_a_server_error(world, wsgi_on_test_db):
    _more_world(world)
    app = wsgi_on_test_db
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
    token = ApiToken.issue(world.users[Role.COORDINATOR])
    identities = {"anonymous": {}, "coordinator": {"Authorization": f"Token {token}"}}
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for who, headers in identities.items():
            _runner(operation, who, headers, failures)()
    assert operations >= 15
    assert not failures, "\n".join(failures)


def _runner(operation, who, headers, failures):
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(f"{who}: {case.method} {case.formatted_path} {case.query} {case.body!r} → {response.status_code}")
        case.validate_response(response, checks=[not_a_server_error], headers=headers)

    return run

"""Check constraints validated in one query (``vanort.core.models.CheckedModel``) say exactly what
Django's one-query-per-constraint validation says — same messages, UNKNOWN passes, excluded fields
not asked — on each engine, in fewer queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from vanort.plans.models import ActionPlan, Activity, CostLine, Participation

pytestmark = pytest.mark.engine


def outcome(validate, instance, exclude=None):
    """(errors as a dict, or None; the number of statements it sent, savepoints left out)."""
    with CaptureQueriesContext(connection) as queries:
        try:
            validate(instance, exclude=exclude)
            errors = None
        except ValidationError as error:
            errors = error.message_dict
    return errors, sum(not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE")) for q in queries)


def same_as_django(instance, exclude=None):
    ours, our_queries = outcome(type(instance).validate_constraints, instance, exclude)
    django, django_queries = outcome(models.Model.validate_constraints, instance, exclude)
    assert ours == django
    return ours, our_queries, django_queries


@pytest.fixture
def activity(world):
    return Activity(municipality=world.home, title="Elevutbyte", kind="project", status="proposed",
                    responsible_organisation=world.unit, planned_start=datetime.date(2026, 5, 1),
                    planned_end=datetime.date(2026, 5, 3), progress=0)


def test_a_valid_activity_passes_in_one_query_for_all_its_checks(activity):
    errors, ours, django = same_as_django(activity)
    assert errors is None
    checks = sum(isinstance(c, models.CheckConstraint) for c in Activity._meta.constraints)
    assert checks >= 5 and ours == django - checks + 1


def test_each_broken_rule_keeps_its_own_message(activity):
    activity.planned_end = datetime.date(2026, 4, 1)
    activity.progress = 150
    activity.status = "done"
    errors, _ours, _django = same_as_django(activity)
    messages = {c.name: str(c.violation_error_message) for c in Activity._meta.constraints}
    assert sorted(errors["__all__"]) == sorted(messages[name] for name in (
        "activity_planned_order", "activity_progress_range", "activity_equality_before_planning", "activity_outcome_when_done"))


def test_unknown_passes_as_in_the_database(activity):
    activity.planned_start = None  # planned_end >= NULL is UNKNOWN: the database accepts the row
    assert same_as_django(activity)[0] is None


def test_a_rule_on_an_excluded_field_is_not_asked(activity):
    activity.planned_end = datetime.date(2026, 4, 1)
    assert same_as_django(activity, exclude={"planned_end"})[0] is None
    assert same_as_django(activity, exclude={"title"})[0] is not None


def test_other_models_with_checks(world, activity):
    activity.save()
    plan = ActionPlan(municipality=world.home, partnership=world.partnership, network=world.network, title="Plan",
                      period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2025, 1, 1))
    assert len(same_as_django(plan)[0]["__all__"]) == 2
    line = CostLine(municipality=world.home, activity=activity, paying_organisation=world.unit, cost_type="travel",
                    currency="SEK", estimated=-5, rate_date=datetime.date(2026, 5, 1), year=2026)
    assert same_as_django(line)[0] == {"__all__": [str(CostLine._meta.constraints[-1].violation_error_message)]}
    participation = Participation(activity=activity, total=10, women=3, men=3, other_gender=0, under_18=10)
    assert same_as_django(participation)[0] == {"__all__": [
        str(Participation._meta.constraints[0].violation_error_message)]}

"""An import keeps the cost summaries and the public cache exact, but does that upkeep once per
batch: the number of re-summing and cache statements does not grow with the rows of one slice
(it grew with every row, each re-summing an ever larger slice — quadratic in a 50,000-row file)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.faults.test_import_crash import write_csv
from tests.plans.test_cost_summary import assert_summaries_exact
from vanort.core.batching import Deferred, batch
from vanort.core.roles import Role
from vanort.plans.models import CostLine
from vanort.plans.services.imports import import_activities
from vanort.publishing.caching import tenant_key

pytestmark = pytest.mark.engine


def imported(world, tmp_path, count):
    path = tmp_path / f"{count}.csv"
    write_csv(path, count)
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    before = cache.get(tenant_key(world.home.slug))
    with CaptureQueriesContext(connection) as queries:
        result = import_activities(upload, user=world.users[Role.COORDINATOR])
    assert result.ok and result.created + result.unchanged == count, result.errors
    assert cache.get(tenant_key(world.home.slug)) != before  # the public pages start afresh
    return [q["sql"] for q in queries]


def test_the_summaries_are_exact_and_re_summed_once_per_batch(world, tmp_path):
    few = imported(world, tmp_path, 5)
    assert_summaries_exact()
    many = imported(world, tmp_path, 40)  # the first 5 again, unchanged
    assert_summaries_exact()
    assert CostLine.objects.filter(activity__import_key__startswith="K").values("activity").distinct().count() == 40

    def re_summing(statements):
        return sum('DELETE FROM "plans_costsummary"' in sql for sql in statements)

    def slug_lookups(statements):
        return sum('SELECT "tenancy_municipality"."slug"' in sql for sql in statements)

    assert re_summing(few) == re_summing(many) == 1
    assert slug_lookups(few) == slug_lookups(many) == 1


def test_deferred_upkeep_runs_once_per_key_at_the_end_and_not_after_an_error(db):
    calls = []
    upkeep = Deferred(lambda key, items: calls.append((key, sorted(items))))
    upkeep("a", [1])
    assert calls == [("a", [1])]  # outside a batch: at once
    calls.clear()
    with batch():
        upkeep("a", [1])
        upkeep("b", [2])
        with batch():  # an inner batch belongs to the outer one
            upkeep("a", [3])
        assert calls == []
    assert sorted(calls) == [("a", [1, 3]), ("b", [2])]
    calls.clear()
    with pytest.raises(ZeroDivisionError), transaction.atomic(), batch():
        upkeep("a", [1])
        raise ZeroDivisionError
    assert calls == []

"""A large import writes in short batches: another user's save meanwhile answers in well under a
second (a real thread, the real SQLite file or PostgreSQL database), and a row that fails while
the file is written leaves nothing of the file behind."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.faults.test_import_crash import write_csv
from vanort.core.roles import Role
from vanort.plans.models import Activity, CostLine
from vanort.plans.services.activities import activity_save
from vanort.plans.services.imports import SINGLE_TRANSACTION, import_activities

pytestmark = pytest.mark.engine

ACTIVITIES = SINGLE_TRANSACTION + 50  # more than one transaction holds


def upload(tmp_path, count=ACTIVITIES):
    path = tmp_path / "large.csv"
    write_csv(path, count)
    return SimpleUploadedFile("large.csv", path.read_bytes(), content_type="text/csv")


def other_users_save(world, title):
    """A unit editor's new activity, in the same municipality, through the service the page uses."""
    activity = Activity(municipality=world.home, title=title, kind=Activity.Kind.PROJECT, responsible_organisation=world.unit)
    started = time.monotonic()
    activity_save(activity=activity, areas=[world.area], expected_version=None, by=None)
    return time.monotonic() - started


def file_activities(world):
    return Activity.objects.filter(municipality=world.home, import_key__startswith="K")


@pytest.mark.django_db(transaction=True)
def test_another_users_save_waits_milliseconds_while_a_large_import_runs(world, tmp_path):
    data = upload(tmp_path)
    written, outcome = threading.Event(), {}

    def run():
        try:
            outcome["result"] = import_activities(data, user=world.users[Role.COORDINATOR],
                                                  progress=lambda done, total: written.set())
        finally:
            connection.close()

    importer = threading.Thread(target=run)
    importer.start()
    assert written.wait(120), "the import wrote no batch"
    waits = []
    while importer.is_alive() and len(waits) < 5:
        waits.append(other_users_save(world, f"Under the import {len(waits)}"))
        time.sleep(0.2)
    importer.join(300)
    result = outcome["result"]
    assert result.ok, result.errors
    assert result.created == ACTIVITIES and result.cost_lines == 2 * ACTIVITIES
    assert file_activities(world).count() == ACTIVITIES
    assert CostLine.objects.filter(activity__in=file_activities(world)).count() == 2 * ACTIVITIES
    assert Activity.objects.filter(title__startswith="Under the import").count() == len(waits)
    assert waits and max(waits) < 1, waits  # one SQLite transaction of the whole file made this 18 s


@pytest.mark.django_db(transaction=True)
def test_a_row_failing_in_a_later_batch_leaves_nothing_of_the_file(world, tmp_path):
    data = upload(tmp_path)
    before = (Activity.objects.count(), CostLine.objects.count())
    last_key = f"K{ACTIVITIES - 1:05}"

    def someone_takes_the_last_key(done, total):
        if done < total and not Activity.objects.filter(import_key=last_key).exists():
            activity = Activity(municipality=world.home, title="Taken meanwhile", kind=Activity.Kind.PROJECT,
                                responsible_organisation=world.unit, import_key=last_key)
            activity_save(activity=activity, areas=[world.area], expected_version=None, by=None)

    result = import_activities(data, user=world.users[Role.COORDINATOR], progress=someone_takes_the_last_key)
    assert not result.ok and result.created == 0
    assert result.errors[0].row == 2 * ACTIVITIES  # the first row of the last key (two rows per activity)
    assert list(file_activities(world).values_list("title", flat=True)) == ["Taken meanwhile"]
    assert (Activity.objects.count(), CostLine.objects.count()) == (before[0] + 1, before[1])

"""Database behaviour that CI checks on PostgreSQL (the production database) as well as SQLite.

The concurrent-save test runs on both databases; tests marked ``postgres`` need PostgreSQL itself
and are skipped, with the reason shown, on SQLite (see ``tests/conftest.py``).
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from vanort.core.roles import Role
from vanort.core.versioning import ConflictError, save_versioned
from vanort.registry.models import Partnership

pytestmark = pytest.mark.engine


def _in_thread(target, *args):
    """Run ``target`` in a thread with its own database connection; return (thread, results)."""
    results: dict = {}

    def run():
        try:
            results["value"] = target(*args)
        except BaseException as error:  # reported to the test, not swallowed
            results["error"] = error
        finally:
            connections.close_all()  # this thread's connection; lets the test database be dropped

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, results


def test_two_simultaneous_saves_of_one_record_one_wins(transactional_db, world):
    """Two editors open version 1 and save at the same moment: exactly one save wins.

    The first saver holds its transaction open while the second saves, so the second save really
    overlaps it (on PostgreSQL it waits for the row lock, on SQLite for the write lock) and must
    then see that the version moved on.
    """
    pk = world.partnership.pk
    opened_version = Partnership.objects.get(pk=pk).version
    first_holds_lock = threading.Event()

    def first_editor():
        mine = Partnership.objects.get(pk=pk)
        mine.summary = "Saved by the first editor"
        with transaction.atomic():
            save_versioned(mine, expected_version=opened_version)
            first_holds_lock.set()
            time.sleep(0.5)  # the second editor saves while this transaction is still open
        return "saved"

    def second_editor():
        mine = Partnership.objects.get(pk=pk)
        mine.summary = "Saved by the second editor"
        assert first_holds_lock.wait(10), "the first editor never saved"
        save_versioned(mine, expected_version=opened_version)
        return "saved"

    first, first_result = _in_thread(first_editor)
    second, second_result = _in_thread(second_editor)
    first.join(30)
    second.join(30)
    assert not first.is_alive() and not second.is_alive(), "a save hung"

    assert first_result == {"value": "saved"}
    assert isinstance(second_result.get("error"), ConflictError), second_result
    stored = Partnership.objects.get(pk=pk)
    assert stored.version == opened_version + 1
    assert stored.summary == "Saved by the first editor"


def test_concurrent_saves_without_holding_race_to_one_winner(transactional_db, world):
    """Both editors start together (no ordering forced): still exactly one winner."""
    pk = world.partnership.pk
    opened_version = Partnership.objects.get(pk=pk).version
    start = threading.Barrier(2, timeout=10)

    def editor(name):
        mine = Partnership.objects.get(pk=pk)
        mine.summary = f"Saved by {name}"
        start.wait()
        save_versioned(mine, expected_version=opened_version)
        return name

    runs = [_in_thread(editor, name) for name in ("Anna", "Bo")]
    for thread, _ in runs:
        thread.join(30)
        assert not thread.is_alive(), "a save hung"

    outcomes = [results for _, results in runs]
    winners = [r["value"] for r in outcomes if "value" in r]
    errors = [r["error"] for r in outcomes if "error" in r]
    assert len(winners) == 1, outcomes
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), outcomes
    stored = Partnership.objects.get(pk=pk)
    assert stored.version == opened_version + 1
    assert stored.summary == f"Saved by {winners[0]}"


@pytest.mark.postgres
def test_search_ignores_case_of_swedish_letters(world, client_for):
    """``?q=`` finds "Överenskommelse" from "ÖVERENSKOMMELSE" — SQLite's LIKE folds only ASCII."""
    assert connection.vendor == "postgresql"
    client = client_for(world.users[Role.COORDINATOR])
    response = client.get("/agreements/", {"q": "ÖVERENSKOMMELSE 1987"})
    assert response.status_code == 200
    assert world.agreement.title in response.content.decode()

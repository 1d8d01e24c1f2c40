"""The case and decision register: case numbers without gaps or duplicates, also concurrently."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import translation

from tests.governance.conftest import make_decision
from vanort.core.roles import Role
from vanort.governance.models import CaseCounter, Decision
from vanort.governance.services import decision_register, parse_case_number
from vanort.tenancy.models import Organisation

pytestmark = pytest.mark.engine

D = datetime.date


def test_numbers_follow_each_other_per_prefix_and_year(world):
    first = make_decision(world, title="A", meeting_date=D(2026, 1, 10))
    second = make_decision(world, title="B", meeting_date=D(2026, 2, 10))
    other_year = make_decision(world, title="C", meeting_date=D(2025, 2, 10))
    other_prefix = make_decision(world, title="D", meeting_date=D(2026, 2, 10), case_prefix="KF")
    assert [first.case_number, second.case_number, other_year.case_number, other_prefix.case_number] == [
        "KS 2026-1", "KS 2026-2", "KS 2025-1", "KF 2026-1",
    ]


def test_a_failed_registration_leaves_no_gap(world):
    make_decision(world, title="A", meeting_date=D(2026, 1, 10))
    with pytest.raises(ValidationError):
        make_decision(world, title="", meeting_date=D(2026, 1, 11))  # no title
    assert make_decision(world, title="B", meeting_date=D(2026, 1, 12)).case_number == "KS 2026-2"


def test_historical_number_is_unique_and_leaves_the_counter_alone(world):
    make_decision(world, title="Historic", manual="KS 2017-494")
    with pytest.raises(ValidationError) as error:
        make_decision(world, title="Again", manual="KS 2017-494")
    assert "case_number" in error.value.message_dict or "__all__" in error.value.message_dict
    assert Decision.objects.filter(case_number="KS 2017-494").count() == 1
    # An old case outside the running series does not move the counter.
    assert make_decision(world, title="Next", meeting_date=D(2017, 12, 20)).case_number == "KS 2017-1"
    assert CaseCounter.objects.get(municipality=world.home, prefix="KS", year=2017).last_number == 1


def _counter_at(world, year, last):
    CaseCounter.objects.update_or_create(municipality=world.home, prefix="KS", year=year, defaults={"last_number": last})


def test_an_old_case_typed_in_does_not_move_the_running_series(world):
    _counter_at(world, 2026, 310)
    make_decision(world, title="Gammalt ärende", manual="KS 2026-400", meeting_date=D(2026, 3, 1))
    assert make_decision(world, title="Nytt", meeting_date=D(2026, 3, 2)).case_number == "KS 2026-311"
    assert CaseCounter.objects.get(municipality=world.home, prefix="KS", year=2026).last_number == 311


def test_the_automatic_number_skips_numbers_typed_in(world):
    _counter_at(world, 2026, 310)
    make_decision(world, title="Handskrivet 312", manual="KS 2026-312", meeting_date=D(2026, 3, 1))
    make_decision(world, title="Handskrivet 313", manual="KS 2026-313", meeting_date=D(2026, 3, 1))
    numbers = [make_decision(world, title=f"Nytt {i}", meeting_date=D(2026, 3, 2)).case_number for i in range(3)]
    assert numbers == ["KS 2026-311", "KS 2026-314", "KS 2026-315"]
    assert Decision.objects.filter(case_year=2026).values("case_serial").distinct().count() == 5


def test_the_series_next_number_typed_in_continues_the_series(world):
    _counter_at(world, 2026, 310)
    make_decision(world, title="Nästa, för hand", manual="KS 2026-311", meeting_date=D(2026, 3, 1))
    assert CaseCounter.objects.get(municipality=world.home, prefix="KS", year=2026).last_number == 311
    assert make_decision(world, title="Nytt", meeting_date=D(2026, 3, 2)).case_number == "KS 2026-312"


def test_a_minute_paragraph_once_per_meeting(world):
    first = make_decision(world, title="Första", paragraph="§ 513", meeting_date=D(2017, 12, 4))
    assert first.paragraph == "513"
    with pytest.raises(ValidationError) as error, translation.override("en"):
        make_decision(world, title="Andra", paragraph="513", meeting_date=D(2017, 12, 4))
    assert error.value.message_dict["paragraph"] == [f"§ 513 of this meeting is already used by {first.case_number}."]
    with pytest.raises(ValidationError) as error, translation.override("sv"):
        make_decision(world, title="Andra", paragraph="513", meeting_date=D(2017, 12, 4))
    assert error.value.message_dict["paragraph"] == [f"§ 513 vid detta sammanträde används redan av {first.case_number}."]
    assert not Decision.objects.filter(title="Andra").exists()
    assert CaseCounter.objects.get(municipality=world.home, prefix="KS", year=2017).last_number == 1  # no number drawn
    # Another meeting, or another body the same day, may use § 513.
    make_decision(world, title="Annat möte", paragraph="513", meeting_date=D(2017, 12, 11))
    make_decision(world, title="Presidiet", paragraph="513", meeting_date=D(2017, 12, 4), body=Decision.Body.PRESIDIUM)
    committee = Organisation.objects.create(municipality=world.home, name="Utbildningsnämnden", kind="committee")
    make_decision(world, title="Nämnden", paragraph="513", meeting_date=D(2017, 12, 4), body=Decision.Body.COMMITTEE,
                  committee=committee)
    with pytest.raises(ValidationError) as error:
        make_decision(world, title="Nämnden igen", paragraph="513", meeting_date=D(2017, 12, 4), body=Decision.Body.COMMITTEE,
                      committee=committee)
    assert "paragraph" in error.value.message_dict


def test_the_database_refuses_a_paragraph_twice_at_one_meeting(world):
    make_decision(world, title="Första", paragraph="513", meeting_date=D(2017, 12, 4))
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(municipality=world.home, meeting_date=D(2017, 12, 4), paragraph="513", title="Bakvägen",
                                case_prefix="KS", case_year=2017, case_serial=900, case_number="KS 2017-900")


@pytest.mark.parametrize("bad", ["KS2017-494", "ks 2017-494", "KS 17-494", "KS 2017/494", "KS 2017-", "KOMMUNSTYRELSEN 2017-1"])
def test_case_number_format(world, bad):
    with pytest.raises(ValidationError):
        parse_case_number(bad)
    with pytest.raises(ValidationError):
        make_decision(world, title="X", manual=bad)
    assert not Decision.objects.filter(title="X").exists()


def test_meeting_date_is_required(world):
    decision = Decision(municipality=world.home, title="Utan datum")
    with pytest.raises(ValidationError) as error:
        decision_register(decision=decision, by=world.users[Role.COORDINATOR])
    assert "meeting_date" in error.value.message_dict
    assert not CaseCounter.objects.exists()


def test_committee_decision_names_the_committee(world):
    with pytest.raises(ValidationError):
        make_decision(world, title="Nämnd", body=Decision.Body.COMMITTEE)


def test_board_member_registers_unit_editor_may_not(world):
    decision = make_decision(world, title="Styrelsen", by=world.users[Role.BOARD])
    assert decision.registered_by == world.users[Role.BOARD]
    with pytest.raises(PermissionDenied):
        make_decision(world, title="Enhet", by=world.users[Role.UNIT_EDITOR])


def _in_thread(target, *args):
    results: dict = {}

    def run():
        try:
            results["value"] = target(*args)
        except BaseException as error:
            results["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, results


def test_concurrent_registrations_get_distinct_numbers_without_gaps(transactional_db, world):
    """Eight registrations at once, each with its own connection: numbers 1..8, each once."""
    count = 8
    start = threading.Barrier(count, timeout=20)
    coordinator = world.users[Role.COORDINATOR]
    home = world.home

    def register(i):
        decision = Decision(municipality=home, meeting_date=D(2026, 11, 27), title=f"Samtidigt {i}", title_sv=f"Samtidigt {i}")
        start.wait()
        return decision_register(decision=decision, by=coordinator, on=D(2026, 11, 27)).case_serial

    runs = [_in_thread(register, i) for i in range(count)]
    for thread, _ in runs:
        thread.join(60)
        assert not thread.is_alive(), "a registration hung"
    errors = [results["error"] for _, results in runs if "error" in results]
    assert not errors, errors
    serials = sorted(results["value"] for _, results in runs)
    assert serials == list(range(1, count + 1))
    assert sorted(Decision.objects.filter(municipality=home).values_list("case_number", flat=True)) == sorted(
        f"KS 2026-{n}" for n in range(1, count + 1)
    )
    assert CaseCounter.objects.get(municipality=home, prefix="KS", year=2026).last_number == count

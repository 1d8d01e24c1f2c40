"""Retention: named participants are anonymised a set time after their activity ended — by the
``vanort anonymise-expired`` command or the scheduler's task — once, and only them."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from tests.plans.conftest import make_activity
from tests.privacy.conftest import NAME
from vanort.config import ConfigError, load
from vanort.plans.models import Activity, NamedParticipant, Participation
from vanort.privacy.models import ErasureLog
from vanort.privacy.register import placeholder
from vanort.privacy.tasks import anonymise_expired_task

pytestmark = pytest.mark.engine_independent

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def on(day: str):
    """Freeze the clock at noon, Stockholm time, on ``day``."""
    return time_machine.travel(
        datetime.datetime.fromisoformat(day).replace(hour=12, tzinfo=STOCKHOLM), tick=False
    )


def run() -> str:
    out = io.StringIO()
    call_command("anonymise_expired", stdout=out)
    return out.getvalue()


@pytest.fixture
def retention(world, person, settings):
    settings.VANORT_NAMED_PARTICIPANT_RETENTION_DAYS = 30
    # Planned to end 10 March but actually ended in June: the actual end counts.
    late = make_activity(
        world,
        title="Körresa",
        organisation=world.unit,
        areas=[world.area],
        planned_end=datetime.date(2026, 3, 10),
        actual_end=datetime.date(2026, 6, 1),
    )
    undated = make_activity(
        world, title="Löpande", organisation=world.unit, areas=[world.area], start=None
    )
    foreign = make_foreign_activity(world)
    return {
        "late": NamedParticipant.objects.create(activity=late, name="Lo Late", is_minor=True),
        "undated": NamedParticipant.objects.create(activity=undated, name="Ulf Undated"),
        "foreign": NamedParticipant.objects.create(
            activity=foreign, name="Fia Foreign", note="Vegetarian"
        ),
    }


def make_foreign_activity(world):
    from vanort.plans.services.activities import activity_save
    from vanort.registry.models import PriorityArea

    area = PriorityArea.objects.create(municipality=world.other, name="Område")
    return activity_save(
        by=None,
        activity=Activity(
            municipality=world.other,
            title="Utlandsprojekt",
            kind=Activity.Kind.PROJECT,
            responsible_organisation=world.foreign_org,
            status=Activity.Status.PROPOSED,
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 3, 10),
        ),
        areas=[area],
        expected_version=None,
    )


def names() -> dict[str, str]:
    return dict(NamedParticipant.objects.values_list("pk", "name"))


def test_nothing_before_the_period_has_passed(world, person, retention):
    before = names()
    with on("2026-04-05"):  # 10 March + 30 days = 9 April
        assert "anonymised 0 named participant(s) past 30 days" in run()
    assert names() == before
    assert not ErasureLog.objects.exists()


def test_anonymised_once_when_the_period_has_passed(world, person, retention):
    participation = list(
        Participation.objects.values_list("activity", "total", "women", "men", "under_18")
    )
    with on("2026-04-10"):
        assert "anonymised 3 named participant(s)" in run()  # Anna and Kim here, Fia abroad
        anonymised = placeholder()
        after = names()
        assert (
            after[person.anna.pk]
            == after[person.kim.pk]
            == after[retention["foreign"].pk]
            == anonymised
        )
        assert after[retention["late"].pk] == "Lo Late"  # ended in June
        assert after[retention["undated"].pk] == "Ulf Undated"  # has not ended
        anna = NamedParticipant.objects.get(pk=person.anna.pk)
        assert (anna.organisation, anna.note, anna.is_minor) == ("", "", True)
        logs = list(
            ErasureLog.objects.order_by("municipality__name").values_list(
                "municipality", "trigger", "by", "counts"
            )
        )
        assert logs == [
            (world.home.pk, ErasureLog.Trigger.RETENTION, None, {"named_participants": 2}),
            (world.other.pk, ErasureLog.Trigger.RETENTION, None, {"named_participants": 1}),
        ]
        assert ErasureLog.objects.first().at == datetime.datetime(
            2026, 4, 10, 10, 0, tzinfo=datetime.UTC
        )

        # Idempotent: the same run again changes and logs nothing.
        assert "anonymised 0" in run()
        assert names() == after
        assert ErasureLog.objects.count() == 2
    assert (
        list(Participation.objects.values_list("activity", "total", "women", "men", "under_18"))
        == participation
    )

    with on("2026-07-02"):  # 1 June + 30 days = 1 July
        assert anonymise_expired_task.enqueue().return_value == 1
    assert names()[retention["late"].pk] == placeholder()
    assert NAME not in names().values()


def test_the_period_comes_from_the_environment():
    assert load({})["VANORT_NAMED_PARTICIPANT_RETENTION_DAYS"] == 365
    assert (
        load({"VANORT_NAMED_PARTICIPANT_RETENTION_DAYS": "90"})[
            "VANORT_NAMED_PARTICIPANT_RETENTION_DAYS"
        ]
        == 90
    )
    with pytest.raises(ConfigError, match="VANORT_NAMED_PARTICIPANT_RETENTION_DAYS"):
        load({"VANORT_NAMED_PARTICIPANT_RETENTION_DAYS": "a year"})

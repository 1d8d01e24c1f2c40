"""An import killed (SIGKILL) in the middle of its write leaves the database as it was; running it
again finishes it, and a third run adds no duplicates. The real ``vanort import-activities``
command, in a subprocess, on the (file or PostgreSQL) test database."""

from __future__ import annotations

import csv
import time

import pytest

from tests.faults.subprocesses import kill_while_writing, vanort
from vanort.core.roles import Role
from vanort.plans.models import Activity, CostLine
from vanort.plans.services.imports import COLUMNS

pytestmark = pytest.mark.engine

ACTIVITIES = 80


def write_csv(path, count: int) -> None:
    def row(**values):
        return [values.get(column, "") for column in COLUMNS]

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for i in range(count):
            common = {
                "key": f"K{i:05}",
                "cost_paid_by": "Utbildningsförvaltningen",
                "cost_currency": "SEK",
            }
            writer.writerow(
                row(
                    **common,
                    title_sv=f"Aktivitet {i}",
                    kind="project",
                    responsible_organisation="Utbildningsförvaltningen",
                    priority_areas="Smart stad",
                    planned_start="2026-03-01",
                    status="proposed",
                    cost_type="travel",
                    cost_estimated=str(1000 + i),
                )
            )
            writer.writerow(row(**common, cost_type="Logi", cost_estimated="500"))


def counts():
    return Activity.objects.count(), CostLine.objects.count(), Activity.history.count()


def run(args, data_dir):
    process = vanort(*args, data_dir=data_dir)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    return output


@pytest.mark.django_db(transaction=True)
def test_killed_import_leaves_nothing_and_the_rerun_completes_without_duplicates(world, tmp_path):
    source = tmp_path / "activities.csv"
    write_csv(source, ACTIVITIES)
    args = (
        "import-activities",
        str(source),
        "--municipality",
        world.home.slug,
        "--as",
        world.users[Role.COORDINATOR].username,
    )
    before = counts()

    started = time.monotonic()
    kill_while_writing(vanort(*args, data_dir=tmp_path))
    print(f"killed after {time.monotonic() - started:.1f} s")
    assert counts() == before  # not one activity, cost line or history row of the killed run

    started = time.monotonic()
    output = run(args, tmp_path)
    print(f"full import {time.monotonic() - started:.1f} s")
    assert f"{ACTIVITIES} created" in output
    activities, costs, history = counts()
    assert activities == before[0] + ACTIVITIES
    assert costs == before[1] + 2 * ACTIVITIES
    assert (
        Activity.objects.filter(municipality=world.home, import_key__startswith="K")
        .values("import_key")
        .distinct()
        .count()
        == ACTIVITIES
    )

    output = run(args, tmp_path)  # once more: all there already
    assert f"{ACTIVITIES} unchanged" in output
    assert counts() == (activities, costs, history)

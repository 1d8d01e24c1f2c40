"""Milestones in the activity import and export: a second sheet (XLSX) or a second file (CSV)
keyed by activity, written through the services as the importing user; the template's example
imports cleanly into the demo."""

from __future__ import annotations

import csv
import datetime
import functools
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.plans.test_import_export import csv_upload, good_rows
from tests.plans.test_import_export import plan_world as plan_world  # noqa: F401  (fixture)
from vanort.accounts.models import User
from vanort.core.roles import Role
from vanort.places import geonames
from vanort.plans.models import Activity, Milestone
from vanort.plans.services.import_milestones import MILESTONE_COLUMNS, template_milestone_rows
from vanort.plans.services.imports import COLUMNS, import_activities, template_rows

pytestmark = pytest.mark.engine


def milestone(**values):
    return [str(values.get(column, "")) for column in MILESTONE_COLUMNS]


def milestone_rows():
    return [
        milestone(key="A1", title="Inbjudan", due_on="2026-04-13", responsible_organisation="Linköpings universitet", done="ja",
                  done_on="2026-04-01"),
        milestone(key="A1", title="Reserapport", due_on="2026-04-20"),
        milestone(key="A2", title="Program klart", due_on="2026-09-01", done_on="2026-08-30"),
    ]


def csv_file(rows, columns, name):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([list(columns), *rows])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))


def xlsx_file(sheets):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in [list(columns), *rows]:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("activities.xlsx", buffer.getvalue())


def stored():
    return sorted((m.activity.import_key, m.title, m.due_on.isoformat(), m.responsible_organisation.name if m.responsible_organisation else "",
                   m.done_on.isoformat() if m.done_on else "") for m in Milestone.objects.select_related("activity", "responsible_organisation"))


EXPECTED = [("A1", "Inbjudan", "2026-04-13", "Linköpings universitet", "2026-04-01"), ("A1", "Reserapport", "2026-04-20", "", ""),
            ("A2", "Program klart", "2026-09-01", "", "2026-08-30")]


def test_a_second_csv_file_carries_the_milestones(plan_world):
    user = plan_world.users[Role.COORDINATOR]
    result = import_activities(csv_upload(good_rows()), user=user, milestones=csv_file(milestone_rows(), MILESTONE_COLUMNS, "m.csv"))
    assert result.ok, result.errors
    assert stored() == EXPECTED and result.milestones == 3
    # Again: nothing changes; without a milestones file, the milestones are left alone.
    again = import_activities(csv_upload(good_rows()), user=user, milestones=csv_file(milestone_rows(), MILESTONE_COLUMNS, "m.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert import_activities(csv_upload(good_rows()), user=user).unchanged == 2 and stored() == EXPECTED
    # The file is the truth for the activities it names: a milestone left out goes.
    fewer = import_activities(csv_upload(good_rows()), user=user, milestones=csv_file(milestone_rows()[:1], MILESTONE_COLUMNS, "m.csv"))
    assert fewer.ok and fewer.updated == 2 and stored() == EXPECTED[:1]


def test_an_xlsx_sheet_named_milestones_carries_them(plan_world):
    user = plan_world.users[Role.COORDINATOR]
    upload = xlsx_file([("activities", COLUMNS, good_rows()), ("milestones", MILESTONE_COLUMNS, milestone_rows())])
    result = import_activities(upload, user=user)
    assert result.ok, result.errors
    assert stored() == EXPECTED


def test_bad_milestones_are_listed_and_nothing_is_written(plan_world):
    bad = [milestone(key="NONE", title="X", due_on="2026-01-01"), milestone(key="A1", due_on="2026-13-01"),
           milestone(key="A1", title="Klar?", due_on="2026-04-14", done="yes"), milestone(key="A1", title="Y", due_on="2026-04-14",
                                                                                       done="nej", done_on="2026-04-14")]
    result = import_activities(csv_upload(good_rows()), user=plan_world.users[Role.COORDINATOR],
                               milestones=csv_file(bad, MILESTONE_COLUMNS, "m.csv"))
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {
        (2, "milestones.key"), (3, "milestones.title"), (3, "milestones.due_on"), (4, "milestones.done_on"), (5, "milestones.done")}
    assert not Activity.objects.exists() and not Milestone.objects.exists()


def test_a_milestone_outside_its_activity_is_imported_with_a_warning(plan_world):
    late = [milestone(key="A1", title="Uppföljning", due_on="2026-06-01")]
    result = import_activities(csv_upload(good_rows()), user=plan_world.users[Role.COORDINATOR],
                               milestones=csv_file(late, MILESTONE_COLUMNS, "m.csv"))
    assert result.ok, result.errors
    assert Milestone.objects.get().due_on == datetime.date(2026, 6, 1)
    assert [(w.row, w.column) for w in result.warnings] == [(2, "milestones.due_on")]


def test_the_export_carries_the_milestones_and_imports_again_unchanged(plan_world, client):
    user = plan_world.users[Role.COORDINATOR]
    import_activities(csv_upload(good_rows()), user=user, milestones=csv_file(milestone_rows(), MILESTONE_COLUMNS, "m.csv"))
    client.force_login(user)
    xlsx = client.get(reverse("plans:activity_export"), {"format": "xlsx"})
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert workbook.sheetnames == ["activities", "milestones"]
    sheet = [list(r) for r in workbook["milestones"].iter_rows(values_only=True)]
    assert sheet[0] == list(MILESTONE_COLUMNS) and len(sheet) == 4
    assert sheet[1][:2] == ["A1", "Inbjudan"] and sheet[1][2].date() == datetime.date(2026, 4, 13) and sheet[1][4] == "yes"
    csv_milestones = client.get(reverse("plans:activity_export"), {"part": "milestones"})
    text = b"".join(csv_milestones.streaming_content).decode("utf-8-sig")
    assert [r["title"] for r in csv.DictReader(io.StringIO(text), delimiter=";")] == ["Inbjudan", "Reserapport", "Program klart"]
    activities = b"".join(client.get(reverse("plans:activity_export")).streaming_content)
    Milestone.objects.all().delete()
    again = import_activities(SimpleUploadedFile("a.csv", activities), user=user, milestones=SimpleUploadedFile("m.csv", text.encode()))
    assert again.ok, again.errors
    assert stored() == EXPECTED


def test_the_command_takes_a_second_file(plan_world, tmp_path):
    activities, milestones = tmp_path / "a.csv", tmp_path / "m.csv"
    activities.write_bytes(csv_upload(good_rows()).read())
    milestones.write_bytes(csv_file(milestone_rows(), MILESTONE_COLUMNS, "m.csv").read())
    out = io.StringIO()
    call_command("import_activities", str(activities), "--municipality", plan_world.home.slug, "--as", "coordinator",
                 "--milestones", str(milestones), stdout=out)
    assert "3 milestones" in out.getvalue() and stored() == EXPECTED


def test_the_page_takes_a_second_file(plan_world, client_for):
    client = client_for(plan_world.users[Role.COORDINATOR])
    response = client.post(reverse("plans:activity_import"), {
        "file": csv_upload(good_rows()), "milestones": csv_file(milestone_rows(), MILESTONE_COLUMNS, "m.csv")}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content.decode()[:3000]
    assert "3 milestones written" in response.content.decode()
    assert stored() == EXPECTED


@pytest.fixture
def demo(db, settings, monkeypatch):
    monkeypatch.setattr(geonames, "get", functools.cache(geonames.get))
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("loaddemo", stdout=io.StringIO())


def test_the_templates_the_page_offers_import_cleanly_into_the_demo(demo, client):
    coordinator = User.objects.get(username="samordnare")
    client.force_login(coordinator)
    page = client.get(reverse("plans:activity_import")).content.decode()
    url = reverse("plans:activity_import_template")
    assert f"{url}?format=xlsx" in page and f"{url}?format=csv" in page and f"{url}?format=csv&amp;part=milestones" in page
    example = dict(zip(template_rows()[0], template_rows()[1], strict=True))
    written = [tuple(r) for r in template_milestone_rows()[1:]]
    for files in ({"format": "xlsx"}, {"format": "csv"}):
        upload = SimpleUploadedFile("t", client.get(url, files).content)
        second = SimpleUploadedFile("m.csv", client.get(url, {"format": "csv", "part": "milestones"}).content) if files["format"] == "csv" else None
        result = import_activities(upload, user=coordinator, milestones=second)
        assert result.ok and not result.warnings, (result.errors, result.warnings)
        activity = Activity.objects.get(import_key=example["key"], municipality=coordinator.municipality)
        assert (activity.title_sv, activity.planned_start.isoformat(), activity.responsible_organisation.name, activity.place) == (
            example["title_sv"], example["planned_start"], example["responsible_organisation"], example["place"])
        assert activity.costs.count() == 2
        assert sorted((activity.import_key, m.title, m.due_on.isoformat(), m.responsible_organisation.name if m.responsible_organisation else "",
                       "yes" if m.done_on else "no", m.done_on.isoformat() if m.done_on else "") for m in activity.milestones.all()) == sorted(written)

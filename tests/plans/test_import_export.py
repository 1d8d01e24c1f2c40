"""Import of activities from CSV/XLSX (all or nothing, idempotent) and export of filtered lists."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from vanort.core.roles import Role
from vanort.plans.models import ActionPlan, Activity, CostLine, ExchangeRate, Participation
from vanort.plans.services.exports import template_csv, template_xlsx
from vanort.plans.services.imports import COLUMNS, import_activities
from vanort.registry.models import PriorityArea

pytestmark = pytest.mark.engine

IMPORT_URL = "plans:activity_import"
EXPORT_URL = "plans:activity_export"


@pytest.fixture
def plan_world(world):
    world.culture = PriorityArea.objects.create(municipality=world.home, name="Kultur", name_en="Culture")
    world.plan = ActionPlan.objects.create(municipality=world.home, partnership=world.partnership, title="Handlingsplan 2026",
                                           title_en="Action plan 2026", period_start=datetime.date(2026, 1, 1),
                                           period_end=datetime.date(2026, 12, 31))
    ExchangeRate.objects.create(municipality=world.home, currency="USD", valid_from=datetime.date(2025, 1, 1), rate=Decimal("10.5"))
    return world


def row(**values):
    return [str(values.get(column, "")) for column in COLUMNS]


def good_rows():
    return [
        row(key="A1", title_sv="Elevutbyte", title_en="Student exchange", kind="Elevutbyte", plan="Action plan 2026",
            responsible_organisation="Utbildningsförvaltningen", participating_organisations="Linköpings universitet",
            priority_areas="Smart stad|Culture", planned_start="2026-04-13", planned_end="2026-04-20", status="Planned",
            equality_marker="1", equality_text="Jämn fördelning.", is_public="ja",
            women="8", men="7", other="1", under_18="14", age_18_29="0", age_30_plus="2", total="16",
            cost_paid_by="Utbildningsförvaltningen", cost_type="travel", cost_currency="SEK", cost_estimated="120 000,50"),
        row(key="A1", cost_paid_by="Utbildningsförvaltningen", cost_type="Logi", cost_currency="USD", cost_estimated="1000.00",
            cost_actual="900"),
        row(key="A2", title_sv="Seminarium", kind="conference", responsible_organisation="Tekniska verken",
            priority_areas="Smart stad", planned_start="2026-09-01", status="proposed"),
    ]


def csv_upload(rows, *, delimiter=";", bom=True, name="activities.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([list(COLUMNS), *rows])
    data = buffer.getvalue().encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, content_type="text/csv")


def xlsx_upload(rows, name="activities.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for cells in rows:
        sheet.append([_xlsx_value(column, value) for column, value in zip(COLUMNS, cells, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def _xlsx_value(column, value):
    """Typed cells, as a spreadsheet program would store them."""
    if not value:
        return None
    if column in ("planned_start", "planned_end"):
        return datetime.datetime.fromisoformat(value)
    if column in ("women", "men", "other", "under_18", "age_18_29", "age_30_plus", "total", "equality_marker"):
        return int(value)
    if column == "cost_estimated":
        return float(value.replace(" ", "").replace(",", "."))
    return value


def snapshot():
    return (
        Activity.objects.count(), CostLine.objects.count(), Participation.objects.count(),
        sorted(Activity.objects.values_list("import_key", "version")),
    )


def check_imported(world):
    a1 = Activity.objects.get(municipality=world.home, import_key="A1")
    assert a1.title_sv == "Elevutbyte" and a1.title_en == "Student exchange"
    assert a1.kind == "student_exchange" and a1.status == "planned" and a1.is_public
    assert a1.plan == world.plan and a1.partnership == world.partnership
    assert set(a1.priority_areas.all()) == {world.area, world.culture}
    assert list(a1.participating_organisations.all()) == [world.university]
    assert a1.participation.total == 16 and a1.participation.other_gender == 1
    costs = sorted(a1.costs.all(), key=lambda c: c.pk)
    assert [(c.cost_type, c.currency, c.estimated, c.actual) for c in costs] == [
        ("travel", "SEK", 12000050, None), ("accommodation", "USD", 100000, 90000)]
    assert costs[1].estimated_home == 1050000 and costs[1].year == 2026
    a2 = Activity.objects.get(municipality=world.home, import_key="A2")
    assert a2.responsible_organisation == world.other_unit and not a2.costs.exists()
    assert not Participation.objects.filter(activity=a2).exists()


def test_good_csv_imports_everything(plan_world):
    result = import_activities(csv_upload(good_rows()), user=plan_world.users[Role.COORDINATOR])
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged, result.cost_lines) == (2, 0, 0, 2)
    check_imported(plan_world)


def test_comma_delimited_csv_without_bom(plan_world):
    result = import_activities(csv_upload(good_rows(), delimiter=",", bom=False), user=plan_world.users[Role.COORDINATOR])
    assert result.ok, result.errors
    check_imported(plan_world)


def test_good_xlsx_imports_everything(plan_world):
    result = import_activities(xlsx_upload(good_rows()), user=plan_world.users[Role.ADMIN])
    assert result.ok, result.errors
    assert (result.created, result.cost_lines) == (2, 2)
    check_imported(plan_world)


def test_bad_rows_are_all_listed_and_nothing_is_written(plan_world):
    import_activities(csv_upload(good_rows()), user=plan_world.users[Role.COORDINATOR])
    before = snapshot()
    rows = good_rows()
    rows[0][COLUMNS.index("title_sv")] = "Ändrad titel"  # a valid change that must not be written
    bad = [
        *rows,
        row(key="B1", title_sv="Utan område", kind="project", responsible_organisation="Utbildningsförvaltningen",
            priority_areas="", status="planned"),  # row 5: no area; planned without equality
        row(key="B2", title_sv="Fel", kind="rocket", responsible_organisation="Nobody AB", priority_areas="Smart stad",
            planned_start="2026-13-01", progress="120"),  # row 6
        row(key="B3", title_sv="Klar", kind="project", responsible_organisation="Utbildningsförvaltningen",
            priority_areas="Smart stad", status="done", equality_marker="0", equality_text="x", planned_start="2026-01-01",
            women="1", men="1", total="3", under_18="3",
            cost_paid_by="Utbildningsförvaltningen", cost_type="travel", cost_currency="EUR", cost_estimated="-5"),  # row 7
    ]
    result = import_activities(csv_upload(bad), user=plan_world.users[Role.COORDINATOR])
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert {(5, "priority_areas"), (5, "equality_text"), (6, "kind"), (6, "responsible_organisation"), (6, "planned_start"),
            (6, "progress"), (7, "outcome"), (7, "total"), (7, "cost_estimated")} <= found, result.errors
    assert all(e.message for e in result.errors)
    assert snapshot() == before
    assert Activity.objects.get(import_key="A1").title_sv == "Elevutbyte"


def test_errors_in_the_users_language(plan_world):
    from django.utils import translation

    bad = [row(key="X", title_sv="T", kind="project", responsible_organisation="Utbildningsförvaltningen", priority_areas="")]
    with translation.override("en"):
        result = import_activities(csv_upload(bad), user=plan_world.users[Role.COORDINATOR])
    assert [(e.row, e.column) for e in result.errors] == [(2, "priority_areas")]
    assert "priority area" in result.errors[0].message


def test_reimport_creates_no_duplicates(plan_world):
    user = plan_world.users[Role.COORDINATOR]
    import_activities(csv_upload(good_rows()), user=user)
    before = snapshot()
    result = import_activities(csv_upload(good_rows()), user=user)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert snapshot() == before
    rows = good_rows()
    rows[2][COLUMNS.index("title_sv")] = "Seminarium om smarta städer"
    result = import_activities(xlsx_upload(rows), user=user)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 1, 1), result.errors
    assert Activity.objects.count() == 2 and CostLine.objects.count() == 2
    assert Activity.objects.get(import_key="A2").title_sv == "Seminarium om smarta städer"


def test_unit_editor_imports_only_its_own_organisation(plan_world):
    editor = plan_world.users[Role.UNIT_EDITOR]  # Utbildningsförvaltningen
    result = import_activities(csv_upload(good_rows()), user=editor)
    assert not result.ok
    assert (4, "responsible_organisation") in {(e.row, e.column) for e in result.errors}
    assert Activity.objects.count() == 0
    rows = good_rows()[:2]
    rows[0][COLUMNS.index("plan")] = rows[0][COLUMNS.index("is_public")] = ""  # the office's to set
    result = import_activities(csv_upload(rows), user=editor)
    assert result.ok, result.errors
    imported = Activity.objects.get(import_key="A1")
    assert imported.responsible_organisation == plan_world.unit and imported.plan is None and not imported.is_public


def test_names_resolve_only_within_the_municipality(plan_world):
    rows = [row(key="F", title_sv="T", kind="project", responsible_organisation="Other office", priority_areas="Smart stad")]
    result = import_activities(csv_upload(rows), user=plan_world.users[Role.COORDINATOR])
    assert [(e.row, e.column) for e in result.errors] == [(2, "responsible_organisation")]


def test_not_a_spreadsheet_is_refused(plan_world):
    upload = SimpleUploadedFile("x.csv", b"%PDF-1.4 \x00\x01binary")
    result = import_activities(upload, user=plan_world.users[Role.COORDINATOR])
    assert not result.ok and Activity.objects.count() == 0


def test_templates_import(plan_world):
    PriorityArea.objects.create(municipality=plan_world.home, name="Utbyte inom skolan")
    user = plan_world.users[Role.COORDINATOR]
    for data in (template_csv(), template_xlsx()):
        result = import_activities(SimpleUploadedFile("t", data), user=user)
        assert result.ok, result.errors
    assert Activity.objects.count() == 1 and CostLine.objects.count() == 2


def _export(client, user, **params):
    client.force_login(user)
    return client.get(reverse(EXPORT_URL), params)


def _csv_rows(response):
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_export_reimport_round_trip(plan_world, client):
    user = plan_world.users[Role.COORDINATOR]
    import_activities(csv_upload(good_rows()), user=user)
    made_here = Activity.objects.create(municipality=plan_world.home, title="Gjord i Vänort", kind="other",
                                        responsible_organisation=plan_world.office, planned_start=datetime.date(2026, 2, 1))
    made_here.priority_areas.add(plan_world.area)
    before = snapshot()
    for fmt in ("csv", "xlsx"):
        response = _export(client, user, format=fmt)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        data = b"".join(response.streaming_content)
        result = import_activities(SimpleUploadedFile(f"export.{fmt}", data), user=user)
        assert result.ok, result.errors
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
        assert snapshot() == before


def test_export_respects_filters_and_the_gate(plan_world, client):
    import_activities(csv_upload(good_rows()), user=plan_world.users[Role.COORDINATOR])
    internal = Activity.objects.get(import_key="A2")  # Tekniska verken's, not public
    public = Activity.objects.get(import_key="A1")
    keys = {r["key"] for r in _csv_rows(_export(client, plan_world.users[Role.PARTNER], format="csv"))}
    assert keys == {"A1"}  # the partner (Linköpings universitet) sees the public one only
    rows = _csv_rows(_export(client, plan_world.users[Role.PARTNER], format="csv"))
    assert all(r["cost_paid_by"] == "" for r in rows)  # cost lines of other organisations stay hidden
    rows = _csv_rows(_export(client, plan_world.users[Role.BOARD], format="csv", kind="conference"))
    assert {r["key"] for r in rows} == {"A2"}
    rows = _csv_rows(_export(client, plan_world.users[Role.BOARD], format="csv", status="planned"))
    assert [r["key"] for r in rows] == ["A1", "A1"]  # one row per cost line
    assert rows[0]["cost_estimated"] == "120000,50"
    assert _csv_rows(_export(client, plan_world.foreign_user, format="csv")) == []
    assert internal.pk and public.pk


def test_exported_xlsx_opens_and_has_the_rows(plan_world, client):
    import_activities(csv_upload(good_rows()), user=plan_world.users[Role.COORDINATOR])
    response = _export(client, plan_world.users[Role.COORDINATOR], format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    values = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(values[0]) == list(COLUMNS)
    assert len(values) == 4  # header, A1 twice (two cost lines), A2
    assert values[1][0] == "A1" and values[1][COLUMNS.index("cost_estimated")] == pytest.approx(120000.5)


def test_export_needs_login(plan_world, client):
    response = client.get(reverse(EXPORT_URL), {"format": "csv"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_import_page(plan_world, client):
    url = reverse(IMPORT_URL)
    assert client.get(url).status_code == 302
    client.force_login(plan_world.users[Role.BOARD])
    assert client.get(url).status_code == 403
    client.force_login(plan_world.users[Role.COORDINATOR])
    assert client.get(url).status_code == 200
    bad = [row(key="X", title_sv="T", kind="project", responsible_organisation="Utbildningsförvaltningen", priority_areas="")]
    response = client.post(url, {"file": csv_upload(bad)})
    assert response.status_code == 400 and b"priority_areas" in response.content
    assert Activity.objects.count() == 0
    response = client.post(url, {"file": csv_upload(good_rows())})
    assert response.status_code == 200 and Activity.objects.count() == 2
    response = client.post(url, {"file": SimpleUploadedFile("x.csv", b"\x00\x01\x02")})
    assert response.status_code == 400
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("plans:activity_import_template"), {"format": fmt})
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_upload_size_limit(plan_world, client, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(plan_world.users[Role.COORDINATOR])
    response = client.post(reverse(IMPORT_URL), {"file": csv_upload(good_rows())})
    assert response.status_code == 400 and Activity.objects.count() == 0


def test_management_command(plan_world, tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_upload(good_rows()).read())
    call_command("import_activities", str(path), municipality="linkoping", username="coordinator")
    assert Activity.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_upload([row(key="X", title_sv="T", kind="nope", responsible_organisation="Utbildningsförvaltningen",
                                    priority_areas="Smart stad")]).read())
    with pytest.raises(CommandError):
        call_command("import_activities", str(bad), municipality="linkoping", username="coordinator")
    assert "row 2, column kind" in capsys.readouterr().err.replace("rad", "row").replace("kolumn", "column")

"""Script and markup in stored text is shown as text everywhere, never run.

Every text field of every Vänort model (found by introspection, so a new field is covered the
day it is added) is overwritten — past every form and sanitiser — with a payload that is a
``javascript:`` link, a script element and an attribute break-out at once. Then every page the
permission matrix knows is read as a coordinator and as the anonymous public, with the report
files, feeds, calendars, open data and API: HTML must hold no script, event handler or
``javascript:`` address that came from the data, and the other formats must hold the payload
as literal text.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from lxml import etree
from lxml import html as lxml_html

from tests.hostile.test_bad_requests import SLOW
from tests.test_matrix import MATRIX, user_for

pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"javascript:alert(1)//{SCRIPT}{BREAKOUT}"
#: Text whose format or meaning the application reads (keys, codes, secrets, stored file facts):
#: no form lets such a value in, and the pages never show them as text.
NOT_TEXT = {
    ("places", "City", "time_zone"),
    ("accounts", "User", "password"),
    ("registry", "AgreementDocument", "content_type"),
    ("governance", "DecisionAttachment", "content_type"),
    ("reports", "ReportJob", "kind"),
    ("reports", "ReportJob", "fmt"),
    ("reports", "ReportJob", "file_name"),
    ("reports", "SentReminder", "key"),
}
SKIP_TYPES = (models.SlugField, models.EmailField, models.FileField)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")


def text_fields():
    """(model, field names, payload) for every concrete free-text field of Vänort's models."""
    for model in apps.get_models():
        if (
            not model.__module__.startswith("vanort.")
            or model._meta.proxy
            or model.__name__.startswith("Historical")
        ):
            continue
        if model._meta.managed is False:
            continue
        names = []
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)) or isinstance(
                field, SKIP_TYPES
            ):
                continue
            if field.choices or (model._meta.app_label, model.__name__, field.name) in NOT_TEXT:
                continue
            if field.primary_key or "token" in field.name or field.name in ("digest", "prefix"):
                continue
            if field.max_length is not None and field.max_length < len(BREAKOUT) + 4:
                continue
            names.append(field)
        if names:
            yield model, names


def fill_everything() -> dict[str, int]:
    """Every text field of every row overwritten with the payload (cut to fit where it must).

    Each row's values end in its primary key, so that unique constraints still hold.
    """
    filled = {}
    for model, fields in text_fields():
        manager = model._default_manager
        for pk in manager.values_list("pk", flat=True):
            values = {}
            for field in fields:
                long_enough = field.max_length is None or field.max_length >= len(PAYLOAD) + 12
                values[field.name] = f"{PAYLOAD if long_enough else BREAKOUT} {pk}"[
                    : field.max_length
                ]
            manager.filter(pk=pk).update(**values)
        filled[model._meta.label] = manager.count()
    return filled


def dangerous(tree) -> list[str]:
    """What in a parsed HTML document would run script that came from the data."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and (
            "alert(1)" in (element.text or "") or "x" == element.get("src")
        ):
            found.append(f"<script> {element.text!r}")
        if element.tag == "img" and element.get("src") == "x":
            found.append("<img src=x>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES and re.sub(
                r"[\s\x00-\x1f]", "", value
            ).lower().startswith("javascript:"):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def poisoned(matrix_world, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    filled = fill_everything()
    return matrix_world, filled


def test_every_text_field_is_found_by_introspection():
    found = {(m._meta.label, f.name) for m, fields in text_fields() for f in fields}
    for expected in [
        ("registry.Partnership", "summary_sv"),
        ("plans.Activity", "title_en"),
        ("plans.CostLine", "note"),
        ("plans.VisitNotice", "purpose"),
        ("plans.VisitReport", "results"),
        ("governance.Decision", "case_number"),
        ("publishing.NewsItem", "body_sv"),
        ("tenancy.Organisation", "website"),
        ("tenancy.ContactPerson", "phone"),
        ("places.City", "name"),
        ("plans.ActionPlan", "description"),
        ("plans.Milestone", "title"),
        ("accounts.User", "first_name"),
        ("governance.PartnershipRequest", "message"),
    ]:
        assert expected in found, expected


def _pages(world, role):
    for r in MATRIX:
        if r.get[role] == 200 and r.name not in SLOW:
            yield reverse(r.name, args=r.args(world))


def test_no_page_runs_script_from_the_data(poisoned):
    world, filled = poisoned
    assert (
        filled["registry.Partnership"]
        and filled["plans.Activity"]
        and filled["publishing.NewsItem"]
    )
    client = Client()
    failures, shown, checked = [], 0, set()
    for role in ("coordinator", "anonymous"):
        client.logout()
        if role != "anonymous":
            client.force_login(user_for(world, role))
        for url in sorted(set(_pages(world, role))):
            if (role, url) in checked:
                continue
            checked.add((role, url))
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            failures += [f"{role} {url}: {d}" for d in check_response(response)]
            if b"alert(1)" in body_of(response):
                shown += 1
    assert not failures, "\n".join(failures)
    assert shown > 100, shown  # the payload really was on the pages, as text


def body_of(response) -> bytes:
    if not response.streaming:
        return response.content
    if not hasattr(response, "_hostile_body"):
        response._hostile_body = b"".join(response.streaming_content)
    return response._hostile_body


def check_response(response) -> list[str]:
    """Dangerous markup in an HTML response; the payload as literal text in every other format."""
    kind = response.get("Content-Type", "").split(";")[0]
    body = body_of(response)
    if kind == "text/html":
        return dangerous(lxml_html.document_fromstring(body))
    if kind == "application/atom+xml":
        return check_atom(body)
    if kind == "text/calendar":
        return [] if PAYLOAD in unfold_ics(body) else ["payload not in the calendar as text"]
    if kind in ("application/json", "application/vnd.oai.openapi+json"):
        return (
            []
            if b"alert(1)" not in body or PAYLOAD in json_strings(json.loads(body))
            else ["JSON lost the text"]
        )
    if kind == "text/csv":
        return check_csv(body.decode("utf-8-sig"))
    return []


def json_strings(value) -> str:
    """Every string in a JSON document, one a line."""
    if isinstance(value, dict):
        return "\n".join(json_strings(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(json_strings(v) for v in value)
    return value if isinstance(value, str) else ""


def check_atom(body: bytes) -> list[str]:
    """Titles are the payload as text; HTML summaries and contents hold nothing that runs."""
    root = etree.fromstring(body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    problems = []
    titles = [t.text or "" for t in root.iterfind("a:entry/a:title", ns)]
    if titles and not any(PAYLOAD in t for t in titles):
        problems.append(f"feed titles without the payload as text: {titles[:2]}")
    for element in root.iterfind("a:entry/*", ns):
        if element.get("type") == "html" and element.text:
            problems += [
                f"feed HTML: {d}"
                for d in dangerous(lxml_html.fragment_fromstring(element.text, create_parent="div"))
            ]
    return problems


def unfold_ics(body: bytes) -> str:
    import icalendar

    calendar = icalendar.Calendar.from_ical(body)
    return "\n".join(
        str(c.get(key, ""))
        for c in calendar.walk("VEVENT")
        for key in ("SUMMARY", "DESCRIPTION", "LOCATION")
    )


def check_csv(text: str) -> list[str]:
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    cells = [cell for row in csv.reader(io.StringIO(text), dialect) for cell in row]
    problems = [
        f"CSV cell starts a formula: {c[:30]!r}" for c in cells if c[:1] in ("=", "+", "-", "@")
    ]
    if "alert(1)" in text and not any(PAYLOAD in c for c in cells):
        problems.append("payload not in the CSV as text")
    return problems


def test_report_files_show_the_payload_as_text(poisoned):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    world, _ = poisoned
    client = Client()
    client.force_login(user_for(world, "coordinator"))
    files = {
        fmt: client.get(reverse("reports:annual_file", args=[2026, fmt]))
        for fmt in ("pdf", "docx", "xlsx")
    }
    for name, response in files.items():
        assert response.status_code == 200, name
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"].content)).pages
    )
    assert squeeze(SCRIPT) in squeeze(text) and squeeze(BREAKOUT) in squeeze(text)
    document = Document(io.BytesIO(files["docx"].content))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert PAYLOAD in text
    workbook = load_workbook(io.BytesIO(files["xlsx"].content))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert any(
        c.value == PAYLOAD or (isinstance(c.value, str) and PAYLOAD in c.value) for c in cells
    )
    assert not [c.coordinate for c in cells if c.data_type == "f"]


FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+2", "-2+3", "@SUM(1)", "\t=1+1"]


def test_formulas_in_text_are_neutralised_in_every_spreadsheet(matrix_world, settings):
    """CSV and XLSX exports (activities, list downloads, open data, report workbooks) never start a cell with a formula."""
    from openpyxl import load_workbook

    from vanort.plans.models import Activity, CostLine
    from vanort.tenancy.models import Organisation

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    w = matrix_world
    for i, activity in enumerate(Activity.objects.filter(municipality=w.home)):
        formula = f"{FORMULAS[i % len(FORMULAS)]} {i}"
        Activity.objects.filter(pk=activity.pk).update(
            title=formula, title_sv=formula, title_en=formula, place=formula
        )
    CostLine.objects.update(note=FORMULAS[0])
    for organisation in Organisation.objects.all():
        name = f"{FORMULAS[3]} {organisation.pk}"
        Organisation.objects.filter(pk=organisation.pk).update(
            name=name, name_sv=name, name_en=name
        )
    client = Client()
    client.force_login(user_for(w, "coordinator"))
    export = reverse("plans:activity_export")
    csv_response = client.get(export, {"format": "csv"})
    assert csv_response.status_code == 200
    text = body_of(csv_response).decode("utf-8-sig")
    assert not check_csv_formulas(text, ";")
    assert "'=HYPERLINK" in text
    for dataset in ("activities", "partnerships", "events"):
        response = client.get(reverse("publishing:export", args=["linkoping", dataset, "csv"]))
        assert response.status_code == 200, dataset
        assert not check_csv_formulas(response.content.decode("utf-8-sig"), ","), dataset
    workbooks = [
        client.get(export, {"format": "xlsx"}),
        client.get(reverse("reports:annual_file", args=[2026, "xlsx"])),
    ]
    for listing in ("plans:activity_list", "tenancy:organisation_list"):  # the lists' own downloads
        text = client.get(reverse(listing), {"download": "csv"}).content.decode("utf-8-sig")
        assert not check_csv_formulas(text, ";") and "\n'" in text, listing
        workbooks.append(client.get(reverse(listing), {"download": "xlsx"}))
    for response in workbooks:
        assert response.status_code == 200
        cells = [
            c
            for sheet in load_workbook(io.BytesIO(body_of(response)))
            for row in sheet.iter_rows()
            for c in row
        ]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert not [
            c.value
            for c in cells
            if isinstance(c.value, str) and c.value[:1] in ("=", "+", "-", "@", "\t")
        ]
        assert any(isinstance(c.value, str) and c.value.startswith("'") for c in cells)


def check_csv_formulas(text: str, delimiter: str) -> list[str]:
    return [
        c
        for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        for c in row
        if c[:1] in ("=", "+", "-", "@", "\t")
    ]


@pytest.mark.parametrize(
    "dirty",
    [
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<p onclick="alert(1)" style="background:url(javascript:alert(1))">x</p>',
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<style>@import 'javascript:alert(1)';</style>",
        '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
        "<scr<script>ipt>alert(1)</script>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    ],
)
def test_rich_text_keeps_nothing_that_runs(dirty):
    from vanort.publishing.sanitize import clean_html

    cleaned = clean_html(dirty)
    tree = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    assert not dangerous(tree), cleaned
    assert not tree.xpath("//script|//style|//iframe|//svg|//form|//img|//*[@style]"), cleaned
    assert "javascript" not in " ".join(tree.xpath("//@href")).lower()


def test_a_news_body_stored_raw_is_cleaned_when_shown(poisoned):
    from vanort.publishing.models import NewsItem

    world, _ = poisoned
    raw = '<p>Hej</p><script>alert(1)</script><a href="javascript:alert(1)" onclick="alert(1)">länk</a>'
    NewsItem.objects.update(body=raw, body_sv=raw, body_en=raw)
    item = NewsItem.objects.filter(municipality=world.home, is_public=True).first()
    assert item is not None
    response = Client().get(reverse("publishing:news_detail", args=["linkoping", item.pk]))
    assert response.status_code == 200
    tree = lxml_html.document_fromstring(response.content)
    assert not dangerous(tree)
    assert "Hej" in response.content.decode() and "länk" in response.content.decode()

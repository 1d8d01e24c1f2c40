"""The report files read as a person would read them: a Word document on A4 in the report's
language with the municipality in the header and the case number and page numbers in the footer;
a tagged PDF/UA file with title and language; an Excel appendix with frozen headers, filters and
real numbers. One page of each PDF is drawn to PNG (``$VANORT_REPORT_IMAGES``, default
``test-artifacts/reports/``, kept by CI) when ``pdftoppm`` (Debian's poppler-utils) is installed.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import struct
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from tests.plans.conftest import make_cost
from vanort.plans.models import ExchangeRate
from vanort.reports import render, selectors

pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]

IMAGES = Path(os.environ.get("VANORT_REPORT_IMAGES") or Path(__file__).resolve().parents[2] / "test-artifacts" / "reports")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def follow_up(world, report_data, language):
    """The follow-up report with a cost line in euro besides the kronor, and the texts that the
    follow-up itself supplies."""
    if not ExchangeRate.objects.filter(currency="EUR").exists():
        ExchangeRate.objects.create(municipality=world.home, currency="EUR", valid_from=datetime.date(2026, 1, 1), rate=Decimal("11.2345"))
        make_cost(report_data.done, world.unit, 150_00, currency="EUR")
    with translation.override(language):
        user = world.users["coordinator"]
        report = selectors.build_report(user, selectors.follow_up_spec(user, report_data.document, 2022))
        # what report-content fills in from the follow-up itself
        report.summary = "Sammanfattning: samarbetet har gett resultat." if language == "sv" else "Summary: the cooperation bore fruit."
        report.case_number = "KS 2026-123"
        report.sections[0].paragraphs = ["Kontorets bedömning: målen nås." if language == "sv" else "The office's assessment: goals are met."]
        return report, {fmt: render.render_file(report, fmt) for fmt in render.FORMATS}


@pytest.fixture(params=["sv", "en"])
def files(request, world, report_data, frozen_today):
    report, data = follow_up(world, report_data, request.param)
    IMAGES.mkdir(parents=True, exist_ok=True)
    for fmt, content in data.items():  # kept beside the page images, to open by hand
        (IMAGES / f"followup-{request.param}.{fmt}").write_bytes(content)
    return request.param, report, data


def test_word_is_an_a4_municipal_document_in_the_report_language(files):
    from docx import Document
    from docx.shared import Mm

    language, report, data = files
    document = Document(io.BytesIO(data["docx"]))
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert all({round(s.page_width.mm), round(s.page_height.mm)} == {210, 297} for s in document.sections)
    expected = {"sv": "sv-SE", "en": "en-GB"}[language]
    langs = {el.get(f"{W}val") for el in document.styles.element.iter(f"{W}lang")}
    assert langs == {expected}
    assert document.core_properties.author == "Linköping" == report.municipality
    assert document.core_properties.title == report.title
    assert document.core_properties.language == expected
    # the header names the municipality, the footer has the case number and the PAGE field
    assert page.header.paragraphs[0].text == "Linköping"
    footer = page.footer.paragraphs[0]
    assert footer.text.startswith({"sv": "Diarienummer KS 2026-123", "en": "Case number KS 2026-123"}[language])
    codes = [t.text.strip() for t in footer._p.iter(f"{W}instrText")]
    assert codes == ["PAGE", "NUMPAGES"]
    assert {"sv": "Sida 1 av 1", "en": "Page 1 of 1"}[language] in footer.text
    for section in document.sections:  # landscape pages too, the page number at their right margin
        assert section.header.paragraphs[0].text == "Linköping"
        paragraph = section.footer.paragraphs[0]
        assert "KS 2026-123" in paragraph.text and [t.text.strip() for t in paragraph._p.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]
        stop = paragraph.paragraph_format.tab_stops[0].position
        assert abs(stop.mm - (section.page_width - section.left_margin - section.right_margin) / 36000) < 0.1
    # a table of contents, real Heading styles, the summary and the office's own text
    body = document.element.body
    assert any(t.text.strip().startswith("TOC") for t in body.iter(f"{W}instrText"))
    settings = [child.tag.removeprefix(W) for child in document.settings.element]
    assert settings.index("updateFields") < settings.index("compat")  # fields updated on opening, in schema order
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "TOC Heading"} <= styles
    texts = [p.text for p in document.paragraphs]
    assert report.summary in texts and report.sections[0].paragraphs[0] in texts
    # every table: a table style, fixed widths within the page, and no header wider than its column
    from vanort.reports import measure

    for table in document.tables:
        assert table.style.name == render.DOCX_TABLE_STYLE
        widths = [c.width for c in table.columns]
        assert all(widths) and sum(w.mm for w in widths) <= 257 + 1
        for cell, width in zip(table.rows[0].cells, widths, strict=True):
            word = measure.longest_word_em(cell.text, bold=True) * render.DOCX_SIZE * 25.4 / 72
            assert word + render.DOCX_CELL_PADDING <= width.mm + 0.01, (cell.text, width.mm)
    payer = next(t for t in document.tables if t.rows[0].cells[1].text in ("Cost lines", "Kostnadsrader"))
    assert payer.rows[1].cells[2].paragraphs[0].alignment == 2  # numbers right-aligned
    assert Mm(0) < sum((c.width for c in payer.columns), Mm(0)) <= Mm(171)


def pdf_to_png(data: bytes, name: str, page: int = 1) -> Path | None:
    if not shutil.which("pdftoppm"):
        return None
    IMAGES.mkdir(parents=True, exist_ok=True)
    source = IMAGES / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(source),
                    str(IMAGES / f"{name}-page{page}")], check=True, timeout=60)
    return IMAGES / f"{name}-page{page}.png"


def test_word_opens_in_libreoffice_as_an_a4_document_with_its_sections(files, tmp_path):
    """LibreOffice (Debian's ``libreoffice-writer-nogui``, installed by ``.ci/run``) opens the Word
    file and prints it: A4 pages, the municipality in the header, every section heading, and the
    footer's case number and "Page 1 of N" worked out from the fields. Page 1 is kept as PNG."""
    from pypdf import PdfReader

    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: .ci/run installs libreoffice-writer-nogui", pytrace=False)
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install --no-install-recommends libreoffice-writer-nogui")
    language, report, data = files
    source = tmp_path / "report.docx"
    source.write_bytes(data["docx"])
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, timeout=180, capture_output=True)
    printed = (tmp_path / "report.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(printed))
    for page in reader.pages:
        box = page.mediabox
        assert {round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)} == {210, 297}
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert report.title in text
    for section in report.sections:
        assert str(section.title) in text
    first = reader.pages[0].extract_text()
    assert "Linköping" in first.splitlines() and "KS 2026-123" in first
    assert {"sv": f"Sida 1 av {len(reader.pages)}", "en": f"Page 1 of {len(reader.pages)}"}[language] in first
    pdf_to_png(printed, f"followup-{language}-docx", 1)


def test_pdf_is_tagged_pdf_ua_with_title_language_and_sections(files):
    from pypdf import PdfReader

    language, report, data = files
    reader = PdfReader(io.BytesIO(data["pdf"]))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    tree = root["/StructTreeRoot"].get_object()
    roles: dict = {}

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict) and "/S" in node:
            roles[str(node["/S"])] = roles.get(str(node["/S"]), 0) + 1
            walk(node.get("/K", []))

    walk(tree["/K"])
    assert roles["/Document"] == 1 and roles["/H1"] == 1  # one title, the sections as H2, tables with header cells
    assert roles["/H2"] == len(report.sections) and roles["/Table"] >= 10 and roles["/TH"] >= 10
    assert str(root["/Lang"]).startswith(language)
    assert reader.metadata.title == report.title
    assert reader.metadata.author == "Linköping"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp and b"http://www.aiim.org/pdfua/ns/id/" in xmp  # claims PDF/UA-1
    text = "\n".join(p.extract_text() for p in reader.pages)
    for section in report.sections:
        assert str(section.title) in text
    assert report.summary in text and report.sections[0].paragraphs[0] in text
    first = reader.pages[0].extract_text()
    assert "Linköping" in first.splitlines()  # the header: the municipality alone on its line
    assert "KS 2026-123" in first and f"1 ({len(reader.pages)})" in first
    for page in (1, len(reader.pages) - 1):  # the first page, and a landscape page of cross tables
        image = pdf_to_png(data["pdf"], f"followup-{language}", page)
        if image is None:
            continue
        width, height = struct.unpack(">II", image.read_bytes()[16:24])  # the PNG's IHDR
        box = reader.pages[page - 1].mediabox
        assert abs(width / height - float(box.width) / float(box.height)) < 0.01
        assert {round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)} == {210, 297}  # A4


def test_pdf_headers_never_overprint(world, report_data, frozen_today):
    """Every header and figure of the printed tables lies in its own column: on each line of each
    page, a text run ends before the next begins (read from the PDF's own text positions and the
    typeface's widths)."""
    from pypdf import PdfReader

    from vanort.reports import measure

    _report, data = follow_up(world, report_data, "sv")
    checked = 0
    for page in PdfReader(io.BytesIO(data["pdf"])).pages:
        runs = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                scale = tm[0] * cm[0]
                x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
                runs.append((round(y), x, x + measure.text_em(text.rstrip()) * size * scale, text))

        page.extract_text(visitor_text=visit)
        lines: dict = {}
        for y, x, end, text in runs:
            lines.setdefault(y, []).append((x, end, text))
        for y, items in lines.items():
            items.sort()
            for (_x1, end1, t1), (x2, _end2, t2) in zip(items, items[1:], strict=False):
                assert x2 >= end1 - 0.5, (y, t1, t2)
                checked += 1
    assert checked > 50


def test_excel_appendix_frozen_filtered_and_typed(files):
    from openpyxl import load_workbook

    language, report, data = files
    workbook = load_workbook(io.BytesIO(data["xlsx"]))
    cover, *sheets = workbook.worksheets
    assert cover.title == {"sv": "Rapport", "en": "Report"}[language]
    about = {row[0]: row[1] for row in cover.iter_rows(values_only=True)}
    assert about[{"sv": "Diarienummer", "en": "Case number"}[language]] == "KS 2026-123"
    assert about[{"sv": "Kommun", "en": "Municipality"}[language]] == "Linköping"
    assert report.summary in about.values() and report.sections[0].paragraphs[0] in about.values()
    assert workbook.properties.creator == "Linköping" and workbook.properties.title == report.title
    for sheet in sheets:
        assert len(sheet.title) <= 31
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet.column_dimensions["A"].width and sheet.column_dimensions["A"].width > 5
    names = workbook.sheetnames[1:]
    titles = [str(t.title) for t in report.tables]
    assert len(set(names)) == len(names)
    for title, name in zip(titles, names, strict=False):  # shortened between words, never inside one
        assert set(name.replace(" … ", " ").split()) <= set(title.split()), (name, title)
        assert name == title or (len(title) > 31 and " … " in name)
    status = workbook[names[[t.id for t in report.tables].index("status")]]
    shares = [status.cell(row=r, column=3) for r in range(2, 7)]
    assert all(c.number_format == "0.0%" and 0 <= c.value <= 1 for c in shares)
    assert sorted(round(c.value, 3) for c in shares) == [0, 0, 0, 0.333, 0.667]
    assert isinstance(status.cell(row=2, column=2).value, int)
    costs = workbook[{"sv": "Kostnadsrader", "en": "Cost lines"}[language]]
    header = [c.value for c in costs[1]]
    rate, rate_date = header.index({"sv": "Växelkurs", "en": "Exchange rate"}[language]), header.index(
        {"sv": "Kursdatum", "en": "Rate date"}[language])
    year = header.index({"sv": "År", "en": "Year"}[language])
    lines = list(costs.iter_rows(min_row=2))
    assert lines and all(isinstance(r[year].value, int) and r[year].number_format == "0" for r in lines)
    assert all(r[rate].value and r[rate_date].is_date and r[rate_date].number_format == "yyyy-mm-dd" for r in lines)
    assert {r[rate].value for r in lines if r[4].value == "SEK"} == {1}
    euro = next(r for r in lines if r[4].value == "EUR")
    assert euro[rate].value == 11.2345 and euro[rate].number_format == render.XLSX_DECIMAL
    assert euro[rate_date].value.date() == datetime.date(2026, 5, 10)
    estimated = header.index({"sv": "Beräknat", "en": "Estimated"}[language])
    assert all(r[estimated].number_format == "#,##0.00" for r in lines)
    activities = workbook[{"sv": "Aktiviteter", "en": "Activities"}[language]]
    ids = [r[0].value for r in activities.iter_rows(min_row=2)]
    assert len(ids) == len(set(ids)) == 3  # one row per activity, however many cost lines it has


def test_a_report_without_data_still_makes_every_file(world, report_data, frozen_today):
    """A year without activities: empty tables print "no rows", the appendix keeps its headers."""
    from openpyxl import load_workbook

    user = world.users["coordinator"]
    report = selectors.build_report(user, selectors.annual_spec(user, 2001))
    data = {fmt: render.render_file(report, fmt) for fmt in render.FORMATS}
    workbook = load_workbook(io.BytesIO(data["xlsx"]))
    costs = workbook[workbook.sheetnames[1 + [str(t.id) for t in report.tables].index("costs_payer")]]
    assert [c.value for c in costs[1]][0] == "Paid by" and costs.max_row == 2  # the header and the (zero) totals
    assert data["pdf"].startswith(b"%PDF") and data["docx"].startswith(b"PK")

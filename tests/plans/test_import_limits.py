"""Hostile spreadsheets are refused quickly: the header is read first, every physical row counts
towards the limit, and nothing is written. The files are built here as XML in a zip (a few hundred
KB for two million rows), as an attacker would."""

from __future__ import annotations

import io
import time
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from vanort.core.roles import Role
from vanort.plans.models import Activity
from vanort.plans.services.imports import COLUMNS, MAX_ROWS, import_activities

pytestmark = pytest.mark.engine

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def hostile_xlsx(header, rows: int, *, row_xml=b'<row><c r="BZ1"><v>1</v></c></row>', dimension="A1:XFD1048576") -> bytes:
    """A workbook whose header row is ``header`` followed by ``rows`` copies of ``row_xml``."""
    cells = "".join(f'<c t="inlineStr"><is><t>{escape(name)}</t></is></c>' for name in header)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            sheet.write(f'<dimension ref="{dimension}"/><sheetData><row r="1">{cells}</row>'.encode())
            chunk = row_xml * 10_000
            for _ in range(rows // 10_000):
                sheet.write(chunk)
            sheet.write(row_xml * (rows % 10_000))
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def import_timed(world, data):
    upload = SimpleUploadedFile("hostile", data, content_type="application/octet-stream")
    started = time.monotonic()
    with translation.override("en"):
        result = import_activities(upload, user=world.users[Role.COORDINATOR])
    return result, time.monotonic() - started


def test_two_million_rows_with_a_value_in_an_unnamed_column_are_refused_at_once(world):
    data = hostile_xlsx(COLUMNS, 2_000_000)
    assert len(data) < 1_000_000  # as small as the file in the issue
    before = Activity.objects.count()
    result, seconds = import_timed(world, data)
    assert [(e.row, str(e.message)) for e in result.errors] == [
        (1, f"The file has more than {MAX_ROWS:,} rows after the header (empty rows count too); split it.".replace(",", ""))]
    assert seconds < 3, f"{seconds:.1f} s"  # ~1 s on an idle machine; parsing the whole sheet took 30 s
    assert Activity.objects.count() == before


def test_a_bad_header_is_refused_before_the_rows_are_read(world):
    data = hostile_xlsx(["key", "nonsense"], 2_000_000, row_xml=b'<row><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>')
    result, seconds = import_timed(world, data)
    messages = {(e.row, e.column) for e in result.errors}
    assert (1, "nonsense") in messages and (1, "kind") in messages
    assert seconds < 1, f"{seconds:.1f} s"


def test_a_zip_bomb_is_refused_by_its_unpacked_size(world):
    # 450 MB of rows (deflated to well under a megabyte): refused before openpyxl reads it.
    data = hostile_xlsx(COLUMNS, 15_000, row_xml=b"<row/>" + b" " * 30_000)
    result, seconds = import_timed(world, data)
    assert [e.message for e in result.errors] == ["The XLSX file unpacks to more than 400 MB; split it."]
    assert seconds < 1, f"{seconds:.1f} s"


def test_exactly_the_limit_of_empty_rows_is_read_and_reported_as_no_activities(world):
    data = hostile_xlsx(COLUMNS, MAX_ROWS, dimension="A1:B2")
    result, _ = import_timed(world, data)
    assert [e.message for e in result.errors] == ["The file has no activities."]


def test_a_csv_over_the_limit_is_refused_counting_empty_lines(world):
    data = ";".join(COLUMNS).encode() + b"\n" + b";" * 3 + b"\n" + b"\n" * MAX_ROWS
    result, _ = import_timed(world, data)
    assert [e.message for e in result.errors] == [
        f"The file has more than {MAX_ROWS} rows after the header (empty rows count too); split it."]

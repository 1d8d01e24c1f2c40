"""A municipality's own Word template for its reports: the administrator uploads a .dotx or .docx;
the reports' Word files then take its styles, page set-up, header and footer, with the report's
fields filled in. Files read back with python-docx, as a person opening them would see them."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.shared import Mm, RGBColor

from tests.conftest import make_user
from vanort.core.roles import Role
from vanort.reports.models import WordTemplate
from vanort.reports.word_template import DOCUMENT_MAIN, MACRO_MAIN, TEMPLATE_MAIN

pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def made_in_word(*, drop_styles=(), content_type=None) -> bytes:
    """A municipality's template: Georgia headings in its own blue, a 30 mm left margin, a header and
    footer with fields, and sample text that a report must not carry."""
    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.name, heading.font.color.rgb = "Georgia", RGBColor(0x00, 0x33, 0x66)
    page = document.sections[0]
    page.page_width, page.page_height, page.left_margin = Mm(210), Mm(297), Mm(30)
    page.header.paragraphs[0].text = "Mall: {municipality} – {title}"
    page.footer.paragraphs[0].text = "Dnr {case_number} · {date}"
    document.add_paragraph("EXEMPELTEXT som inte ska med")
    for name in drop_styles:
        document.styles.element.remove(document.styles[name].element)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return _retyped(data, content_type) if content_type else data


def _retyped(data: bytes, content_type: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(DOCUMENT_MAIN, content_type)
            target.writestr(item, body)
    return out.getvalue()


def upload(client, data: bytes, name="Kommunmall.dotx"):
    return client.post(reverse("reports:word_template"), {"file": SimpleUploadedFile(name, data)})


def annual_docx(client):
    response = client.get(reverse("reports:annual_file", args=[2026, "docx"]))
    assert response.status_code == 200
    return Document(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_the_administrators_template_shapes_every_report_file(world, client_for):
    admin, coordinator = world.users[Role.ADMIN], world.users[Role.COORDINATOR]
    response = upload(client_for(admin), made_in_word(content_type=TEMPLATE_MAIN))
    assert response.status_code == 302
    template = WordTemplate.objects.get()
    assert (template.municipality, template.file_name, template.uploaded_by) == (world.home, "Kommunmall.dotx", admin)
    with zipfile.ZipFile(template.file.open("rb")) as stored:  # kept as a document Word and python-docx open
        assert DOCUMENT_MAIN in stored.read("[Content_Types].xml")

    document = annual_docx(client_for(coordinator))
    page = document.sections[0]
    assert round(page.left_margin.mm) == 30  # the template's page set-up
    assert page.header.paragraphs[0].text == f"Mall: Linköping – {document.core_properties.title}"
    assert page.footer.paragraphs[0].text.startswith("Dnr  · ")  # no case number for an annual report; the date filled in
    assert "{" not in page.footer.paragraphs[0].text
    heading = document.styles["Heading 1"]
    assert (heading.font.name, heading.font.color.rgb) == ("Georgia", RGBColor(0x00, 0x33, 0x66))
    assert not any("EXEMPELTEXT" in text for text in texts(document))
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [document.core_properties.title]
    assert len([p for p in document.paragraphs if p.style.name == "Heading 1"]) >= 3  # the report's sections
    assert all(s.header.is_linked_to_previous for s in document.sections[1:])  # landscape pages keep the header


def test_a_template_without_the_reports_styles_still_makes_a_report(world, client_for):
    upload(client_for(world.users[Role.ADMIN]), made_in_word(drop_styles=("Caption", "Heading 2", "Light List Accent 1")), "mall.docx")
    document = annual_docx(client_for(world.users[Role.COORDINATOR]))
    names = {style.name for style in document.styles}
    assert {"Caption", "Heading 2"} <= names
    assert {table.style.name for table in document.tables} == {"Table Grid"}  # the plain grid where its table style is missing
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)


@pytest.mark.parametrize(("data", "message"), [
    (b"just some text", "Filen är inte ett Word-dokument eller en Word-mall (.docx eller .dotx) som Vänort kan läsa."),
    (b"PK\x03\x04broken", "Filen är inte ett Word-dokument eller en Word-mall (.docx eller .dotx) som Vänort kan läsa."),
    (None, "Filen innehåller makron"),
])
def test_a_file_vanort_cannot_use_is_refused_with_a_reason(world, client_for, data, message):
    data = data or _retyped(made_in_word(), MACRO_MAIN[1])
    response = upload(client_for(world.users[Role.ADMIN]), data, "mall.docx")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WordTemplate.objects.exists()


def test_only_the_municipalitys_administrator_changes_it(world, client_for):
    admin, coordinator = world.users[Role.ADMIN], world.users[Role.COORDINATOR]
    upload(client_for(admin), made_in_word(), "mall.docx")
    before = WordTemplate.objects.values_list("pk", "file", "file_name").get()
    index = client_for(coordinator).get(reverse("reports:index")).content.decode()
    assert reverse("reports:word_template") not in index
    client = client_for(coordinator)
    assert client.get(reverse("reports:word_template")).status_code == 403
    assert upload(client, made_in_word(), "other.docx").status_code == 403
    assert client.post(reverse("reports:word_template"), {"remove": "1"}).status_code == 403
    assert client.get(reverse("reports:word_template_download")).status_code == 403
    assert WordTemplate.objects.values_list("pk", "file", "file_name").get() == before

    # another municipality's administrator sets its own, which Linköping's reports never use
    foreign_admin = make_user("foreign-admin", world.foreign_org, Role.ADMIN)
    assert upload(client_for(foreign_admin), made_in_word(drop_styles=("Caption",)), "theirs.docx").status_code == 302
    assert dict(WordTemplate.objects.values_list("municipality__slug", "file_name")) == {"linkoping": "mall.docx", "other": "theirs.docx"}
    page = client_for(admin).get(reverse("reports:word_template")).content.decode()
    assert "mall.docx" in page and "theirs.docx" not in page


def test_removing_it_brings_back_the_built_in_layout(world, client_for):
    admin = world.users[Role.ADMIN]
    client = client_for(admin)
    upload(client, made_in_word(), "mall.docx")
    response = client.post(reverse("reports:word_template"), {"remove": "1"}, follow=True)
    assert "använder den inbyggda layouten igen" in response.content.decode()
    assert not WordTemplate.objects.exists()
    page = annual_docx(client).sections[0]
    assert (round(page.left_margin.mm), page.header.paragraphs[0].text) == (20, "Linköping")


def test_the_built_in_layout_is_a_template_to_start_from(world, client_for):
    client = client_for(world.users[Role.ADMIN])
    starter = client.get(reverse("reports:word_template_starter"))
    assert starter.status_code == 200
    assert "filename*=UTF-8''rapportmall.docx" in starter["Content-Disposition"]
    sample = Document(io.BytesIO(starter.content))
    assert sample.sections[0].header.paragraphs[0].text == "{municipality}"
    assert upload(client, starter.content, "rapportmall.docx").status_code == 302
    document = annual_docx(client)
    footer = document.sections[0].footer.paragraphs[0]
    assert document.sections[0].header.paragraphs[0].text == "Linköping"
    assert [t.text.strip() for t in footer._p.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]
    assert not any("inte används" in text or "not used" in text for text in texts(document))


def test_the_page_speaks_the_readers_language(world, client_for):
    client = client_for(world.users[Role.ADMIN])
    client.cookies["django_language"] = "en"
    text = client.get(reverse("reports:word_template")).content.decode()
    assert "At most 5 MB. Its styles, page set-up, header and footer are used; its text is not." in text
    assert "Högst 5 MB" not in text

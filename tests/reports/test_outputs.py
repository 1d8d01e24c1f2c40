"""The four outputs of the follow-up report, read back: web page, PDF, Word, Excel."""

import io

import pytest
from django.conf import settings
from django.urls import reverse

from vanort.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_client(client, world):
    client.force_login(world.users[Role.BOARD])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # English source strings and number formats
    return client


def urls(data, fmt=None):
    if fmt:
        return reverse("reports:followup_file", args=[data.document.pk, 2022, fmt])
    return reverse("reports:followup", args=[data.document.pk, 2022])


def test_web_page_tables_charts_and_summaries(board_client, report_data, frozen_today):
    response = board_client.get(urls(report_data))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Follow-up of Positionspapper Palo Alto" in html
    assert "503,244.51\xa0SEK" in html  # the total estimated, in the home currency
    assert html.count('<svg class="chart"') >= 5
    assert 'role="img"' in html and "aria-describedby=" in html
    assert "32 people took part in 2 activities" in html
    for fmt in ("pdf", "docx", "xlsx"):
        assert urls(report_data, fmt) in html


def test_pdf_text(board_client, report_data, frozen_today):
    from pypdf import PdfReader

    response = board_client.get(urls(report_data, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Follow-up of Positionspapper Palo Alto" in text
    assert "Costs by paying organisation" in text
    assert "503,244.51" in text  # the total estimated, home currency
    assert "Linköpings universitet" in text
    assert report_data.later.case_number in text


def test_word_document_headings_and_tables(board_client, report_data, frozen_today):
    from docx import Document

    response = board_client.get(urls(report_data, "docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Follow-up of Positionspapper Palo Alto"
    assert {"Activities", "Goal fulfilment", "Costs", "Participation", "Visits", "Decisions"} <= set(headings)
    tables = {}
    for t in document.tables:
        rows = [[c.text for c in row.cells] for row in t.rows]
        tables[tuple(rows[0])] = rows
    payer = next(rows for header, rows in tables.items() if header[0] == "Paid by" and header[1] == "Cost lines")
    assert payer[-1][0] == "All paying organisations"
    assert payer[-1][2] == "503,244.51\xa0SEK"
    assert ["Women", "17", "53.1\xa0%"] in next(rows for header, rows in tables.items() if header[0] == "Gender")


def test_excel_appendix_numbers_and_rows(board_client, report_data, frozen_today):
    from decimal import Decimal

    from openpyxl import load_workbook

    response = board_client.get(urls(report_data, "xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    payer = workbook["Costs by paying organisation"]
    rows = list(payer.iter_rows(values_only=True))
    assert rows[0] == ("Paid by", "Cost lines", "Estimated (SEK)", "Actual (SEK)")
    assert rows[-1][0] == "All paying organisations"
    assert Decimal(str(rows[-1][2])) == Decimal("503244.51")
    assert payer.cell(row=len(rows), column=3).number_format == "#,##0.00"
    activities = list(workbook["Activities"].iter_rows(values_only=True))
    assert len(activities) == 1 + 3
    costs = list(workbook["Cost lines"].iter_rows(values_only=True))
    assert len(costs) == 1 + 4
    assert sum(Decimal(str(r[7])) for r in costs[1:]) == Decimal("503244.51")
    participation = list(workbook["Participation"].iter_rows(values_only=True))
    assert sum(r[1] for r in participation[1:]) == 32
    assert len(list(workbook["Visits"].iter_rows(values_only=True))) == 1 + 2


def test_pdf_fetches_nothing_from_the_network():
    from vanort.reports.render import static_only_fetcher

    fetcher = static_only_fetcher()
    for url in ("https://example.com/x.css", "http://127.0.0.1/x", "file:///etc/passwd", "file:///static/../../etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert b"@page" in fetcher.fetch("file:///static/reports/print.css").read()


def test_anonymous_is_sent_to_login_and_invisible_subjects_are_404(client, world, report_data):
    response = client.get(urls(report_data))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(world.foreign_user)
    assert client.get(urls(report_data)).status_code == 404
    assert client.get(reverse("reports:review", args=[world.partnership.pk])).status_code == 404
    assert client.get(urls(report_data, "pdf")).status_code == 404

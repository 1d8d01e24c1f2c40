"""The four outputs of the follow-up report, read back: web page, PDF, Word, Excel."""

import io

import pytest
from django.conf import settings
from django.urls import reverse

from vanort.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]


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


@pytest.mark.smoke
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
    # The long cost tables are printed as cross tables (a row per paying organisation), with totals.
    assert "Costs by paying organisation and cost type" not in text
    lines = [" ".join(line.split()) for line in text.splitlines()]  # amounts are aligned with spaces
    for title, total in (("Estimated costs by paying organisation and cost type (SEK)", "503,244.51"),
                         ("Actual costs by paying organisation and cost type (SEK)", "1,960.49"),
                         ("Estimated costs by paying organisation and year (SEK)", "503,244.51"),
                         ("Actual costs by paying organisation and year (SEK)", "1,960.49")):
        start = lines.index(title)
        footer = next(line for line in lines[start:] if line.startswith("Sum of separately paid costs"))
        assert footer.split()[-1] == total, (title, footer)
    assert "Paid by 2026 Total" in lines
    assert "Tekniska verken 500,010.01 500,010.01" in lines  # its own row in the year table
    assert "Chart: Costs by paying organisation" not in text  # the charts are plain boxes: labels and values


def test_word_document_headings_and_tables(board_client, report_data, frozen_today):
    from decimal import Decimal

    from docx import Document
    from docx.enum.section import WD_ORIENT

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
    assert payer[-1][0] == "Sum of separately paid costs"
    assert payer[-1][2] == "503,244.51\xa0SEK"
    assert ["Women", "17", "53.1\xa0%"] in next(rows for header, rows in tables.items() if header[0] == "Gender")
    # Costs by type and by year: cross tables, estimated and actual, a row per paying organisation.
    every = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    crosses = [rows for rows in every if rows[0][0] == "Paid by" and rows[0][-1] == "Total"]
    assert len(crosses) == 4
    by_type_estimated, by_type_actual, by_year_estimated, by_year_actual = crosses
    assert {"Travel", "Accommodation", "Fees"} <= set(by_type_estimated[0])
    assert by_year_estimated[0] == ["Paid by", "2026", "Total"]
    assert by_year_estimated[1:] == [
        ["Linköpings universitet", "2,000.00", "2,000.00"], ["Tekniska verken", "500,010.01", "500,010.01"],
        ["Utbildningsförvaltningen", "1,234.50", "1,234.50"], ["Sum of separately paid costs", "503,244.51", "503,244.51"]]
    assert by_year_actual[-1] == ["Sum of separately paid costs", "1,960.49", "1,960.49"]
    for rows, total in ((by_type_estimated, "503,244.51"), (by_type_actual, "1,960.49")):
        assert rows[-1][0] == "Sum of separately paid costs" and rows[-1][-1] == total
        column = rows[0].index("Accommodation")
        amounts = [r[column] for r in rows[1:-1] if r[column] != "–"]
        assert sum(Decimal(a.replace(",", "")) for a in amounts) == Decimal(rows[-1][column].replace(",", ""))
    assert by_type_estimated[[r[0] for r in by_type_estimated].index("Tekniska verken")][by_type_estimated[0].index("Accommodation")] == "10.00"
    # printed on landscape pages, then back to portrait
    orientations = [s.orientation for s in document.sections]
    assert WD_ORIENT.LANDSCAPE in orientations and orientations[-1] == WD_ORIENT.PORTRAIT


def test_excel_appendix_numbers_and_rows(board_client, report_data, frozen_today):
    from decimal import Decimal

    from openpyxl import load_workbook

    response = board_client.get(urls(report_data, "xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    payer = workbook["Costs by paying organisation"]
    rows = list(payer.iter_rows(values_only=True))
    assert rows[0] == ("Paid by", "Cost lines", "Estimated (SEK)", "Actual (SEK)")
    assert rows[-1][0] == "Sum of separately paid costs"
    assert Decimal(str(rows[-1][2])) == Decimal("503244.51")
    assert payer.cell(row=len(rows), column=3).number_format == "#,##0.00"
    activities = list(workbook["Activities"].iter_rows(values_only=True))
    assert len(activities) == 1 + 3
    costs = list(workbook["Cost lines"].iter_rows(values_only=True))
    assert len(costs) == 1 + 4
    assert sum(Decimal(str(r[9])) for r in costs[1:]) == Decimal("503244.51")
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

"""The four outputs of a report: the web page's context, PDF (WeasyPrint), Word and Excel.

All four draw the same :class:`vanort.reports.tables.Report`.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from vanort.core.spreadsheets import formula_safe
from vanort.core.uploads import cut_words, shorten
from vanort.plans.templatetags.plans_tags import money
from vanort.reports import measure
from vanort.reports.charts import bar_chart, bar_chart_html
from vanort.reports.tables import AMOUNT, INT, MONEY, PERCENT, money_decimal

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


def cell_text(value, kind: str, currency: str) -> str:
    if value is None:
        return "–"
    if kind == MONEY:
        return money(value, currency)
    if kind == AMOUNT:
        return money(value, "")
    if kind == PERCENT:
        return f"{formats.number_format(value, decimal_pos=1, use_l10n=True)}\u00a0%"
    if kind == INT:
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _cells(values, columns, currency):
    return [{"text": cell_text(v, c.kind, currency), "num": c.kind != "text"} for v, c in zip(values, columns, strict=True)]


def printed_tables(section):
    """The tables of a section as printed (PDF, Word): a long table with cross tables to stand
    in for it (``Table.print_as``) is replaced by them."""
    for table in section.tables:
        yield from table.print_as or [table]


#: a printed table of figures with more rows than this is set as lines (see :func:`_lined`)
LINED_MIN_ROWS = 20


def _print_lined(table) -> bool:
    figures = all(c.kind != "text" for c in table.columns[1:])
    return figures and (table.wide or len(table.rows) > LINED_MIN_ROWS) and bool(table.rows)


#: the space between two columns of a lined table, in em
LINED_GAP_EM = 1.5


def _lined(table, rows, footer) -> dict:
    """A wide table's figures as one line of text per row, each amount padded with spaces to its
    column's right edge: the organisation stays a cell of its own, its amounts become one text.

    The amounts are set in the report's one typeface, whose figures are all one width and whose
    space is half a figure (as are the group and decimal separators), so padding with spaces lines
    the figures up exactly. Each column is as wide as its widest amount and the widest word of its
    header (measured in the font, :mod:`vanort.reports.measure`): headers and figures never
    overprint. WeasyPrint's time grows with the number of cells, about 2 ms each; a cross table of
    40 organisations × 6 amounts costs 0.5 s as cells, a tenth of that as lines."""
    space = measure.text_em(" ")
    labels = [str(c.label) for c in table.columns[1:]]
    lines = [[c["text"] for c in row[1:]] for row in rows]
    if footer:
        lines.append([c["text"] for c in footer[1:]])
    widths = []
    for i, label in enumerate(labels):
        widest = max([measure.longest_word_em(label, bold=True), *(measure.text_em(line[i], bold=True) for line in lines)])
        widths.append(math.ceil((widest + LINED_GAP_EM) / space) * space)

    def line(values):
        return "".join(" " * round((width - measure.text_em(value)) / space) + value for value, width in zip(values, widths, strict=True))

    return {
        "header": [(label, f"{width:.3f}") for label, width in zip(labels, widths, strict=True)],
        "rows": [(row[0]["text"], line(values)) for row, values in zip(rows, lines, strict=False)],
        "footer": (footer[0]["text"], line(lines[-1])) if footer else None,
    }


def formatted(report, *, printed: bool = False) -> list[dict]:
    """Sections with their tables ready for a template: cell texts, alignment and the chart.

    The web page (``printed=False``) gets inline SVG charts; the PDF gets the printed tables and
    the same charts as plain HTML bars (WeasyPrint lays out SVG text letter by letter: the charts
    cost seconds)."""
    chart = bar_chart_html if printed else bar_chart
    sections = []
    for section in report.sections:
        tables = []
        for table in (printed_tables(section) if printed else section.tables):
            money_chart = table.chart is not None and table.columns[table.chart].kind == MONEY
            rows = [_cells(row, table.columns, report.currency) for row in table.rows]
            footer = _cells(table.footer, table.columns, report.currency) if table.footer else None
            tables.append({
                "table": table,
                "headers": table.columns,
                "rows": rows,
                "footer": footer,
                "chart": chart(table, money=money_chart) if table.chart is not None else "",
                "lined": _lined(table, rows, footer) if printed and _print_lined(table) else None,
            })
        sections.append({"section": section, "tables": tables})
    return sections


def file_name(report, fmt: str) -> str:
    stem = re.sub(r"[^\w\-]+", "-", f"{report.title} {cut_words(report.subtitle, 40)}", flags=re.UNICODE).strip("-").lower()
    return shorten(f"{stem or 'report'}.{fmt}", 90)


# --- PDF -----------------------------------------------------------------------------------------

STATIC_PREFIX = "file:///static/"


def static_file(url: str) -> tuple[bytes, str]:
    """The bytes and type of one of our static files named by ``file:///static/…``; else ValueError."""
    import mimetypes

    if not url.startswith(STATIC_PREFIX):
        raise ValueError(f"refused to fetch {url!r}: reports load only their own static files")
    relative = url[len(STATIC_PREFIX):].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        raise ValueError(f"refused to fetch {url!r}")
    path = finders.find(relative)
    if not path:
        raise ValueError(f"no static file {relative!r}")
    return Path(path).read_bytes(), mimetypes.guess_type(path)[0] or "application/octet-stream"


def static_only_fetcher():
    """WeasyPrint's URL fetcher: serves our own static files, never anything from the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            data, content_type = static_file(url)
            return URLFetcherResponse(url, body=data, headers={"Content-Type": content_type}, status=200)

    return StaticOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)


def to_pdf(report, *, progress=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/report_print.html", {"report": report, "sections": formatted(report, printed=True)})
    if progress:
        progress(60)
    # Tagged, PDF/UA-1: the title is the page's <title>, the language its <html lang>.
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=static_only_fetcher()).write_pdf(pdf_variant="pdf/ua-1")


# --- Word ----------------------------------------------------------------------------------------

def to_docx(report, *, progress=None) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = report.title
    document.styles["Normal"].font.name = "Liberation Sans"
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle)
    document.add_paragraph(_("Compiled from Vänort on %(date)s.") % {"date": formats.date_format(report.generated_on)})
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in report.facts:
        cells = facts.add_row().cells
        cells[0].text = str(label)
        cells[1].text = cell_text(value, INT, report.currency)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    landscape = False
    for section in report.sections:
        document.add_heading(str(section.title), level=1)
        for table in printed_tables(section):
            if table.wide != landscape:  # the cross tables get landscape pages, as in the PDF
                landscape = table.wide
                _new_page_section(document, landscape=landscape)
            document.add_heading(str(table.title), level=2)
            if table.summary:
                document.add_paragraph(str(table.summary))
            if not table.rows:
                document.add_paragraph(_("No rows."))
                continue
            grid = document.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.LEFT
            for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
                cell.text = ""
                run = cell.paragraphs[0].add_run(str(column.label))
                run.bold = True
            _mark_header(grid.rows[0])
            for values in [*table.rows, *([table.footer] if table.footer else [])]:
                cells = grid.add_row().cells
                for cell, value, column in zip(cells, values, table.columns, strict=True):
                    cell.text = cell_text(value, column.kind, report.currency)
                    if column.kind != "text":
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if table.footer:
                for cell in grid.rows[-1].cells:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
            if table.note:
                document.add_paragraph(str(table.note), style="Caption")
    if landscape:
        _new_page_section(document, landscape=False)
    if progress:
        progress(80)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _new_page_section(document, *, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    previous = document.sections[-1]
    width, height = sorted((previous.page_width, previous.page_height), reverse=landscape)
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height


def _mark_header(row) -> None:
    """Repeat the header row on each page, and mark it as a header for assistive technology."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


# --- Excel ---------------------------------------------------------------------------------------

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set) -> str:
    base = _SHEET_BAD.sub(" ", str(title))[:31].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def to_xlsx(report, *, progress=None) -> bytes:
    """One sheet per table of the report, then the underlying rows; money as numbers (2 decimals)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    used: set = set()
    bold = Font(bold=True)

    def write(title, columns, rows, footer=None):
        sheet = workbook.create_sheet(_sheet_title(title, used))
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=str(column.label))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for values in rows:
            sheet.append([_xlsx_cell(sheet, v, c) for v, c in zip(values, columns, strict=True)])
        if footer:
            sheet.append([_xlsx_cell(sheet, v, c, bold=bold) for v, c in zip(footer, columns, strict=True)])

    for table in report.tables:
        rows = [[money_decimal(v) if c.kind in (MONEY, AMOUNT) else v for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
        footer = [money_decimal(v) if c.kind in (MONEY, AMOUNT) else v for v, c in zip(table.footer, table.columns, strict=True)] if table.footer else None
        write(table.title, table.columns, rows, footer)
    if progress:
        progress(40)
    for i, make in enumerate(report.sheets):
        sheet = make()
        write(sheet.title, sheet.columns, sheet.rows)
        if progress:
            progress(40 + 50 * (i + 1) // len(report.sheets))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value, column, bold=None):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, str) or value is None or isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=formula_safe(value))
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if column.kind in (MONEY, AMOUNT):
            cell.number_format = "#,##0.00"
        elif column.kind == PERCENT:
            cell.number_format = "0.0"
        elif isinstance(value, Decimal):
            cell.number_format = "0.00"
    if bold is not None:
        cell.font = bold
    return cell


def render_file(report, fmt: str, *, progress=None) -> bytes:
    return {"pdf": to_pdf, "docx": to_docx, "xlsx": to_xlsx}[fmt](report, progress=progress)


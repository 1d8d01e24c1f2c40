"""The four outputs of a report: the web page's context, PDF (WeasyPrint), Word and Excel.

All four draw the same :class:`vanort.reports.tables.Report`.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from docx.shared import Mm

from vanort.core.spreadsheets import formula_safe
from vanort.core.uploads import cut_words, shorten
from vanort.plans.templatetags.plans_tags import money
from vanort.reports import measure, word_template
from vanort.reports.charts import bar_chart, bar_chart_html
from vanort.reports.tables import AMOUNT, INT, MONEY, PERCENT, TEXT, money_decimal

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

#: the document language of a report's Word file, per interface language
DOCX_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}
#: A4 and its margins, in millimetres
A4, DOCX_MARGIN = (210, 297), 20
DOCX_FONT, DOCX_SIZE = measure.FAMILY, 10
#: a table cell's left and right padding together (Word's default 0.19 cm each side), in millimetres
DOCX_CELL_PADDING = 4
DOCX_TABLE_STYLE = "Light List Accent 1"


def docx_language() -> str:
    return DOCX_LANGUAGES.get((translation.get_language() or "sv").split("-")[0], "sv-SE")


def to_docx(report, *, progress=None) -> bytes:
    """The Word document officers edit: A4, the report's language, the municipality in the header,
    the case number and page numbers in the footer, Heading styles, a table of contents."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from vanort.reports.services import word_template_data

    template = word_template_data(report.municipality_id)
    document = word_template.document_from(template) if template else Document()
    on_template = template is not None
    table_style = word_template.table_style(document, DOCX_TABLE_STYLE) if on_template else DOCX_TABLE_STYLE
    language = docx_language()
    _docx_defaults(document, language, fonts=not on_template)
    properties = document.core_properties
    properties.title, properties.subject = str(report.title), str(report.subtitle)
    properties.author = properties.last_modified_by = report.municipality or "Vänort"
    properties.language, properties.comments, properties.keywords = language, "", ""
    properties.created = properties.modified = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    page = document.sections[0]
    if not on_template:  # a template brings its own page set-up
        page.page_width, page.page_height = Mm(A4[0]), Mm(A4[1])
        page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Mm(DOCX_MARGIN)
    _docx_header_footer(page, report, on_template=on_template)

    document.add_heading(str(report.title), level=0)
    document.add_paragraph(str(report.subtitle))
    document.add_paragraph(_("Compiled from Vänort on %(date)s.") % {"date": formats.date_format(report.generated_on)})
    if report.summary:
        document.add_paragraph(str(report.summary))
    _docx_contents(document, report)
    if report.facts:
        facts = document.add_table(rows=0, cols=2)
        facts.style = table_style
        for label, value in report.facts:
            cells = facts.add_row().cells
            cells[0].text = str(label)
            cells[1].text = cell_text(value, INT, report.currency)
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _docx_widths(facts, [[str(label), cell_text(value, INT, report.currency)] for label, value in report.facts],
                     ["text", INT], text_width(page), fill=False)
        _no_header_row(facts)
    landscape = False
    for section in report.sections:
        tables = list(printed_tables(section))
        first = next((table for table in tables if table.rows), None)
        if first is not None and first.wide != landscape:  # the section starts on the page its first table needs
            landscape = first.wide
            _new_page_section(document, report, landscape=landscape, on_template=on_template)
        document.add_heading(str(section.title), level=1)
        for text in [section.intro, *section.paragraphs]:
            if text:
                document.add_paragraph(str(text))
        for table in tables:
            if table.wide != landscape and table.rows:  # the cross tables get landscape pages, as in the PDF (not for "No rows")
                landscape = table.wide
                _new_page_section(document, report, landscape=landscape, on_template=on_template)
            document.add_heading(str(table.title), level=2)
            if table.summary:
                document.add_paragraph(str(table.summary))
            if not table.rows:
                document.add_paragraph(_("No rows."))
                continue
            texts = [[cell_text(v, c.kind, report.currency) for v, c in zip(values, table.columns, strict=True)]
                     for values in [*table.rows, *([table.footer] if table.footer else [])]]
            grid = document.add_table(rows=1 + len(texts), cols=len(table.columns))
            grid.style = table_style
            grid.alignment = WD_TABLE_ALIGNMENT.LEFT
            for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
                cell.paragraphs[0].add_run(str(column.label)).bold = True
                if column.kind != "text":
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _mark_header(grid.rows[0])
            for row, values in zip(grid.rows[1:], texts, strict=True):
                for cell, text, column in zip(row.cells, values, table.columns, strict=True):
                    cell.text = text
                    if column.kind != "text":
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if table.footer:
                for cell in grid.rows[-1].cells:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
            _docx_widths(grid, [[str(c.label) for c in table.columns], *texts], [c.kind for c in table.columns],
                         text_width(document.sections[-1]))
            if table.note:
                document.add_paragraph(str(table.note), style="Caption")
    if landscape:
        _new_page_section(document, report, landscape=False, on_template=on_template)
    if progress:
        progress(80)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def starter_template() -> bytes:
    """The built-in layout as a Word file for an administrator to make the municipality's template
    from: its styles, A4, and a header and footer with the fields a report fills in."""
    from types import SimpleNamespace

    from docx import Document

    document = Document()
    _docx_defaults(document, docx_language())
    page = document.sections[0]
    page.page_width, page.page_height = Mm(A4[0]), Mm(A4[1])
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Mm(DOCX_MARGIN)
    _docx_header_footer(page, SimpleNamespace(municipality="{municipality}", case_number="{case_number}"))
    document.add_heading(_("Title of the report"), level=0)
    document.add_paragraph(_("This text is not used: a report keeps this file's styles, page set-up, header and footer. "
                             "In the header and footer, {municipality}, {title}, {case_number} and {date} are replaced by the report's."))
    document.add_heading(_("Heading 1"), level=1)
    document.add_heading(_("Heading 2"), level=2)
    grid = document.add_table(rows=2, cols=2)
    grid.style = DOCX_TABLE_STYLE
    for cell, text in zip([*grid.rows[0].cells, *grid.rows[1].cells], [_("Column"), _("Amount"), _("Row"), "1 000"], strict=True):
        cell.text = text
    document.add_paragraph(_("A table's note (the Caption style)."), style="Caption")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_width(page) -> float:
    """The width between a page section's margins, in millimetres."""
    return (page.page_width - page.left_margin - page.right_margin) / 36000


def docx_column_widths(rows, kinds, available: float, *, fill: bool = True) -> list[float]:
    """Column widths (mm) for a Word table: every column at least as wide as its header's widest
    word and its widest figure (figures never wrap), the rest of the width shared among the text
    columns by how much text they hold. ``rows[0]`` is the header."""
    em = DOCX_SIZE * 25.4 / 72  # one em at the document's font size, in mm
    least, wish = [], []
    for i, kind in enumerate(kinds):
        header = measure.longest_word_em(rows[0][i], bold=True)
        cells = [r[i] for r in rows[1:]]
        if kind == "text":
            needed = max([header, *(measure.longest_word_em(c) for c in cells)])
            wanted = max([needed, *(measure.text_em(c) for c in cells)])
        else:
            needed = wanted = max([header, *(measure.text_em(c, bold=True) for c in cells)])
        least.append(needed * em + DOCX_CELL_PADDING)
        wish.append(wanted * em + DOCX_CELL_PADDING)
    spare = available - sum(least)
    extra = [w - m for w, m in zip(wish, least, strict=True)]
    if spare <= 0 or not sum(extra):
        return least
    scale = min(1.0, spare / sum(extra))
    widths = [m + e * scale for m, e in zip(least, extra, strict=True)]
    if fill and scale == 1.0 and kinds[0] == "text":  # all fits: the first column takes what is left (a full-width table)
        widths[0] += available - sum(widths)
    return widths


def _docx_widths(grid, rows, kinds, available: float, *, fill: bool = True) -> None:
    """Fixed column widths (``docx_column_widths``) on the grid and every cell, as Word reads them."""
    grid.autofit = False
    for column, width in zip(grid.columns, docx_column_widths(rows, kinds, available, fill=fill), strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


#: the elements of Word's settings part (CT_Settings) that follow ``updateFields``
UPDATE_FIELDS_BEFORE = frozenset((
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
).split())


def _docx_defaults(document, language: str, *, fonts: bool = True) -> None:
    """One typeface in every style (no theme fonts; not on a municipality's template, whose fonts
    are its own), the document language, and fields (the table of contents, page numbers) updated
    when the document is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles.element
    if fonts:
        for typeface in styles.iter(qn("w:rFonts")):
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                typeface.attrib.pop(qn(theme), None)
            for script in ("w:ascii", "w:hAnsi", "w:cs"):
                typeface.set(qn(script), DOCX_FONT)
        document.styles["Normal"].font.size = Pt(DOCX_SIZE)
    _docx_default_language(styles)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # Word refuses a settings part out of its schema's order: updateFields comes before these
    later = next((child for child in settings if child.tag.split("}")[-1] in UPDATE_FIELDS_BEFORE), None)
    if later is None:
        settings.append(update)
    else:
        later.addprevious(update)
    for theme_lang in settings.iter(qn("w:themeFontLang")):
        theme_lang.set(qn("w:val"), language)


def _docx_default_language(styles) -> None:
    """A ``w:lang`` in the document defaults, which a template made elsewhere may lack."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    if properties.find(qn("w:lang")) is None:
        properties.append(OxmlElement("w:lang"))


def _docx_field(paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) in ``paragraph``, showing ``shown`` until it is updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _docx_header_footer(page, report, *, on_template: bool = False) -> None:
    """The municipality in the header; the case number and "Page 1 of 9" in the footer. On a
    municipality's template its own header and footer stay, their fields (``{municipality}`` …)
    filled in; only an empty one gets the built-in text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if on_template:
        word_template.fill_placeholders(page, {
            "municipality": str(report.municipality), "title": str(report.title), "case_number": report.case_number or "",
            "date": formats.date_format(report.generated_on),
        })
    if not (on_template and word_template.has_text(page.header)):
        page.header.paragraphs[0].text = str(report.municipality)
    if on_template and word_template.has_text(page.footer):
        return
    footer = page.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.clear_all()
    footer.style.paragraph_format.tab_stops.clear_all()  # the Footer style's centre tab would take the first tab
    if report.case_number:
        footer.add_run(f"{_('Case number')} {report.case_number}\t")
    else:
        footer.add_run("\t")
    from docx.enum.text import WD_TAB_ALIGNMENT

    footer.paragraph_format.tab_stops.add_tab_stop(Mm(text_width(page)), WD_TAB_ALIGNMENT.RIGHT)  # the right margin
    # "Page 2 of 9": the words in the report's language, the numbers Word's PAGE and NUMPAGES fields
    words = re.split(r"(%\((?:number|total)\)s)", _("Page %(number)s of %(total)s"))
    for word in words:
        if word == "%(number)s":
            _docx_field(footer, "PAGE", "1")
        elif word == "%(total)s":
            _docx_field(footer, "NUMPAGES", "1")
        elif word:
            footer.add_run(word)
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _docx_contents(document, report) -> None:
    """A table-of-contents field (headings 1–2), showing the section titles until Word or
    LibreOffice updates it with page numbers."""
    document.add_paragraph(_("Contents"), style="TOC Heading")
    paragraph = document.add_paragraph()
    _docx_field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', "\n".join(str(s.title) for s in report.sections))


def _new_page_section(document, report, *, landscape: bool, on_template: bool = False) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    previous = document.sections[-1]
    width, height = sorted((previous.page_width, previous.page_height), reverse=landscape)
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    if on_template:  # the template's header and footer continue (a new section links to the one before)
        return
    # its own header and footer, so the page number stands at this page's right margin
    section.header.is_linked_to_previous = section.footer.is_linked_to_previous = False
    _docx_header_footer(section, report)


def _no_header_row(grid) -> None:
    """A table of label–figure pairs: the table style's first-row (header) look switched off."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = grid._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        properties.append(look)
    look.set(qn("w:val"), "0000")
    look.set(qn("w:firstRow"), "0")


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
#: a sheet name's length limit in Excel
SHEET_NAME_MAX = 31
#: column widths (characters) of the streamed sheets, whose rows are unknown before they are written
XLSX_WIDTHS = {TEXT: 30, INT: 9, MONEY: 15, AMOUNT: 15, PERCENT: 9}
XLSX_MAX_WIDTH = 60
XLSX_FORMATS = {MONEY: "#,##0.00", AMOUNT: "#,##0.00", PERCENT: "0.0%", INT: "0"}
XLSX_DATE, XLSX_DECIMAL = "yyyy-mm-dd", "0.0000##"


def _shortened(words: list[str], limit: int) -> list[str]:
    """The title's first and last words around an ellipsis, in ``limit`` characters: every such
    shortening, the ones keeping most words first (the end, which tells similar titles apart,
    before the start)."""
    found = []
    for h in range(1, len(words)):
        for t in range(1, len(words) - h + 1):
            if h + t >= len(words):
                continue
            text = f"{' '.join(words[:h])} … {' '.join(words[len(words) - t:])}"
            if len(text) <= limit:
                found.append((-(h + t), -t, text))
    return [text for *_, text in sorted(found)]


def _sheet_title(title: str, used: set) -> str:
    """A unique sheet name within Excel's 31 characters, never cut inside a word: a longer title
    keeps its first and last words around an ellipsis ("Kostnader per … och kostnadstyp")."""
    base = " ".join(_SHEET_BAD.sub(" ", str(title)).split()) or "Sheet"
    if len(base) <= SHEET_NAME_MAX:
        candidates = [base]
    else:
        words = base.split()
        candidates = _shortened(words, SHEET_NAME_MAX) or [cut_words(base, SHEET_NAME_MAX)]
    name = next((c for c in candidates if c.lower() not in used), None)
    n = 2
    while name is None or name.lower() in used:
        suffix = f" ({n})"
        name, n = cut_words(candidates[0], SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
    used.add(name.lower())
    return name


def _xlsx_widths(columns, rows) -> list[int]:
    """Column widths in characters: the longest header word or cell, within bounds."""
    widths = []
    for i, column in enumerate(columns):
        longest = max([0, *(len(word) for word in str(column.label).split()), *(len(cell_text(r[i], column.kind, "")) for r in rows)])
        widths.append(min(XLSX_MAX_WIDTH, max(8, longest + 2)))
    return widths


def to_xlsx(report, *, progress=None) -> bytes:
    """A working appendix: a cover sheet (title, municipality, case number, summary, the office's
    text), one sheet per table of the report, then the underlying rows, one row per record. Each
    sheet has its header row frozen and an auto-filter; figures are numbers with a number format
    (amounts with two decimals, shares as percentages, years and counts as whole numbers)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    workbook.properties.title, workbook.properties.subject = str(report.title), str(report.subtitle)
    workbook.properties.creator = workbook.properties.lastModifiedBy = report.municipality or "Vänort"
    workbook.properties.language = docx_language()
    used: set = set()
    bold = Font(bold=True)
    year_label = _("Year")

    cover = workbook.create_sheet(_sheet_title(_("Report"), used))
    cover.column_dimensions["A"].width, cover.column_dimensions["B"].width = 22, 100
    wrap = Alignment(wrap_text=True, vertical="top")
    about = [(_("Title"), report.title), (_("Municipality"), report.municipality), (_("Case number"), report.case_number),
             ("", report.subtitle), (_("Summary"), report.summary)]
    about += [(section.title, text) for section in report.sections for text in [section.intro, *section.paragraphs] if text]
    for label, text in about:
        if text:
            head, body = WriteOnlyCell(cover, value=formula_safe(str(label))), WriteOnlyCell(cover, value=formula_safe(str(text)))
            head.font, body.alignment = bold, wrap
            cover.append([head, body])

    def write(title, columns, rows, footer=None, widths=None):
        sheet = workbook.create_sheet(_sheet_title(title, used))
        for i, width in enumerate(widths or [max(XLSX_WIDTHS.get(c.kind, 12), *(len(w) + 2 for w in str(c.label).split()))
                                             for c in columns], 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=str(column.label))
            cell.font, cell.alignment = bold, Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        sheet.append(header)
        years = [str(c.label) == str(year_label) for c in columns]
        count = 1
        for values in rows:
            sheet.append([_xlsx_cell(sheet, v, c, year=y) for v, c, y in zip(values, columns, years, strict=True)])
            count += 1
        # the filter covers the records; a total row below them stays out of it
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count}"
        if footer:
            sheet.append([_xlsx_cell(sheet, v, c, bold=bold) for v, c in zip(footer, columns, strict=True)])

    for table in report.tables:
        rows = [[money_decimal(v) if c.kind in (MONEY, AMOUNT) else v for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
        footer = [money_decimal(v) if c.kind in (MONEY, AMOUNT) else v for v, c in zip(table.footer, table.columns, strict=True)] if table.footer else None
        write(table.title, table.columns, rows, footer, widths=_xlsx_widths(table.columns, [*table.rows, *([table.footer] if table.footer else [])]))
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


def _xlsx_cell(sheet, value, column, bold=None, year=False):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if year and isinstance(value, str) and value.isdigit():  # a year printed as text in a table of the report
        value = int(value)
    if isinstance(value, str) or value is None or isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=formula_safe(value))
    else:
        if column.kind == PERCENT:
            value = float(value) / 100
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime.date):
            cell.number_format = XLSX_DATE
        elif column.kind in XLSX_FORMATS:
            cell.number_format = XLSX_FORMATS[column.kind]
        elif isinstance(value, int):
            cell.number_format = "0"
        elif isinstance(value, Decimal):
            cell.number_format = XLSX_DECIMAL
    if bold is not None:
        cell.font = bold
    return cell


def render_file(report, fmt: str, *, progress=None) -> bytes:
    return {"pdf": to_pdf, "docx": to_docx, "xlsx": to_xlsx}[fmt](report, progress=progress)


"""A report is a list of sections, each a list of tables; every output format renders these.

A :class:`Table` holds typed cells (text, whole numbers, money in minor units, percentages), its
one-sentence text summary and, optionally, which column a bar chart draws. The web page, the PDF,
the Word document and the Excel appendix are all drawn from the same tables, so they cannot
disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

TEXT, INT, MONEY, PERCENT = "text", "int", "money", "percent"
#: money in minor units shown without the currency (a cross table names its currency in the title)
AMOUNT = "amount"


@dataclass
class Column:
    label: str
    kind: str = TEXT


@dataclass
class Table:
    id: str
    title: str
    columns: list[Column]
    rows: list[list]
    summary: str = ""
    footer: list | None = None
    #: index of the column the bar chart draws (the first column labels the bars); None: no chart
    chart: int | None = None
    note: str = ""
    #: in the PDF and Word document these tables stand in for this one — the same figures as cross
    #: tables (paying organisation × cost type or year), shorter to print and to read; the web page
    #: and the Excel appendix keep the long rows
    print_as: list[Table] = field(default_factory=list)
    #: printed on a landscape page (wide cross tables)
    wide: bool = False

    @property
    def chart_rows(self):
        if self.chart is None:
            return []
        return [(row[0], row[self.chart] or 0) for row in self.rows]


@dataclass
class Section:
    id: str
    title: str
    tables: list[Table] = field(default_factory=list)
    intro: str = ""
    #: prose blocks after the intro, before the tables (e.g. the office's assessment)
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    """Underlying rows for the Excel appendix (not shown on the page)."""

    title: str
    columns: list[Column]
    rows: object  # an iterable of lists; may be a generator over a queryset


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    currency: str
    sections: list[Section]
    generated_on: object
    params: dict
    sheets: list = field(default_factory=list)  # callables returning Sheet, evaluated only for Excel
    facts: list = field(default_factory=list)  # (label, value) key figures at the top
    #: a short summary paragraph at the top, generated from the figures; an officer may edit it
    summary: str = ""
    #: the case number (Dnr) the report belongs to, if any; printed in the footer
    case_number: str = ""
    #: the municipality's name, printed in the header
    municipality: str = ""
    #: the municipality's id: its own Word template, if it has one
    municipality_id: int | None = None

    @property
    def tables(self):
        for section in self.sections:
            yield from section.tables


def money_decimal(minor) -> Decimal | None:
    """Minor units → a Decimal amount with two decimals (exact)."""
    if minor is None:
        return None
    return (Decimal(int(minor)) / 100).quantize(Decimal("0.01"))


def share(part, whole) -> Decimal | None:
    """Part of whole as a percentage with one decimal, or None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))

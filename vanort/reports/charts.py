"""Server-rendered, accessible bar charts: inline SVG, no JavaScript.

Each chart is decorative next to its table (which holds the same numbers) and its text summary;
the SVG carries ``role="img"`` and a title naming the table, so a screen reader is pointed there.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 18, 6, 190, 560


def _number(value) -> float:
    if value is None:
        return 0.0
    return float(value) if not isinstance(value, Decimal) else float(value)


def _short(text: str, limit: int = 30) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _data(table):
    data = [(label, _number(value)) for label, value in table.chart_rows][:30]
    return data if any(v for _l, v in data) else []


def _shown(value, money: bool) -> str:
    """The bar's figure as the page's language writes numbers: "35 000" / "35,000", "7,5" / "7.5"."""
    value = round(value / 100) if money else value
    return formats.number_format(value, decimal_pos=1 if value % 1 else 0, use_l10n=True, force_grouping=True)


#: the printed chart's bar area, in millimetres
PRINT_SPAN_MM = 85


def bar_chart_html(table, *, money: bool = False) -> str:
    """The same chart as :func:`bar_chart` as plain HTML boxes, for the PDF: WeasyPrint lays out SVG
    text one letter at a time, which made the charts a third of the PDF's time."""
    data = _data(table)
    if not data:
        return ""
    peak = max(v for _l, v in data) or 1.0
    label = escape(_("Chart: %(title)s (the numbers are in the table)") % {"title": table.title})
    parts = [f'<div class="chart" role="img" aria-label="{label}">']
    for text, value in data:
        length = max(0.3, PRINT_SPAN_MM * value / peak) if value else 0
        parts.append(
            f'<div class="bar"><span class="bar-label">{escape(_short(text))}</span>'
            f'<span class="bar-fill" style="width:{length:.1f}mm"></span> {escape(_shown(value, money))}</div>'
        )
    parts.append("</div>")
    return mark_safe("".join(parts))


def bar_chart(table, *, money: bool = False) -> str:
    """A horizontal bar chart of the table's chart column, labelled by its first column."""
    data = _data(table)
    if not data:
        return ""
    peak = max(v for _l, v in data) or 1.0
    height = len(data) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 70
    title = escape(_("Chart: %(title)s (the numbers are in the table)") % {"title": table.title})
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="chart-{escape(table.id)}-title"><title id="chart-{escape(table.id)}-title">{title}</title>'
    ]
    for i, (label, value) in enumerate(data):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(1.0, span * value / peak) if value else 0
        shown = _shown(value, money).replace("\u00a0", " ")
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 5}" text-anchor="end" font-size="12" fill="#1e2b3c">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="#1e6fa8"></rect>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR_HEIGHT - 5}" font-size="12" fill="#1e2b3c">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))

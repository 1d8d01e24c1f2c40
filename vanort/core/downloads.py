"""A list page as a file: "Ladda ner (CSV / Excel)" of exactly the rows its filters show.

Every list built on :class:`vanort.core.resources.Resource` answers ``?download=csv`` or
``?download=xlsx`` with the same queryset the page shows (the gate, the filters, the sort), all
pages of it, in the list's own columns: headers in the user's language, values as a person reads
them (choice labels, yes/no, names), dates ISO 8601 in CSV and real dates in Excel. Cells pass
:func:`vanort.core.spreadsheets.formula_safe`.

Its ``Content-Disposition`` comes from :func:`vanort.core.uploads.named`, as every download's does.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vanort.core.permissions import VIEW, hidden_fields, restrict
from vanort.core.spreadsheets import formula_safe
from vanort.core.uploads import named

FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


def dated_filename(title, extension: str) -> str:
    """``aktiviteter-2026-12-07.csv``: the title in the user's language, today's date."""
    stem = slugify(str(title), allow_unicode=True) or "vanort"
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def readable(value):
    """A cell as a person reads it; dates and numbers stay typed (CSV writes dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (models.Manager, models.QuerySet)):
        return ", ".join(str(item) for item in value.all())
    if isinstance(value, (int, float, decimal.Decimal, datetime.date)):
        return value
    return formula_safe(str(value))


def _csv_cell(value) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def requested_format(request) -> str | None:
    """``csv`` or ``xlsx`` when the page was asked for as a file (``?download=…``), else ``None``."""
    fmt = request.GET.get("download")
    return fmt if fmt in FORMATS else None


def page_query(request) -> str:
    """The page's own query string without ``download`` and ``page``: what its download links carry."""
    query = request.GET.copy()
    for key in ("download", "page"):
        query.pop(key, None)
    return query.urlencode()


def table_response(*, fmt: str, title, headers, rows) -> HttpResponse:
    """A CSV (UTF-8 with BOM, ``;`` as Excel on a Swedish computer expects) or XLSX file."""
    headers = [str(header) for header in headers]
    if fmt == "xlsx":
        content, content_type = _xlsx(headers, rows), XLSX_TYPE
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
        content, content_type = ("\ufeff" + buffer.getvalue()).encode("utf-8"), CSV_TYPE
    return named(HttpResponse(content, content_type=content_type), dated_filename(title, fmt))


def _xlsx(headers, rows) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("List"))
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=formula_safe(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    sheet.freeze_panes = "A2"
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                value = timezone.make_naive(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def resource_download(resource, queryset, fmt: str, user) -> HttpResponse:
    """The list of ``resource`` — ``queryset`` as its page has filtered and sorted it — as a file.

    A related record the user may not see (a public activity's internal plan) is left empty, as
    the activity list shows "–": one query per related model, whatever the number of rows; so is
    a field the gate does not let the user read (:func:`vanort.core.permissions.hidden_fields`).
    """
    from vanort.core.templatetags.vanort import resolve

    columns = resource.columns
    restricted = bool(getattr(resource.model, "scope", None) and resource.model.scope.fields)
    values = []
    for row in queryset.iterator(chunk_size=CHUNK):
        hidden = hidden_fields(user, row) if restricted else ()  # a field the user may not read: empty
        values.append([None if column.attr.split(".")[0] in hidden else resolve(row, column.attr) for column in columns])
    visible = _visible_related(values, user)
    return table_response(
        fmt=fmt,
        title=resource.model._meta.verbose_name_plural,
        headers=[column.label for column in columns],
        rows=([readable(_through_the_gate(value, visible)) for value in row] for row in values),
    )


def _scoped(value) -> bool:
    scope = getattr(type(value), "scope", None)
    return isinstance(value, models.Model) and scope is not None and scope.tenant is not None


def _visible_related(values, user) -> dict[type, set]:
    wanted: dict[type, set] = {}
    for row in values:
        for index, value in enumerate(row):
            if isinstance(value, models.Manager):
                row[index] = value = list(value.all())
            for item in value if isinstance(value, list) else [value]:
                if _scoped(item):
                    wanted.setdefault(type(item), set()).add(item.pk)
    return {
        model: set(restrict(model._default_manager.filter(pk__in=pks), user, VIEW).values_list("pk", flat=True))
        for model, pks in wanted.items()
    }


def _through_the_gate(value, visible):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value if not _scoped(item) or item.pk in visible[type(item)])
    if _scoped(value) and value.pk not in visible[type(value)]:
        return None
    return value

"""Export activities — already filtered and passed through the permission gate — to CSV or XLSX.

The columns are the import's (:data:`vanort.plans.services.imports.COLUMNS`), so an export can be
edited and imported again. Costs: **one row per cost line**, the activity's and participation's
columns repeated on each; an activity without cost lines takes one row with the cost columns
empty. Choices are written as codes (``planned``, ``travel``), which the import reads in any
language; ``key`` is the import key, or ``vanort:<id>`` for activities made in Vänort.

Milestones: a second sheet ``milestones`` in XLSX, a second file in CSV (``part="milestones"``),
keyed by activity (:mod:`vanort.plans.services.import_milestones`).

CSV: UTF-8 with a byte-order mark, ``;`` between fields and a decimal comma in amounts — what
Excel expects on a Swedish computer — streamed in chunks. XLSX: openpyxl's write-only mode,
amounts as numbers, dates as dates.

Queries: one for the activities per chunk of :data:`CHUNK` and one per prefetched relation per
chunk — constant in the number of rows within a chunk. Cost lines pass through the gate too
(a partner sees only the lines its organisation pays).
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch

from vanort.core.permissions import VIEW, restrict
from vanort.core.spreadsheets import formula_safe
from vanort.plans.models import ActionPlan, CostLine, Participation
from vanort.plans.services.import_milestones import (
    MILESTONE_COLUMNS,
    MILESTONE_SHEET,
    milestone_rows,
    template_milestone_rows,
)
from vanort.plans.services.imports import COLUMNS, SEPARATOR
from vanort.registry.models import PriorityArea
from vanort.tenancy.models import Organisation

CHUNK = 2000
#: The two tables of an export or template (XLSX: two sheets; CSV: two files).
ACTIVITIES, MILESTONES = "activities", "milestones"


def export_queryset(activities, user):
    """The activities with everything the rows need, in a fixed number of queries per chunk.

    Related records pass through the gate: a plan or organisation the user may not see is left
    empty (``plan_visible`` / ``responsible_visible``), and so are such organisations and areas in
    the lists — a partner's export never names an internal plan, unit or an inactive area.
    """
    costs = restrict(CostLine.objects.all(), user, VIEW).select_related("paying_organisation").order_by("pk")
    return (
        activities.select_related("plan", "responsible_organisation", "participation")
        .annotate(
            plan_visible=Exists(restrict(ActionPlan.objects.filter(pk=OuterRef("plan_id")), user, VIEW)),
            responsible_visible=Exists(restrict(Organisation.objects.filter(pk=OuterRef("responsible_organisation_id")), user, VIEW)),
        )
        .prefetch_related(
            Prefetch("priority_areas", queryset=restrict(PriorityArea.objects.all(), user, VIEW)),
            Prefetch("participating_organisations", queryset=restrict(Organisation.objects.all(), user, VIEW)),
            Prefetch("costs", queryset=costs),
        )
        .order_by("planned_start", "pk")
    )


def _amount(minor: int | None) -> Decimal | None:
    return None if minor is None else Decimal(minor).scaleb(-2)


def rows(activities, user):
    """Yield a dict per output row (values are Python objects: dates, Decimals, ints, str)."""
    for activity in export_queryset(activities, user).iterator(chunk_size=CHUNK):
        participation = getattr(activity, "participation", None) if _has_participation(activity) else None
        base = {
            "key": activity.import_key or f"vanort:{activity.pk}",
            "title_sv": activity.title_sv or "",
            "title_en": activity.title_en or "",
            "description_sv": activity.description_sv or "",
            "description_en": activity.description_en or "",
            "kind": activity.kind,
            "plan": (activity.plan.title_sv or activity.plan.title_en or "") if activity.plan_visible else "",
            "responsible_organisation": activity.responsible_organisation.name if activity.responsible_visible else "",
            "participating_organisations": SEPARATOR.join(o.name for o in activity.participating_organisations.all()),
            "priority_areas": SEPARATOR.join(a.name_sv or a.name_en or "" for a in activity.priority_areas.all()),
            "planned_start": activity.planned_start,
            "planned_end": activity.planned_end,
            "actual_start": activity.actual_start,
            "actual_end": activity.actual_end,
            "status": activity.status,
            "progress": activity.progress,
            "place": activity.place,
            "goals": activity.goals,
            "indicators": activity.indicators,
            "outcome": activity.outcome,
            "benefit": activity.benefit,
            "equality_marker": activity.equality_marker,
            "equality_text": activity.equality_text,
            "is_public": "yes" if activity.is_public else "no",
        }
        if participation is not None:
            base.update(women=participation.women, men=participation.men, other=participation.other_gender,
                        under_18=participation.under_18, age_18_29=participation.age_18_29,
                        age_30_plus=participation.age_30_plus, total=participation.total)
        lines = list(activity.costs.all())
        if not lines:
            yield base
        for line in lines:
            yield {
                **base,
                "cost_paid_by": line.paying_organisation.name,
                "cost_type": line.cost_type,
                "cost_currency": line.currency,
                "cost_estimated": _amount(line.estimated),
                "cost_actual": _amount(line.actual),
                "cost_rate_date": line.rate_date,
                "cost_note": line.note,
            }


def _has_participation(activity) -> bool:
    try:
        activity.participation  # noqa: B018 — select_related filled it, or it is missing
    except Participation.DoesNotExist:
        return False
    return True


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return formula_safe(str(value))


class _Echo:
    def write(self, value):
        return value


def csv_chunks(activities, user, *, part=ACTIVITIES):
    """Yield the CSV file in pieces: BOM, header, then one line per row. ``part`` ``"milestones"``:
    the activities' milestones instead, the second file of a CSV import."""
    columns, source = (MILESTONE_COLUMNS, milestone_rows) if part == MILESTONES else (COLUMNS, rows)
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(columns)
    buffer = []
    for row in source(activities, user):
        buffer.append(writer.writerow([_csv_cell(row.get(column)) for column in columns]))
        if len(buffer) >= 200:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def xlsx_file(activities, user):
    """A temporary file holding the workbook, positioned at its start."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    date_columns = {"planned_start", "planned_end", "actual_start", "actual_end", "cost_rate_date", "due_on", "done_on"}
    for title, columns, source in (("activities", COLUMNS, rows), (MILESTONE_SHEET, MILESTONE_COLUMNS, milestone_rows)):
        sheet = workbook.create_sheet(title)
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        sheet.freeze_panes = "B2"
        for row in source(activities, user):
            cells = []
            for column in columns:
                value = formula_safe(row.get(column))
                if column in date_columns and value is not None:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(output)
    output.seek(0)
    return output


def template_csv(*, part=ACTIVITIES) -> bytes:
    """The import template as CSV: the activities' file, or (``part`` ``"milestones"``) the milestones' file."""
    import io

    from vanort.plans.services.imports import template_rows

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(template_milestone_rows() if part == MILESTONES else template_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    import io

    import openpyxl

    from vanort.plans.services.imports import template_rows

    workbook = openpyxl.Workbook(write_only=True)
    for title, table in (("activities", template_rows()), (MILESTONE_SHEET, template_milestone_rows())):
        sheet = workbook.create_sheet(title)
        for row in table:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

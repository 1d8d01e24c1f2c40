"""Open data: the public partnerships, activities and timeline events of a municipality as CSV and JSON.

Each dataset declares its columns once — name, meaning and how to read the value — and the
documentation page, the CSV header and the JSON keys all come from that declaration.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from vanort.core.spreadsheets import formula_safe
from vanort.core.uploads import named
from vanort.plans.models import Activity
from vanort.publishing import caching, selectors
from vanort.publishing.sanitize import plain_text
from vanort.registry.models import PriorityArea


@dataclass(frozen=True)
class Col:
    name: str
    meaning: str
    get: Callable


def _date(value):
    return value.isoformat() if value else None


def _areas(obj):
    return "; ".join(area.name_sv or area.name_en or "" for area in obj.priority_areas.all())


def _areas_en(obj):
    return "; ".join(area.name_en or area.name_sv or "" for area in obj.priority_areas.all())


def _coordinate(value):
    return float(value) if value is not None else None


PARTNERSHIP_COLUMNS = (
    Col("id", _("Vänort's number for the partnership; activities and events refer to it."), lambda p: p.pk),
    Col("municipality", _("The home municipality."), lambda p: p.municipality.name),
    Col("partner_city", _("The partner city's name."), lambda p: p.partner_city.name),
    Col("country", _("The partner city's country as an ISO 3166-1 alpha-2 code, e.g. US."), lambda p: p.partner_city.country),
    Col("latitude", _("The partner city's latitude in decimal degrees (WGS 84); empty if unknown."), lambda p: _coordinate(p.partner_city.latitude)),
    Col("longitude", _("The partner city's longitude in decimal degrees (WGS 84); empty if unknown."), lambda p: _coordinate(p.partner_city.longitude)),
    Col("geonames_id", _("The partner city's GeoNames id, where known."), lambda p: p.partner_city.geonames_id),
    Col("category", _("friendship (vänort), cooperation (samverkansort) or sister (systerort)."), lambda p: p.category),
    Col("status", _("proposed, active, dormant or ended."), lambda p: p.status),
    Col("start_year", _("The year the partnership began."), lambda p: p.start_year),
    Col("ended_on", _("The date it ended (YYYY-MM-DD), if it has."), lambda p: _date(p.ended_on)),
    Col("summary_sv", _("Summary in Swedish."), lambda p: p.summary_sv or ""),
    Col("summary_en", _("Summary in English."), lambda p: p.summary_en or ""),
    Col("priority_areas_sv", _("Priority areas in Swedish, separated by “; ”."), _areas),
    Col("priority_areas_en", _("Priority areas in English, separated by “; ”."), _areas_en),
    Col("url", _("The partnership's public page."), lambda p: p.url),
)

# Activity rows are plain dicts read with values() (a municipality may publish thousands).
ACTIVITY_COLUMNS = (
    Col("id", _("Vänort's number for the activity."), lambda a: a["pk"]),
    Col("municipality", _("The home municipality."), lambda a: a["municipality"]),
    Col("partnership_id", _("The partnership (see the partnerships dataset), if the activity belongs to one."),
        lambda a: a["partnership_id"] or a["plan__partnership_id"]),
    Col("network", _("The network, if the activity belongs to one."), lambda a: a["network_name"] or ""),
    Col("title_sv", _("Title in Swedish."), lambda a: plain_text(a["title_sv"])),
    Col("title_en", _("Title in English (empty if not translated)."), lambda a: plain_text(a["title_en"])),
    Col("kind", _("visit_out, visit_in, delegation, student_exchange, youth_exchange, staff_exchange, project, conference, culture or other."),
        lambda a: a["kind"]),
    Col("status", _("proposed, planned, ongoing, done or cancelled."), lambda a: a["status"]),
    Col("progress", _("Progress in per cent (0–100)."), lambda a: a["progress"]),
    Col("starts", _("First day (YYYY-MM-DD): the actual date if known, else the planned one."), lambda a: _date(a["starts"])),
    Col("ends", _("Last day (YYYY-MM-DD): the actual date if known, else the planned one."), lambda a: _date(a["ends"])),
    Col("place", _("Where it takes place."), lambda a: plain_text(a["place"])),
    Col("priority_areas_sv", _("Priority areas in Swedish, separated by “; ”."), lambda a: "; ".join(a["areas_sv"])),
    Col("priority_areas_en", _("Priority areas in English, separated by “; ”."), lambda a: "; ".join(a["areas_en"])),
    Col("url", _("The activity's public page."), lambda a: a["url"]),
)

EVENT_COLUMNS = (
    Col("id", _("Vänort's number for the timeline event."), lambda e: e.pk),
    Col("partnership_id", _("The partnership (see the partnerships dataset)."), lambda e: e.partnership_id),
    Col("partner_city", _("The partner city's name."), lambda e: e.partnership.partner_city.name),
    Col("date", _("The date (YYYY-MM-DD); see date_precision for how much of it is known."), lambda e: _date(e.date)),
    Col("date_precision", _("day, month or year: with month, the day is not known; with year, only the year is."), lambda e: e.precision),
    Col("title_sv", _("Title in Swedish."), lambda e: plain_text(e.title_sv)),
    Col("title_en", _("Title in English (empty if not translated)."), lambda e: plain_text(e.title_en)),
    Col("description_sv", _("Description in Swedish."), lambda e: e.description_sv or ""),
    Col("description_en", _("Description in English."), lambda e: e.description_en or ""),
)


def _partnerships(home):
    rows = list(selectors.partnerships(home).select_related("municipality").prefetch_related(selectors.areas_prefetch()))
    for p in rows:
        p.url = reverse("publishing:partnership", args=[home.slug, p.pk])
    return rows


def _activities(home):
    """The public activities as dicts: two queries (the activities, their public areas), no model
    instances — a municipality's export stays fast with thousands of rows."""
    rows = list(
        selectors.activities(home).order_by("starts", "pk").values(
            "pk", "partnership_id", "plan__partnership_id", "title_sv", "title_en", "kind", "status", "progress",
            "starts", "ends", "place", municipality_name=F("municipality__name"), network_name=F("network__name"),
        )
    )
    areas: dict[int, list] = {}
    links = Activity.priority_areas.through.objects.filter(
        activity__in=[row["pk"] for row in rows],
        priorityarea__in=selectors.public(PriorityArea.objects.filter(municipality=home)),
    ).order_by("priorityarea__position", "priorityarea__name_sv").values_list("activity_id", "priorityarea__name_sv", "priorityarea__name_en")
    for activity_id, name_sv, name_en in links:
        areas.setdefault(activity_id, []).append((name_sv, name_en))
    base = reverse("publishing:activity", args=[home.slug, 0]).removesuffix("0/")
    for row in rows:
        found = areas.get(row["pk"], ())
        row["municipality"] = row.pop("municipality_name")
        row["areas_sv"] = [sv or en or "" for sv, en in found]
        row["areas_en"] = [en or sv or "" for sv, en in found]
        row["url"] = f"{base}{row['pk']}/"
    return rows


def _events(home):
    return list(selectors.events(home))


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple
    rows: Callable


DATASETS = (
    Dataset("partnerships", _("Partnerships"), _("The municipality's public partnerships with partner cities."), PARTNERSHIP_COLUMNS, _partnerships),
    Dataset("activities", _("Activities"), _("Public activities of the action plans: visits, exchanges, projects, events."), ACTIVITY_COLUMNS, _activities),
    Dataset("events", _("Timeline events"), _("Public dated events in the partnerships' history."), EVENT_COLUMNS, _events),
)
BY_NAME = {dataset.name: dataset for dataset in DATASETS}


def records(dataset: Dataset, home) -> list[dict]:
    return [{col.name: col.get(row) for col in dataset.columns} for row in dataset.rows(home)]


def _absolute(request, rows):
    for row in rows:
        if row.get("url"):
            row["url"] = request.build_absolute_uri(row["url"])
    return rows


@require_safe
@caching.public_response
def export(request, slug, dataset, fmt):
    home = selectors.municipality(slug)
    chosen = BY_NAME.get(dataset)
    if chosen is None or fmt not in ("csv", "json"):
        raise Http404
    rows = _absolute(request, records(chosen, home))
    filename = f"{home.slug}-{chosen.name}.{fmt}"
    if fmt == "json":
        body = json.dumps(
            {
                "dataset": chosen.name,
                "municipality": home.name,
                "generated": timezone.now().isoformat(timespec="seconds"),
                "documentation": request.build_absolute_uri(reverse("publishing:open_data", args=[home.slug])),
                "columns": [col.name for col in chosen.columns],
                "items": rows,
            },
            ensure_ascii=False,
            indent=1,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=[col.name for col in chosen.columns], lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else formula_safe(value) for key, value in row.items()})
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    named(response, filename)
    response["Access-Control-Allow-Origin"] = "*"
    return response

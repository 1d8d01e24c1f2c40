"""The data of the follow-up, annual and review reports — computed in the database.

Every query starts from the permission gate (:func:`vanort.core.permissions.restrict`) for the
requesting user, so a report never shows a row its reader could not open. Each table is one
``GROUP BY`` or conditional aggregate; the number of queries does not grow with the rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vanort.core.permissions import VIEW, restrict
from vanort.governance.models import Decision
from vanort.plans.models import Activity, CostLine, ExchangeRate, Participation, VisitNotice
from vanort.plans.templatetags.plans_tags import money
from vanort.registry.models import Partnership, PriorityArea
from vanort.reports import governance_link, lists
from vanort.reports.tables import (
    AMOUNT,
    INT,
    MONEY,
    PERCENT,
    TEXT,
    Column,
    Report,
    Section,
    Sheet,
    Table,
    money_decimal,
    share,
)
from vanort.tenancy.models import Organisation

FOLLOW_UP, ANNUAL, REVIEW = "followup", "annual", "review"
STATUSES = [s for s, _label in Activity.Status.choices]
PLANNED_STATUSES = (Activity.Status.PLANNED, Activity.Status.ONGOING, Activity.Status.DONE)


@dataclass
class ReportSpec:
    """What a report covers: a municipality, a period (or all time) and optionally a partnership
    or a governing document (whose priority areas narrow the activities)."""

    kind: str
    municipality: object
    title: str
    subtitle: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    partnership: Partnership | None = None
    document: object | None = None
    area_ids: list[int] | None = None
    params: dict = field(default_factory=dict)
    #: the follow-up or review whose own text the report carries (None: not started yet)
    follow_up: object | None = None
    review: object | None = None


# --- building the spec from URL arguments (404 when the user may not see the subject) ----------

def annual_spec(user, year: int) -> ReportSpec:
    municipality = user.municipality
    return ReportSpec(
        kind=ANNUAL, municipality=municipality,
        title=_("Annual report %(year)s") % {"year": year},
        subtitle=_("Partner-city cooperation of %(municipality)s, 1 January – 31 December %(year)s")
        % {"municipality": municipality.name, "year": year},
        start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), params={"year": year},
    )


def review_spec(user, partnership: Partnership, review_pk: int | None = None) -> ReportSpec:
    """The partnership's review report: with a review (``review_pk``, or the latest one), its own
    text and the partnership's record over the review's period; without one, all time."""
    review = governance_link.review_for(user, partnership, review_pk)
    params = {"partnership": partnership.pk}
    if review_pk is not None:
        params["review"] = review_pk
    return ReportSpec(
        kind=REVIEW, municipality=partnership.municipality,
        title=_("Review of the partnership %(partnership)s") % {"partnership": partnership},
        subtitle=_("%(category)s, %(status)s, since %(year)s")
        % {"category": partnership.get_category_display(), "status": partnership.get_status_display().lower(),
           "year": partnership.start_year or "–"},
        partnership=partnership, params=params, review=review,
        start=review.period_start if review else None, end=review.period_end if review else None,
    )


def follow_up_spec(user, document, year: int) -> ReportSpec:
    municipality = document.municipality
    period = governance_link.mandate_period(municipality, year)
    area_ids = list(document.priority_areas.values_list("pk", flat=True))
    return ReportSpec(
        kind=FOLLOW_UP, municipality=municipality,
        title=_("Follow-up of %(document)s") % {"document": document},
        subtitle=_("Term of office %(period)s (%(start)s – %(end)s), %(municipality)s")
        % {"period": period.label, "start": formats.date_format(period.start), "end": formats.date_format(period.end),
           "municipality": municipality.name},
        start=period.start, end=period.end, document=document, area_ids=area_ids or None,
        params={"document": document.pk, "year": year}, follow_up=governance_link.follow_up_for(user, document, period.start),
    )


# --- the querysets a report reads ----------------------------------------------------------------

def activities(user, spec: ReportSpec):
    acts = restrict(Activity.objects.all(), user, VIEW).filter(municipality=spec.municipality)
    if spec.partnership is not None:
        acts = acts.filter(partnership=spec.partnership)
    if spec.start and spec.end:
        acts = acts.filter(
            Q(actual_start__range=(spec.start, spec.end))
            | Q(actual_start__isnull=True, planned_start__range=(spec.start, spec.end))
        )
    if spec.area_ids:
        links = Activity.priority_areas.through.objects.filter(priorityarea_id__in=spec.area_ids)
        acts = acts.filter(pk__in=links.values("activity_id"))
    return acts


def visits(user, spec: ReportSpec):
    qs = restrict(VisitNotice.objects.all(), user, VIEW).filter(municipality=spec.municipality)
    if spec.partnership is not None:
        qs = qs.filter(partnership=spec.partnership)
    if spec.start and spec.end:
        qs = qs.filter(starts_on__range=(spec.start, spec.end))
    return qs


def costs(user, spec: ReportSpec, acts):
    return restrict(CostLine.objects.all(), user, VIEW).filter(municipality=spec.municipality, activity_id__in=acts.values("pk"))


def years_with_data(user, municipality) -> list[int]:
    """Every year with an activity (started or planned; its cost lines with it), a visit or a decision that
    ``user`` may see in ``municipality``, newest first: past reports and planned ones. One query."""
    def years(qs, field):
        return qs.filter(municipality=municipality).annotate(y=ExtractYear(field)).filter(y__isnull=False).values_list("y").order_by()

    acts = years(restrict(Activity.objects.all(), user, VIEW), Coalesce("actual_start", "planned_start"))
    union = acts.union(
        years(restrict(VisitNotice.objects.all(), user, VIEW), "starts_on"),
        years(restrict(Decision.objects.current(), user, VIEW), "meeting_date"),
    ).order_by()
    return sorted({int(y) for (y,) in union}, reverse=True)


def count_activities(user, spec: ReportSpec) -> int:
    return activities(user, spec).count()


# --- the report ----------------------------------------------------------------------------------

def _status_counts(prefix: str = ""):
    counts = {status: Count("pk", filter=Q(**{f"{prefix}status": status})) for status in STATUSES}
    counts["with_goals"] = Count("pk", filter=~Q(**{f"{prefix}goals": ""}))
    counts["done_with_outcome"] = Count("pk", filter=Q(**{f"{prefix}status": Activity.Status.DONE}) & ~Q(**{f"{prefix}outcome": ""}))
    return counts


def _planned(row) -> int:
    return sum(row[s] for s in PLANNED_STATUSES)


def build_report(user, spec: ReportSpec, *, today: datetime.date | None = None) -> Report:
    today = today or timezone.localdate()
    acts = activities(user, spec)
    status_labels = dict(Activity.Status.choices)
    currency = spec.municipality.currency

    # 1. Activities: overall (one aggregate) and per priority area (one GROUP BY over the links).
    overall = acts.aggregate(total=Count("pk"), **_status_counts(), **lists.marker_counts())
    through = Activity.priority_areas.through
    # Only the areas the reader may see (an inactive area is internal): never named to a partner.
    per_area = list(
        through.objects.filter(activity_id__in=acts.values("pk"), priorityarea_id__in=restrict(PriorityArea.objects.all(), user, VIEW).values("pk"))
        .values("priorityarea_id")
        .annotate(total=Count("pk"), **_status_counts("activity__"))
        .order_by()
    )
    area_names = {a.pk: a for a in PriorityArea.objects.filter(pk__in=[r["priorityarea_id"] for r in per_area])}
    per_area.sort(key=lambda r: (area_names[r["priorityarea_id"]].position, str(area_names[r["priorityarea_id"]])))

    status_table = Table(
        id="status", title=_("Activities by status"),
        columns=[Column(_("Status")), Column(_("Activities"), INT), Column(_("Share"), PERCENT)],
        rows=[[status_labels[s], overall[s], share(overall[s], overall["total"])] for s in STATUSES],
        footer=[_("All activities"), overall["total"], share(overall["total"], overall["total"])],
        chart=1,
        summary=ngettext(
            "The report covers %(count)s activity, of which %(done)s done and %(ongoing)s ongoing.",
            "The report covers %(count)s activities, of which %(done)s done and %(ongoing)s ongoing.",
            overall["total"],
        ) % {"count": overall["total"], "done": overall[Activity.Status.DONE], "ongoing": overall[Activity.Status.ONGOING]},
    )
    area_table = Table(
        id="areas", title=_("Activities by priority area and status"),
        columns=[Column(_("Priority area")), *[Column(status_labels[s], INT) for s in STATUSES], Column(_("Total"), INT)],
        rows=[[str(area_names[r["priorityarea_id"]]), *[r[s] for s in STATUSES], r["total"]] for r in per_area],
        chart=len(STATUSES) + 1,
        summary=(
            _("Most activities are in %(area)s (%(count)s). An activity in several priority areas counts in each of them.")
            % {"area": area_names[max(per_area, key=lambda r: r["total"])["priorityarea_id"]], "count": max(r["total"] for r in per_area)}
            if per_area else _("No activities in the period.")
        ),
    )
    planned = _planned(overall)
    goal_table = Table(
        id="goals", title=_("Goal fulfilment"),
        columns=[Column(_("Priority area")), Column(_("Planned or carried out"), INT), Column(_("With goals"), INT),
                 Column(_("Done with recorded outcome"), INT), Column(_("Fulfilment"), PERCENT)],
        rows=[[str(area_names[r["priorityarea_id"]]), _planned(r), r["with_goals"], r["done_with_outcome"],
               share(r["done_with_outcome"], _planned(r))] for r in per_area],
        footer=[_("All activities"), planned, overall["with_goals"], overall["done_with_outcome"], share(overall["done_with_outcome"], planned)],
        chart=4,
        summary=_("%(done)s of %(planned)s planned activities (%(share)s %%) are done with their outcome recorded against their goals.")
        % {"done": overall["done_with_outcome"], "planned": planned, "share": share(overall["done_with_outcome"], planned) or 0},
        note=_("Fulfilment: activities done with a recorded outcome, as a share of those planned, ongoing or done (cancelled and proposed activities are not counted)."),
    )

    # 2. Costs: one GROUP BY paying organisation × cost type × year; the tables are its margins.
    cost_rows = list(
        costs(user, spec, acts).order_by().values("paying_organisation_id", "cost_type", "year")
        .annotate(estimated=Sum("estimated_home"), actual=Sum("actual_home"), lines=Count("pk"))
    )
    payers = {o.pk: o for o in Organisation.objects.filter(pk__in={r["paying_organisation_id"] for r in cost_rows})}
    type_labels = dict(CostLine.Type.choices)

    def margin(*keys):
        out: dict = {}
        for r in cost_rows:
            key = tuple(r[k] for k in keys)
            slot = out.setdefault(key, {"estimated": 0, "actual": 0, "lines": 0})
            slot["estimated"] += r["estimated"] or 0
            slot["actual"] += r["actual"] or 0
            slot["lines"] += r["lines"]
        return out

    def payer_name(pk):
        return str(payers[pk])

    by_payer = sorted(margin("paying_organisation_id").items(), key=lambda kv: payer_name(kv[0][0]))
    by_payer_type = sorted(margin("paying_organisation_id", "cost_type").items(), key=lambda kv: (payer_name(kv[0][0]), kv[0][1]))
    by_payer_year = sorted(margin("year", "paying_organisation_id").items(), key=lambda kv: (kv[0][0], payer_name(kv[0][1])))
    total_estimated = sum(v["estimated"] for _k, v in by_payer)
    total_actual = sum(v["actual"] for _k, v in by_payer)
    money_cols = [Column(_("Estimated (%(currency)s)") % {"currency": currency}, MONEY),
                  Column(_("Actual (%(currency)s)") % {"currency": currency}, MONEY)]
    payer_table = Table(
        id="costs_payer", title=_("Costs by paying organisation"),
        columns=[Column(_("Paid by")), Column(_("Cost lines"), INT), *money_cols],
        rows=[[payer_name(k[0]), v["lines"], v["estimated"], v["actual"]] for k, v in by_payer],
        footer=[lists.sum_label(), sum(v["lines"] for _k, v in by_payer), total_estimated, total_actual],
        chart=2,
        summary=(
            ngettext(
                "%(count)s organisation paid its own way; the largest estimated share was paid by %(top)s.",
                "%(count)s organisations paid their own way; the largest estimated share was paid by %(top)s.",
                len(by_payer),
            ) % {"count": len(by_payer), "top": payer_name(max(by_payer, key=lambda kv: kv[1]["estimated"])[0][0])}
            if by_payer else _("No costs recorded for the activities in the report.")
        ),
        note=_("Each organisation pays its own way: costs are shown per paying organisation, in %(currency)s at the rate of each cost line's date.")
        % {"currency": currency},
    )
    type_table = Table(
        id="costs_type", title=_("Costs by paying organisation and cost type"),
        columns=[Column(_("Paid by")), Column(_("Cost type")), *money_cols],
        rows=[[payer_name(k[0]), type_labels.get(k[1], k[1]), v["estimated"], v["actual"]] for k, v in by_payer_type],
        summary=ngettext("%(count)s combination of paying organisation and cost type.",
                         "%(count)s combinations of paying organisation and cost type.", len(by_payer_type)) % {"count": len(by_payer_type)},
    )
    years = sorted({k[0] for k, _v in by_payer_year})
    year_table = Table(
        id="costs_year", title=_("Costs by year and paying organisation"),
        columns=[Column(_("Year")), Column(_("Paid by")), *money_cols],
        rows=[[str(k[0]), payer_name(k[1]), v["estimated"], v["actual"]] for k, v in by_payer_year],
        summary=(_("Costs were recorded for the years %(first)s–%(last)s.") % {"first": years[0], "last": years[-1]}
                 if years else _("No costs recorded.")),
    )
    # On paper (PDF, Word) the two long tables are printed as cross tables: one row per paying
    # organisation, one column per cost type or year, with row and column totals.
    payer_order = [k[0] for k, _v in by_payer]
    cost_types = [t for t in CostLine.Type.values if any(k[1] == t for k, _v in by_payer_type)]
    cost_types += sorted({k[1] for k, _v in by_payer_type} - set(cost_types))
    type_table.print_as = cross_tables(
        "costs_type", dict(by_payer_type), payer_order, payer_name,
        [(t, type_labels.get(t, t)) for t in cost_types], type_table.summary,
        {"estimated": _("Estimated costs by paying organisation and cost type (%(currency)s)") % {"currency": currency},
         "actual": _("Actual costs by paying organisation and cost type (%(currency)s)") % {"currency": currency}},
    )
    year_table.print_as = cross_tables(
        "costs_year", {(k[1], k[0]): v for k, v in by_payer_year}, payer_order, payer_name,
        [(y, str(y)) for y in years], year_table.summary,
        {"estimated": _("Estimated costs by paying organisation and year (%(currency)s)") % {"currency": currency},
         "actual": _("Actual costs by paying organisation and year (%(currency)s)") % {"currency": currency}},
    )

    # 3. Participation: one aggregate of sums.
    part = restrict(Participation.objects.all(), user, VIEW).filter(activity_id__in=acts.values("pk")).aggregate(
        activities=Count("pk"), total=Sum("total"), women=Sum("women"), men=Sum("men"), other=Sum("other_gender"),
        under_18=Sum("under_18"), age_18_29=Sum("age_18_29"), age_30_plus=Sum("age_30_plus"),
    )
    part = {k: v or 0 for k, v in part.items()}
    people = [Column(_("Participants"), INT), Column(_("Share"), PERCENT)]
    gender_table = Table(
        id="gender", title=_("Participants by gender"), columns=[Column(_("Gender")), *people],
        rows=[[_("Women"), part["women"], share(part["women"], part["total"])],
              [_("Men"), part["men"], share(part["men"], part["total"])],
              [_("Other or unstated"), part["other"], share(part["other"], part["total"])]],
        footer=[_("All participants"), part["total"], share(part["total"], part["total"])], chart=1,
        summary=_("%(total)s people took part in %(activities)s activities with recorded participation: %(women)s women, %(men)s men and %(other)s other or unstated.")
        % {"total": part["total"], "activities": part["activities"], "women": part["women"], "men": part["men"], "other": part["other"]},
    )
    age_table = Table(
        id="age", title=_("Participants by age"), columns=[Column(_("Age")), *people],
        rows=[[_("Under 18"), part["under_18"], share(part["under_18"], part["total"])],
              [_("18–29"), part["age_18_29"], share(part["age_18_29"], part["total"])],
              [_("30 and over"), part["age_30_plus"], share(part["age_30_plus"], part["total"])]],
        footer=[_("All participants"), part["total"], share(part["total"], part["total"])], chart=1,
        summary=_("%(young)s participants (%(share)s %%) were under 30.")
        % {"young": part["under_18"] + part["age_18_29"], "share": share(part["under_18"] + part["age_18_29"], part["total"]) or 0},
    )

    # 4. Visits: one conditional aggregate per direction, and the overdue reports (one query).
    notices = visits(user, spec)
    overdue_q = Q(report__isnull=True, report_due_on__lt=today)
    by_direction = {
        r["direction"]: r for r in notices.order_by().values("direction").annotate(
            visits=Count("pk"), people=Sum("traveller_count"), reported=Count("pk", filter=Q(report__isnull=False)),
            awaiting=Count("pk", filter=Q(report__isnull=True, report_due_on__gte=today)), overdue=Count("pk", filter=overdue_q),
        )
    }
    direction_labels = dict(VisitNotice.Direction.choices)
    visit_rows = [
        [direction_labels[d], r["visits"], r["people"] or 0, r["reported"], r["awaiting"], r["overdue"]]
        for d in VisitNotice.Direction.values if (r := by_direction.get(d))
    ]
    visit_totals = [sum(row[i] for row in visit_rows) for i in range(1, 6)]
    visit_table = Table(
        id="visits", title=_("Visits and their reports"),
        columns=[Column(_("Direction")), Column(_("Visits"), INT), Column(_("People"), INT), Column(_("Reported"), INT),
                 Column(_("Report not yet due"), INT), Column(_("Report overdue"), INT)],
        rows=visit_rows, footer=[_("All visits"), *visit_totals], chart=1,
        summary=_("%(visits)s visits with %(people)s people; %(reported)s reported, %(overdue)s reports overdue.")
        % {"visits": visit_totals[0], "people": visit_totals[1], "reported": visit_totals[2], "overdue": visit_totals[4]},
    )
    overdue = list(notices.filter(overdue_q).select_related("organisation").order_by("report_due_on", "pk")[:50])
    overdue_table = Table(
        id="visits_overdue", title=_("Visit reports overdue"),
        columns=[Column(_("Visit")), Column(_("Organisation")), Column(_("Report due"))],
        rows=[[f"{n.get_direction_display()}, {n.place or ''} {formats.date_format(n.starts_on, 'SHORT_DATE_FORMAT')}".strip(),
               str(n.organisation), formats.date_format(n.report_due_on, "SHORT_DATE_FORMAT")] for n in overdue],
        summary=(ngettext("%(count)s visit report is overdue.", "%(count)s visit reports are overdue.", visit_totals[4]) % {"count": visit_totals[4]}
                 if visit_totals[4] else _("No visit report is overdue.")),
        note=_("The 50 oldest are listed.") if visit_totals[4] > 50 else "",
    )

    cost_lines = costs(user, spec, acts)
    received, made = lists.visit_list_tables(user, notices, today, spec.municipality.pk)
    decisions = decision_table(user, spec)
    sections = [
        Section("organisations", _("Exchanges and activities by organisation"), lists.organisation_tables(user, acts, overall["total"], spec.municipality.pk)),
        Section("activities", _("Activities"), [status_table, area_table]),
        Section("goals", _("Goal fulfilment"), [goal_table, lists.goal_list_table(user, acts, overall[Activity.Status.DONE], spec.municipality.pk)]),
        Section("participation", _("Participation"), [lists.marker_table(overall), gender_table, age_table]),
        Section("costs", _("Costs"), [payer_table, type_table, year_table, lists.partnership_cost_table(user, cost_lines, currency, payer_name, spec.municipality.pk),
                                      lists.currency_table(cost_lines, currency, payer_name)]),
        Section("visits", _("Visits"), [received, made, visit_table, overdue_table]),
    ]
    if spec.kind == FOLLOW_UP and spec.document is not None:
        own = lists.follow_up_sections(user, spec.follow_up, spec.document, acts)
        sections = own[:2] + sections + own[2:3] + [Section("decisions", _("Decisions"), [decisions])] + own[3:]
    else:
        first, last = lists.review_sections(spec.review) if spec.kind == REVIEW else ([], [])
        if spec.kind == REVIEW:
            last = [Section("timeline", _("Timeline"), [lists.timeline_table(user, spec.partnership, spec.start, spec.end)]), *last]
        sections = first + sections + [Section("decisions", _("Decisions"), [decisions])] + last
    received_by = (spec.follow_up.decision if spec.follow_up else None) or (spec.review.decision if spec.review else None)

    facts = [
        (_("Activities"), overall["total"]),
        (_("Done with outcome"), overall["done_with_outcome"]),
        (_("Participants"), part["total"]),
        (_("Paying organisations"), len(by_payer)),
        (_("Visits"), visit_totals[0]),
    ]
    report = Report(
        kind=spec.kind, title=spec.title, subtitle=spec.subtitle, currency=currency, sections=sections,
        generated_on=today, params=spec.params, facts=facts,
        municipality=spec.municipality.name, municipality_id=spec.municipality.pk, case_number=received_by.case_number if received_by else "",
    )
    report.summary = summary_text(
        overall, organisations=next(t for t in report.tables if t.id == "organisation_kinds"), received=received, made=made,
        payers=len(by_payer), estimated=total_estimated, currency=currency, decisions=len(decisions.rows),
    )
    report.sheets = [
        lambda: activity_sheet(user, acts),
        lambda: area_link_sheet(user, acts),
        lambda: cost_sheet(costs(user, spec, acts), currency),
        lambda: participation_sheet(user, acts),
        lambda: visit_sheet(notices, today),
    ]
    return report


def summary_text(overall, *, organisations, received, made, payers, estimated, currency, decisions) -> str:
    """A short paragraph from the figures, in the active language, that an officer may edit."""
    kinds = ", ".join(f"{str(row[0]).lower()} {row[1]}" for row in organisations.rows)
    parts = [
        ngettext("The report covers %(count)s activity, %(done)s of them done",
                 "The report covers %(count)s activities, %(done)s of them done", overall["total"])
        % {"count": overall["total"], "done": overall[Activity.Status.DONE]}
        + (_(", led by %(count)s organisations (%(kinds)s).") % {"count": organisations.footer[1], "kinds": kinds} if kinds else "."),
        _("Visits received: %(received)s; visits made: %(made)s.") % {"received": len(received.rows), "made": len(made.rows)},
    ]
    if payers:
        parts.append(ngettext(
            "%(count)s organisation paid its own costs, estimated at %(amount)s in all (a sum of separately paid costs).",
            "%(count)s organisations paid their own costs, estimated at %(amount)s in all (a sum of separately paid costs).", payers)
            % {"count": payers, "amount": money(estimated, currency)})
    parts.append(ngettext("%(count)s decision was taken.", "%(count)s decisions were taken.", decisions) % {"count": decisions})
    return " ".join(parts)


#: at most this many cost types or years side by side in one printed cross table (more years: several tables)
MAX_CROSS_COLUMNS = 6


def cross_tables(table_id, cells, payers, payer_name, columns, summary, titles) -> list[Table]:
    """Cross tables of ``cells`` ({(paying organisation, column key): sums}): a row per paying
    organisation, a column per key (cost type or year), row totals and column totals — one table
    for the estimated amounts, one for the actual (each in the home currency, named in its title).

    Costs are never pooled: every cell is one organisation's own costs. More than
    :data:`MAX_CROSS_COLUMNS` keys (a long review) are split over several tables, each with its own
    totals. Missing combinations show "–"."""
    chunks = [columns[i:i + MAX_CROSS_COLUMNS] for i in range(0, len(columns), MAX_CROSS_COLUMNS)]
    tables = []
    for amount in ("estimated", "actual"):
        for n, chunk in enumerate(chunks):
            keys = [key for key, _label in chunk]
            rows = []
            for payer in payers:
                values = [cells[(payer, key)][amount] or 0 if (payer, key) in cells else None for key in keys]
                if any(v is not None for v in values):
                    rows.append([payer_name(payer), *values, sum(v or 0 for v in values)])
            column_totals = [sum(row[1 + i] or 0 for row in rows) for i in range(len(keys))]
            title = titles[amount]
            if len(chunks) > 1:
                title = _("%(title)s, %(first)s–%(last)s") % {"title": title, "first": chunk[0][1], "last": chunk[-1][1]}
            tables.append(Table(
                id=f"{table_id}_{amount}" + (f"_{n + 1}" if len(chunks) > 1 else ""), title=title,
                columns=[Column(_("Paid by")), *[Column(label, AMOUNT) for _key, label in chunk], Column(_("Total"), AMOUNT)],
                rows=rows, footer=[lists.sum_label(), *column_totals, sum(column_totals)],
                summary=summary if not tables else "", wide=True,
            ))
    if tables:
        tables[-1].note = _("One row per paying organisation: costs are never pooled. The Excel appendix lists every combination as a row of its own.")
    return tables


def decision_table(user, spec: ReportSpec) -> Table:
    """Decisions of the period (for a review: those concerning the partnership)."""
    qs = restrict(Decision.objects.current(), user, VIEW).filter(municipality=spec.municipality)
    if spec.start and spec.end:
        qs = qs.filter(meeting_date__range=(spec.start, spec.end))
    if spec.partnership is not None:
        qs = qs.filter(partnerships=spec.partnership)
    rows = [
        [formats.date_format(d.meeting_date, "SHORT_DATE_FORMAT"), d.get_body_display(), d.case_number,
         f"§ {d.paragraph}" if d.paragraph else "", d.title]
        for d in qs.order_by("meeting_date", "pk")[:200]
    ]
    return Table(
        id="decisions", title=_("Decisions"),
        columns=[Column(_("Meeting")), Column(_("Decided by")), Column(_("Case number")), Column(_("Paragraph")), Column(_("Title"))],
        rows=rows,
        summary=ngettext("%(count)s decision.", "%(count)s decisions.", len(rows)) % {"count": len(rows)},
    )


# --- underlying rows for the Excel appendix (streamed: iterator(), never all in memory) ------------

def activity_sheet(user, acts) -> Sheet:
    status_labels, kind_labels = dict(Activity.Status.choices), dict(Activity.Kind.choices)
    # The responsible organisation only when the reader may see it (an internal unit: empty).
    responsible = restrict(Organisation.objects.filter(pk=OuterRef("responsible_organisation_id")), user, VIEW)
    rows = (
        [a["pk"], a["title"], kind_labels.get(a["kind"], a["kind"]), status_labels.get(a["status"], a["status"]),
         a["responsible_organisation__name"] if a["responsible_visible"] else None, a["planned_start"], a["actual_start"],
         a["progress"], bool(a["goals"]), bool(a["outcome"]), a["is_public"]]
        for a in acts.order_by("planned_start", "pk").annotate(responsible_visible=Exists(responsible)).values(
            "pk", "title", "kind", "status", "responsible_organisation__name", "responsible_visible", "planned_start",
            "actual_start", "progress", "goals", "outcome", "is_public").iterator(chunk_size=2000)
    )
    return Sheet(_("Activities"), [
        Column(_("Id"), INT), Column(_("Title")), Column(_("Kind")), Column(_("Status")), Column(_("Responsible organisation")),
        Column(_("Planned start")), Column(_("Actual start")), Column(_("Progress (%)"), INT), Column(_("Has goals")),
        Column(_("Has outcome")), Column(_("Public")),
    ], rows)


def area_link_sheet(user, acts) -> Sheet:
    through = Activity.priority_areas.through
    areas = restrict(PriorityArea.objects.all(), user, VIEW).values("pk")
    rows = ([r["activity_id"], r["priorityarea__name"]] for r in through.objects.filter(activity_id__in=acts.values("pk"), priorityarea_id__in=areas)
            .order_by("activity_id", "priorityarea__position").values("activity_id", "priorityarea__name").iterator(chunk_size=2000))
    return Sheet(_("Activity priority areas"), [Column(_("Activity id"), INT), Column(_("Priority area"))], rows)


def cost_sheet(cost_lines, currency) -> Sheet:
    """One row per cost line, with the exchange rate it was converted at and the rate's date."""
    type_labels = dict(CostLine.Type.choices)
    rate = ExchangeRate.objects.filter(municipality=OuterRef("municipality"), currency=OuterRef("currency"),
                                       valid_from__lte=OuterRef("rate_date")).order_by("-valid_from").values("rate")[:1]
    rows = (
        [c["activity_id"], c["paying_organisation__name"], type_labels.get(c["cost_type"], c["cost_type"]), c["year"], c["currency"],
         money_decimal(c["estimated"]), money_decimal(c["actual"]),
         Decimal(1) if c["currency"] == currency else c["rate"], c["rate_date"],
         money_decimal(c["estimated_home"]), money_decimal(c["actual_home"])]
        for c in cost_lines.order_by("activity_id", "pk").annotate(rate=Subquery(rate)).values(
            "activity_id", "paying_organisation__name", "cost_type", "year", "currency", "estimated", "actual",
            "rate", "rate_date", "estimated_home", "actual_home").iterator(chunk_size=5000)
    )
    return Sheet(_("Cost lines"), [
        Column(_("Activity id"), INT), Column(_("Paid by")), Column(_("Cost type")), Column(_("Year"), INT), Column(_("Currency")),
        Column(_("Estimated"), MONEY), Column(_("Actual"), MONEY),
        Column(_("Exchange rate")), Column(_("Rate date")),
        Column(_("Estimated (%(currency)s)") % {"currency": currency}, MONEY), Column(_("Actual (%(currency)s)") % {"currency": currency}, MONEY),
    ], rows)


def participation_sheet(user, acts) -> Sheet:
    fields = ("activity_id", "total", "women", "men", "other_gender", "under_18", "age_18_29", "age_30_plus")
    rows = ([p[f] for f in fields] for p in restrict(Participation.objects.all(), user, VIEW)
            .filter(activity_id__in=acts.values("pk")).order_by("activity_id").values(*fields).iterator(chunk_size=5000))
    return Sheet(_("Participation"), [
        Column(_("Activity id"), INT), Column(_("Total"), INT), Column(_("Women"), INT), Column(_("Men"), INT),
        Column(_("Other or unstated"), INT), Column(_("Under 18"), INT), Column(_("18–29"), INT), Column(_("30 and over"), INT),
    ], rows)


def visit_sheet(notices, today) -> Sheet:
    direction_labels = dict(VisitNotice.Direction.choices)
    rows = (
        [v["pk"], direction_labels.get(v["direction"], v["direction"]), v["organisation__name"], v["starts_on"], v["ends_on"],
         v["place"], v["traveller_count"], v["report_due_on"], v["report__pk"] is not None,
         v["report__pk"] is None and v["report_due_on"] < today]
        for v in notices.order_by("starts_on", "pk").values(
            "pk", "direction", "organisation__name", "starts_on", "ends_on", "place", "traveller_count", "report_due_on",
            "report__pk").iterator(chunk_size=2000)
    )
    return Sheet(_("Visits"), [
        Column(_("Id"), INT), Column(_("Direction")), Column(_("Organisation")), Column(_("From")), Column(_("To")), Column(_("Place")),
        Column(_("People"), INT), Column(_("Report due")), Column(_("Reported")), Column(_("Overdue")),
    ], rows)


__all__ = ["ANNUAL", "FOLLOW_UP", "REVIEW", "ReportSpec", "build_report", "count_activities", "TEXT"]

"""The lists a board asks for, beside the aggregates: activities per responsible organisation,
visits received and made, goals against outcome, costs per partnership and in other currencies,
and the office's own text of a follow-up or review.

Each list is one query (plus one prefetch), capped at :data:`MAX_LIST_ROWS` rows on the page and in
the documents (the Excel appendix's sheets hold every row); counts are ``GROUP BY`` in the database.
"""

from __future__ import annotations

from django.db.models import Count, Max, Min, Prefetch, Q, Sum
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vanort.core.permissions import VIEW, restrict, visible_pks
from vanort.plans.models import Activity, VisitNotice
from vanort.registry.models import Network, Partnership, TimelineEvent
from vanort.reports.tables import AMOUNT, INT, MONEY, PERCENT, Column, Section, Table, share
from vanort.tenancy.models import Organisation

#: at most this many rows in a listed table; the Excel appendix's sheets have all of them
MAX_LIST_ROWS = 500
#: the organisation kinds counted together in the count per kind
KIND_GROUPS = (
    ("committee", gettext_lazy("Committees and the board"), {Organisation.Kind.BOARD.value, Organisation.Kind.COMMITTEE.value}),
    ("administration", gettext_lazy("Administrations and offices"), {Organisation.Kind.ADMINISTRATION.value, Organisation.Kind.OFFICE.value}),
    ("company", gettext_lazy("Municipal companies"), {Organisation.Kind.COMPANY.value}),
)


def sum_label() -> str:
    """The label of a total that adds up what several organisations paid, each its own way."""
    return _("Sum of separately paid costs")


def day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def dates(start, end) -> str:
    if not start:
        return ""
    if not end or end == start:
        return day(start)
    return f"{day(start)} – {day(end)}"


def kind_group(kind) -> str:
    for key, _label, kinds in KIND_GROUPS:
        if str(kind) in kinds:
            return key
    return "partner"


def kind_group_label(key) -> str:
    labels = {k: label for k, label, _kinds in KIND_GROUPS}
    return str(labels.get(key, _("Partner organisations")))


def capped_note(count: int) -> str:
    return (_("The first %(max)s of %(count)s are listed; the Excel appendix has every row.")
            % {"max": MAX_LIST_ROWS, "count": count}) if count > MAX_LIST_ROWS else ""


#: what a list shows for a related record its reader may not see (never its name)
HIDDEN = "–"


class Shown:
    """Which related records of the listed rows the reader may see (one query per model, none for
    a reader who sees all of the municipality's): a list names only those, else :data:`HIDDEN`."""

    def __init__(self, user, municipality_id, rows, **fields):
        self._visible = {
            name: visible_pks(user, model, {getattr(row, f"{name}_id") for row in rows}, municipality_id=municipality_id)
            for name, model in fields.items()
        }

    def name(self, row, field: str, text=str) -> str:
        related_id = getattr(row, f"{field}_id")
        if related_id is None:
            return ""
        return text(getattr(row, field)) if related_id in self._visible[field] else HIDDEN


def _where(activity, shown: Shown) -> str:
    if activity.partnership_id:
        return shown.name(activity, "partnership", lambda p: str(p.partner_city.name))
    if activity.network_id:
        return shown.name(activity, "network")
    return activity.place


# --- activities per responsible organisation ------------------------------------------------------

def organisation_tables(user, acts, total: int, municipality_id) -> list[Table]:
    """The activities listed per responsible organisation, a count per organisation and per kind."""
    status_labels = dict(Activity.Status.choices)
    kind_labels = dict(Organisation.Kind.choices)
    counts = list(
        acts.order_by().values("responsible_organisation_id", "responsible_organisation__kind")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=Activity.Status.DONE)))
    )
    # names in the reader's language (a translated field: read from the rows, not values())
    ids = {r["responsible_organisation_id"] for r in counts}
    seen = visible_pks(user, Organisation, ids, municipality_id=municipality_id)
    names = {o.pk: str(o) if o.pk in seen else HIDDEN for o in Organisation.objects.filter(pk__in=ids)}
    counts.sort(key=lambda r: (kind_group(r["responsible_organisation__kind"]), names[r["responsible_organisation_id"]]))
    visible = restrict(Organisation.objects.all(), user, VIEW).only("pk", "name").order_by("name")
    listed = list(
        acts.select_related("responsible_organisation", "partnership__partner_city", "network")
        .prefetch_related(Prefetch("participating_organisations", queryset=visible))
        .order_by("responsible_organisation__kind", "responsible_organisation__name", "planned_start", "pk")[:MAX_LIST_ROWS]
    )
    listed.sort(key=lambda a: (kind_group(a.responsible_organisation.kind), names.get(a.responsible_organisation_id, HIDDEN),
                               a.actual_start or a.planned_start or a.created_at.date(), a.pk))
    shown = Shown(user, municipality_id, listed, partnership=Partnership, network=Network)
    list_table = Table(
        id="activities_by_organisation", title=_("Activities by responsible organisation"),
        columns=[Column(_("Responsible organisation")), Column(_("Activity")), Column(_("Participating organisations")),
                 Column(_("Dates")), Column(_("Partner city")), Column(_("Status")), Column(_("Outcome"))],
        rows=[[names.get(a.responsible_organisation_id, HIDDEN), a.title, ", ".join(str(o) for o in a.participating_organisations.all()),
               dates(a.actual_start or a.planned_start, a.actual_end or a.planned_end), _where(a, shown),
               status_labels.get(a.status, a.status), a.outcome] for a in listed],
        summary=ngettext("%(count)s organisation was responsible for activities in the period.",
                         "%(count)s organisations were responsible for activities in the period.", len(counts)) % {"count": len(counts)},
        note=capped_note(total), wide=True,
    )
    count_table = Table(
        id="organisations", title=_("Activities per responsible organisation"),
        columns=[Column(_("Organisation")), Column(_("Kind")), Column(_("Activities"), INT), Column(_("Done"), INT)],
        rows=[[names[r["responsible_organisation_id"]], kind_labels.get(r["responsible_organisation__kind"], ""), r["total"], r["done"]]
              for r in counts],
        footer=[_("All organisations"), "", sum(r["total"] for r in counts), sum(r["done"] for r in counts)],
    )
    groups: dict = {}
    for r in counts:
        slot = groups.setdefault(kind_group(r["responsible_organisation__kind"]), {"organisations": 0, "total": 0, "done": 0})
        slot["organisations"] += 1
        slot["total"] += r["total"]
        slot["done"] += r["done"]
    order = [k for k, _label, _kinds in KIND_GROUPS] + ["partner"]
    kind_table = Table(
        id="organisation_kinds", title=_("Activities per kind of organisation"),
        columns=[Column(_("Kind of organisation")), Column(_("Organisations"), INT), Column(_("Activities"), INT), Column(_("Done"), INT)],
        rows=[[kind_group_label(k), groups[k]["organisations"], groups[k]["total"], groups[k]["done"]] for k in order if k in groups],
        footer=[_("All organisations"), len(counts), sum(r["total"] for r in counts), sum(r["done"] for r in counts)],
        chart=2,
    )
    return [list_table, count_table, kind_table]


# --- visits received and made ----------------------------------------------------------------------

def visit_list_tables(user, notices, today, municipality_id) -> list[Table]:
    """Visits received (incoming delegations) and visits made (outgoing trips): two lists."""
    listed = list(
        notices.select_related("organisation", "partnership__partner_city", "report").order_by("starts_on", "pk")[:2 * MAX_LIST_ROWS]
    )

    shown = Shown(user, municipality_id, listed, partnership=Partnership, organisation=Organisation)

    def report_status(n) -> str:
        if getattr(n, "report", None) is not None:
            return _("Reported")
        if n.report_due_on < today:
            return _("Overdue since %(date)s") % {"date": day(n.report_due_on)}
        return _("Due %(date)s") % {"date": day(n.report_due_on)}

    def table(direction, table_id, title, who, organisation):
        rows = [n for n in listed if n.direction == direction][:MAX_LIST_ROWS]
        return Table(
            id=table_id, title=title,
            columns=[Column(_("Partner city")), Column(_("Dates")), Column(_("People"), INT), Column(who),
                     Column(organisation), Column(_("Purpose")), Column(_("Report"))],
            rows=[[shown.name(n, "partnership", lambda p: str(p.partner_city.name)) if n.partnership_id else n.place,
                   dates(n.starts_on, n.ends_on), n.traveller_count, n.travellers, shown.name(n, "organisation"), n.purpose,
                   report_status(n)] for n in rows],
            summary=(ngettext("%(count)s visit with %(people)s people.", "%(count)s visits with %(people)s people.", len(rows))
                     % {"count": len(rows), "people": sum(n.traveller_count for n in rows)} if rows else _("No visits.")),
            wide=True,
        )

    return [
        table(VisitNotice.Direction.INCOMING, "visits_received", _("Visits received"), _("Who came"), _("Host organisation")),
        table(VisitNotice.Direction.OUTGOING, "visits_made", _("Visits made"), _("Who went"), _("Travelling organisation")),
    ]


# --- goals against outcome, the marker ----------------------------------------------------------

def goal_list_table(user, acts, done: int, municipality_id) -> Table:
    listed = list(acts.filter(status=Activity.Status.DONE).select_related("responsible_organisation")
                  .order_by("actual_start", "planned_start", "pk")[:MAX_LIST_ROWS])
    shown = Shown(user, municipality_id, listed, responsible_organisation=Organisation)
    return Table(
        id="goals_list", title=_("Goals and outcome of the activities done"),
        columns=[Column(_("Activity")), Column(_("Responsible organisation")), Column(_("Goals")), Column(_("Outcome")),
                 Column(_("Benefit assessment"))],
        rows=[[a.title, shown.name(a, "responsible_organisation"), a.goals, a.outcome, a.benefit] for a in listed],
        summary=ngettext("%(count)s activity was done.", "%(count)s activities were done.", done) % {"count": done},
        note=capped_note(done), wide=True,
    )


def marker_counts() -> dict:
    """Conditional counts for the activities' aggregate: the marker 0/1/2 and a benefit assessment."""
    counts = {f"marker_{m}": Count("pk", filter=Q(equality_marker=m)) for m in Activity.Marker.values}
    counts["with_benefit"] = Count("pk", filter=~Q(benefit=""))
    return counts


def marker_table(overall) -> Table:
    labels = dict(Activity.Marker.choices)
    total = overall["total"]
    return Table(
        id="equality_marker", title=_("Democracy and gender-equality marker"),
        columns=[Column(_("Marker")), Column(_("Activities"), INT), Column(_("Share"), PERCENT)],
        rows=[[labels[m], overall[f"marker_{m}"], share(overall[f"marker_{m}"], total)] for m in Activity.Marker.values],
        footer=[_("All activities"), total, share(total, total)], chart=1,
        summary=_("%(principal)s activities had democracy and gender equality as a principal objective, %(significant)s as a significant one; %(benefit)s recorded a benefit assessment.")
        % {"principal": overall["marker_2"], "significant": overall["marker_1"], "benefit": overall["with_benefit"]},
    )


# --- costs per partnership and in other currencies --------------------------------------------------

def partnership_cost_table(user, cost_lines, currency, payer_name, municipality_id) -> Table:
    grouped = list(
        cost_lines.order_by().values("activity__partnership_id", "activity__partnership__partner_city__name",
                                     "activity__network_id", "activity__network__name", "paying_organisation_id")
        .annotate(estimated=Sum("estimated_home"), actual=Sum("actual_home"))
    )
    seen = {
        "partnership": visible_pks(user, Partnership, {r["activity__partnership_id"] for r in grouped}, municipality_id=municipality_id),
        "network": visible_pks(user, Network, {r["activity__network_id"] for r in grouped}, municipality_id=municipality_id),
    }
    other = _("No partnership")

    def label(r):
        for field, name in (("partnership", "activity__partnership__partner_city__name"), ("network", "activity__network__name")):
            if r[f"activity__{field}_id"] is not None:
                return r[name] if r[f"activity__{field}_id"] in seen[field] else HIDDEN
        return str(other)

    # records the reader may not see are summed together under one "–" per payer
    merged: dict = {}
    for r in grouped:
        slot = merged.setdefault((label(r), r["paying_organisation_id"]), {"estimated": 0, "actual": 0})
        slot["estimated"] += r["estimated"] or 0
        slot["actual"] += r["actual"] or 0
    rows = [{"where": k[0], "paying_organisation_id": k[1], **v} for k, v in merged.items()]

    def where(r):
        return r["where"]

    rows.sort(key=lambda r: (where(r), payer_name(r["paying_organisation_id"])))
    return Table(
        id="costs_partnership", title=_("Costs by partnership and paying organisation"),
        columns=[Column(_("Partnership or network")), Column(_("Paid by")),
                 Column(_("Estimated (%(currency)s)") % {"currency": currency}, MONEY),
                 Column(_("Actual (%(currency)s)") % {"currency": currency}, MONEY)],
        rows=[[where(r), payer_name(r["paying_organisation_id"]), r["estimated"] or 0, r["actual"] or 0] for r in rows],
        footer=[sum_label(), "", sum(r["estimated"] or 0 for r in rows), sum(r["actual"] or 0 for r in rows)],
        summary=ngettext("Costs of %(count)s partnership or network.", "Costs of %(count)s partnerships or networks.",
                         len({where(r) for r in rows})) % {"count": len({where(r) for r in rows})},
    )


def currency_table(cost_lines, currency, payer_name) -> Table:
    """Cost lines in another currency: per paying organisation, currency and rate date, the original
    amounts beside the converted ones and the rate they imply."""
    rows = list(
        cost_lines.exclude(currency=currency).order_by().values("paying_organisation_id", "currency", "rate_date")
        .annotate(lines=Count("pk"), estimated=Sum("estimated"), actual=Sum("actual"), estimated_home=Sum("estimated_home"),
                  first=Min("rate_date"), last=Max("rate_date"))
    )
    rows.sort(key=lambda r: (payer_name(r["paying_organisation_id"]), r["currency"], r["rate_date"]))

    def rate(r) -> str:
        if not r["estimated"]:
            return "–"
        return formats.number_format(r["estimated_home"] / r["estimated"], decimal_pos=4, use_l10n=True)

    return Table(
        id="costs_currency", title=_("Costs paid in other currencies"),
        columns=[Column(_("Paid by")), Column(_("Currency")), Column(_("Rate date")), Column(_("Rate")), Column(_("Cost lines"), INT),
                 Column(_("Estimated (original currency)"), AMOUNT), Column(_("Actual (original currency)"), AMOUNT),
                 Column(_("Estimated (%(currency)s)") % {"currency": currency}, MONEY)],
        rows=[[payer_name(r["paying_organisation_id"]), r["currency"], day(r["rate_date"]), rate(r), r["lines"], r["estimated"] or 0,
               r["actual"], r["estimated_home"] or 0] for r in rows],
        summary=(_("Costs in %(currencies)s were converted to %(currency)s at the rate of each cost line's date.")
                 % {"currencies": ", ".join(sorted({r["currency"] for r in rows})), "currency": currency}
                 if rows else _("Every cost was paid in %(currency)s.") % {"currency": currency}),
        note=_("Rate: %(currency)s per unit of the original currency, as applied to the cost lines.") % {"currency": currency} if rows else "",
    )


# --- the office's own text -------------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    """A text field's paragraphs (separated by blank lines)."""
    return [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]


def decision_sentence(decision) -> str:
    if decision is None:
        return _("Not yet received by a decision.")
    return _("Received by %(body)s on %(date)s%(paragraph)s, case number %(case)s: %(title)s.") % {
        "body": decision.get_body_display().lower(), "date": formats.date_format(decision.meeting_date),
        "paragraph": f", § {decision.paragraph}" if decision.paragraph else "", "case": decision.case_number, "title": decision.title,
    }


def follow_up_sections(user, follow_up, document, acts) -> list[Section]:
    """The follow-up's own text, each guideline with the activities assessed against it, its decision."""
    from vanort.reports.governance_link import assessments, guidelines

    sections = []
    if follow_up is not None:
        sections.append(Section("assessment", _("The office's assessment"), paragraphs=paragraphs(follow_up.assessment)
                                or [_("No assessment written yet.")]))
        sections.append(Section("proposal", _("Proposal to the board"), paragraphs=paragraphs(follow_up.proposal)
                                or [_("No proposal written yet.")]))
    rules = list(guidelines(user, document))
    judged = list(assessments(user, document, acts)[:MAX_LIST_ROWS])
    by_guideline: dict = {}
    for a in judged:
        by_guideline.setdefault(a.guideline_id, []).append(a)
    rows = []
    for n, rule in enumerate(rules, start=1):
        for a in by_guideline.get(rule.pk, []) or [None]:
            rows.append([f"{n}. {rule.text}", a.activity.title if a else _("No activity assessed"),
                         a.get_judgement_display() if a else "", a.justification if a else ""])
    table = Table(
        id="guidelines", title=_("Guidelines and the activities assessed against them"),
        columns=[Column(_("Guideline")), Column(_("Activity")), Column(_("Verdict")), Column(_("Justification"))],
        rows=rows, wide=True,
        summary=ngettext("%(count)s guideline; %(assessed)s assessments of activities of the period.",
                         "%(count)s guidelines; %(assessed)s assessments of activities of the period.", len(rules))
        % {"count": len(rules), "assessed": len(judged)},
        note=capped_note(len(judged)) if len(judged) >= MAX_LIST_ROWS else "",
    )
    sections.append(Section("guidelines", _("Guidelines"), [table]))
    sections.append(Section("received", _("Received by decision"), paragraphs=[decision_sentence(follow_up.decision if follow_up else None)]))
    return sections


def review_sections(review) -> tuple[list[Section], list[Section]]:
    """The review itself (first) and the decision that received it (last)."""
    if review is None:
        return [], []
    facts = [
        _("Period: %(start)s – %(end)s.") % {"start": formats.date_format(review.period_start), "end": formats.date_format(review.period_end)},
        (_("Agreement: %(agreement)s.") % {"agreement": review.agreement} if review.agreement_id else _("No new agreement yet.")),
    ]
    first = [
        Section("review", review.title, paragraphs=facts),
        Section("assessment", _("The office's assessment"), paragraphs=paragraphs(review.assessment) or [_("No assessment written yet.")]),
        Section("proposal", _("Proposal to the board"), paragraphs=paragraphs(review.proposal) or [_("No proposal written yet.")]),
    ]
    return first, [Section("received", _("Received by decision"), paragraphs=[decision_sentence(review.decision)])]



def event_date(event) -> str:
    """A timeline event's date as precisely as it is known: a year, a month, or a day."""
    if event.precision == TimelineEvent.Precision.YEAR:
        return str(event.date.year)
    if event.precision == TimelineEvent.Precision.MONTH:
        return formats.date_format(event.date, "YEAR_MONTH_FORMAT")
    return formats.date_format(event.date, "SHORT_DATE_FORMAT")


#: the most timeline events a review report lists
TIMELINE_MAX = 200


def timeline_table(user, partnership, start=None, end=None) -> Table:
    """The partnership's timeline over the review's period (all of it without one): the events the
    reader may see, oldest first."""
    events = restrict(TimelineEvent.objects.filter(partnership=partnership), user, VIEW)
    if start and end:
        events = events.filter(date__range=(start, end))
    rows = [[event_date(e), e.title, e.description] for e in events.order_by("date", "pk")[:TIMELINE_MAX]]
    return Table(
        id="timeline", title=_("Timeline"), columns=[Column(_("Date")), Column(_("Event")), Column(_("Description"))], rows=rows,
        summary=ngettext("%(count)s event in the partnership's timeline.", "%(count)s events in the partnership's timeline.", len(rows))
        % {"count": len(rows)},
        note=_("The first %(count)s are listed.") % {"count": TIMELINE_MAX} if len(rows) == TIMELINE_MAX else "",
    )

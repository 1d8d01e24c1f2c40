"""The figures of the three reports, checked against the data of ``report_data``."""

import datetime

import pytest

from tests.reports.conftest import PERIOD_2022, TODAY, rows_by_label, table
from vanort.core.roles import Role
from vanort.reports import selectors

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


def follow_up(world, data, user=None):
    spec = selectors.follow_up_spec(user or world.users[Role.BOARD], data.document, 2022)
    return selectors.build_report(user or world.users[Role.BOARD], spec, today=TODAY)


def test_follow_up_period_is_the_term_of_office(world, report_data):
    spec = selectors.follow_up_spec(world.users[Role.BOARD], report_data.document, 2022)
    assert (spec.start, spec.end) == PERIOD_2022


def test_follow_up_activities_status_and_areas(world, report_data):
    report = follow_up(world, report_data)
    # Only activities in the document's priority area and the period: school, energy, done.
    status = rows_by_label(table(report, "status"))
    assert status["Planned"][0] == 2 and status["Done"][0] == 1
    assert table(report, "status").footer[1] == 3
    areas = {row[0]: row[-1] for row in table(report, "areas").rows}
    assert areas == {"Smart city": 3, "Education": 1}


def test_goal_fulfilment(world, report_data):
    goals = table(follow_up(world, report_data), "goals")
    label, planned, with_goals, done, fulfilment = goals.footer
    assert (planned, with_goals, done) == (3, 1, 1)
    assert str(fulfilment) == "33.3"


def test_costs_per_paying_organisation_never_pooled(world, report_data):
    report = follow_up(world, report_data)
    payers = rows_by_label(table(report, "costs_payer"))
    assert payers == {
        "Utbildningsförvaltningen": [1, 1_234_50, 0],
        "Tekniska verken": [2, 500_010_01, 9_99],
        "Linköpings universitet": [1, 2_000_00, 1_950_50],
    }
    footer = table(report, "costs_payer").footer
    assert footer[2:] == [503_244_51, 1_960_49]
    by_type = {(r[0], r[1]): r[2] for r in table(report, "costs_type").rows}
    assert by_type[("Tekniska verken", "Accommodation")] == 10_00
    years = {(r[0], r[1]): r[2] for r in table(report, "costs_year").rows}
    assert years == {("2026", "Linköpings universitet"): 2_000_00, ("2026", "Tekniska verken"): 500_010_01,
                     ("2026", "Utbildningsförvaltningen"): 1_234_50}


def test_participation_sums(world, report_data):
    report = follow_up(world, report_data)
    assert [r[1] for r in table(report, "gender").rows] == [17, 13, 2]
    assert [r[1] for r in table(report, "age").rows] == [23, 6, 3]
    assert table(report, "gender").footer[1] == 32


def test_visits_and_overdue_reports(world, report_data):
    report = follow_up(world, report_data)
    visits = table(report, "visits")
    assert visits.footer[1:] == [2, 8, 1, 0, 1]
    assert len(table(report, "visits_overdue").rows) == 1


def test_decisions_of_the_period(world, report_data):
    decisions = table(follow_up(world, report_data), "decisions")
    assert [r[2] for r in decisions.rows] == [report_data.later.case_number]


def test_annual_report(world, report_data):
    user = world.users[Role.COORDINATOR]
    report = selectors.build_report(user, selectors.annual_spec(user, 2026), today=TODAY)
    assert table(report, "status").footer[1] == 4  # the proposal counts too, 2019's project not
    assert table(report, "costs_payer").footer[2] == 503_244_51
    assert [r[2] for r in table(report, "decisions").rows] == [report_data.later.case_number]
    empty = selectors.build_report(user, selectors.annual_spec(user, 2020), today=TODAY)
    assert table(empty, "status").footer[1] == 0 and table(empty, "costs_payer").rows == []


def test_review_report_covers_the_partnership_all_time(world, report_data):
    user = world.users[Role.COORDINATOR]
    report = selectors.build_report(user, selectors.review_spec(user, world.partnership), today=TODAY)
    assert table(report, "status").footer[1] == 4
    assert table(report, "visits").footer[1] == 2
    assert [r[2] for r in table(report, "decisions").rows] == [report_data.later.case_number]


def test_partner_sees_only_its_own_rows(world, report_data):
    partner = world.users[Role.PARTNER]  # Linköpings universitet
    report = selectors.build_report(partner, selectors.annual_spec(partner, 2026), today=TODAY)
    # Its own proposal and the public school exchange; nobody else's internal activities.
    assert table(report, "status").footer[1] == 2
    # Cost lines are never public: only its own, and it paid nothing for these two.
    assert table(report, "costs_payer").rows == []
    assert table(report, "visits").rows == []


def test_other_municipality_sees_nothing_of_linkoping(world, report_data):
    foreign = world.foreign_user
    report = selectors.build_report(foreign, selectors.annual_spec(foreign, 2026), today=TODAY)
    assert table(report, "status").footer[1] == 0
    assert table(report, "decisions").rows == []


def test_query_count_does_not_grow(world, report_data, django_assert_max_num_queries):
    from tests.plans.conftest import make_activity, make_cost

    user = world.users[Role.BOARD]
    spec = selectors.annual_spec(user, 2026)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        selectors.build_report(user, spec, today=TODAY)
    for i in range(5):
        extra = make_activity(world, title=f"Extra {i}", organisation=world.unit, areas=[world.area], start=datetime.date(2026, 6, i + 1))
        make_cost(extra, world.other_unit, 100)
    with CaptureQueriesContext(connection) as after:
        selectors.build_report(user, spec, today=TODAY)
    # the aggregates and margins, and the lists (activities per organisation with their participating
    # organisations, goals, visits, costs per partnership and per currency): one query each
    assert len(after) == len(before) <= 17


def test_costs_printed_as_cross_tables_with_every_payers_own_figures(world, report_data):
    """On paper the long payer × type and year × payer tables become cross tables (a row per
    paying organisation): every cell is one organisation's figure from the long table; the row and
    column totals add up to the payer table and the report's totals."""
    report = follow_up(world, report_data)
    payers = rows_by_label(table(report, "costs_payer"))
    long_type = table(report, "costs_type")
    estimated, actual = long_type.print_as
    assert [t.id for t in long_type.print_as] == ["costs_type_estimated", "costs_type_actual"]
    assert estimated.title == "Estimated costs by paying organisation and cost type (SEK)"
    assert str(estimated.columns[0].label) == "Paid by" and str(estimated.columns[-1].label) == "Total"
    types = [str(c.label) for c in estimated.columns[1:-1]]
    for cross, amount in ((estimated, 2), (actual, 3)):
        cells = {(row[0], kind): value for row in cross.rows for kind, value in zip(types, row[1:-1], strict=True) if value is not None}
        assert cells == {(str(r[0]), str(r[1])): r[amount] for r in long_type.rows}
        for row in cross.rows:
            assert row[-1] == sum(v or 0 for v in row[1:-1])
        assert {row[0]: row[-1] for row in cross.rows} == {name: figures[amount - 1] for name, figures in payers.items()}
        assert cross.footer[1:-1] == [sum(row[1 + i] or 0 for row in cross.rows) for i in range(len(types))]
    assert estimated.rows[[row[0] for row in estimated.rows].index("Tekniska verken")][1 + types.index("Accommodation")] == 10_00
    assert estimated.footer[0] == "Sum of separately paid costs"
    assert (estimated.footer[-1], actual.footer[-1]) == (503_244_51, 1_960_49)
    assert len(estimated.rows) == len(payers)  # one row per organisation, none pooled

    by_year = table(report, "costs_year").print_as
    assert [t.id for t in by_year] == ["costs_year_estimated", "costs_year_actual"]
    assert [str(c.label) for c in by_year[0].columns] == ["Paid by", "2026", "Total"]
    assert {row[0]: row[1:] for row in by_year[0].rows} == {
        "Linköpings universitet": [2_000_00, 2_000_00], "Tekniska verken": [500_010_01, 500_010_01],
        "Utbildningsförvaltningen": [1_234_50, 1_234_50]}
    assert by_year[0].footer == ["Sum of separately paid costs", 503_244_51, 503_244_51]
    assert by_year[1].footer == ["Sum of separately paid costs", 1_960_49, 1_960_49]
    assert all(t.wide for t in [*long_type.print_as, *by_year]) and not table(report, "costs_payer").print_as


def test_cross_tables_split_many_years_and_show_missing_combinations():
    sums = {"estimated": 1_00, "actual": 50}
    cells = {("a", year): sums for year in range(2015, 2023)} | {("b", 2022): sums}
    years = [(year, str(year)) for year in range(2015, 2023)]
    tables = selectors.cross_tables("costs_year", cells, ["a", "b"], str.upper, years, "Summary.",
                                    {"estimated": "Estimated", "actual": "Actual"})
    assert [t.id for t in tables] == ["costs_year_estimated_1", "costs_year_estimated_2", "costs_year_actual_1", "costs_year_actual_2"]
    first, second = tables[0], tables[1]
    assert first.title == "Estimated, 2015–2020" and first.summary == "Summary." and not second.summary
    assert first.rows == [["A", *[1_00] * 6, 6_00]]  # B paid nothing 2015–2020: no row
    assert second.rows == [["A", 1_00, 1_00, 2_00], ["B", None, 1_00, 1_00]]
    assert second.footer == ["Sum of separately paid costs", 1_00, 2_00, 3_00]
    assert tables[-1].footer[-1] == 1_50 and tables[-1].note

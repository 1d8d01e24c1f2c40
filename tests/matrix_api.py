"""Permission-matrix rows for the REST API and the API token page (wired into ``tests/test_matrix.py``).

The matrix client signs in with a session (the API takes sessions as well as tokens); the two
endpoints that create post JSON built in :mod:`tests.matrix_writes` (the others post an empty form). The statuses follow DRF, with the pages' rules for seeing and changing:

* 401 for the anonymous public on every write (and on reading visit notices and cost lines,
  which are never public) — DRF answers 401 because the token scheme comes first;
* 404 for what the role may not see, 403 for a write it may not make (``can_add``/``can``);
* 405 for a method an endpoint does not take (POST on a record, or on a read-only list);
* 201 for an allowed create (the row is then read back by the matrix).

The token page is an ordinary page: anonymous → login (302), an empty POST → 400.
"""

from __future__ import annotations

import datetime

from tests.test_matrix import ALL_200, ALL_405, row
from vanort.plans.models import ActionPlan, Activity, CostLine, Participation, VisitNotice

ANON_401 = "401 405 405 405 405 405 405"  # POST anywhere read-only
PUBLIC = {"get": "200 200 200 200 200 200 404", "post": ANON_401}
INTERNAL = {"get": "404 200 200 200 200 404 404", "post": ANON_401}
FOREIGN = {"get": "404 404 404 404 404 404 200", "post": ANON_401}
READ_ONLY_LIST = {"get": ALL_200, "post": ANON_401}


def add_api(w) -> None:
    """A plan, a public and an internal activity, participation, a cost line and a visit notice."""
    w.api_plan = ActionPlan.objects.create(
        municipality=w.home, partnership=w.partnership, title="Plan 2027",
        period_start=datetime.date(2027, 1, 1), period_end=datetime.date(2027, 12, 31),
    )
    w.api_activity = Activity.objects.create(
        municipality=w.home, plan=w.api_plan, partnership=w.partnership, title="Publik aktivitet", kind="project",
        responsible_organisation=w.unit, is_public=True,
    )
    w.api_internal_activity = Activity.objects.create(
        municipality=w.home, title="Intern aktivitet", kind="project", responsible_organisation=w.unit,
    )
    w.api_participation = Participation.objects.create(activity=w.api_activity, total=1, women=1, age_30_plus=1)
    w.api_cost = CostLine.objects.create(
        municipality=w.home, activity=w.api_activity, paying_organisation=w.unit, cost_type="travel",
        estimated=100, rate_date=datetime.date(2027, 1, 1), year=2027, estimated_home=100,
    )
    w.api_notice = VisitNotice.objects.create(
        municipality=w.home, organisation=w.unit, direction="outgoing", travellers="Anna", purpose="Möte",
        starts_on=datetime.date(2027, 3, 1), ends_on=datetime.date(2027, 3, 2), report_due_on=datetime.date(2027, 4, 1),
    )


ROWS = [
    row("api:schema", get=ALL_200, post=ALL_405),  # the schema and docs views allow anyone (no gate)
    row("api:docs", get=ALL_200, post=ALL_405),
    row("api:redoc", get=ALL_200, post=ALL_405),
    row("api:token", get="302 200 200 200 200 200 200", post="302 200 200 200 200 200 200"),
    # Cities: everyone reads; administrators and coordinators (of either municipality) write.
    row("api:city-list", get=ALL_200, post="401 201 201 403 403 403 201"),
    row("api:city-detail", lambda w: [w.cities.palo_alto.pk], get=ALL_200, post=ANON_401),
    row("api:organisation-list", **READ_ONLY_LIST),
    row("api:organisation-detail", lambda w: [w.unit.pk], **PUBLIC),
    row("api:organisation-detail", lambda w: [w.hidden_org.pk], label="internal", **INTERNAL),
    row("api:partnership-list", **READ_ONLY_LIST),
    row("api:partnership-detail", lambda w: [w.partnership.pk], **PUBLIC),
    row("api:partnership-detail", lambda w: [w.internal_partnership.pk], label="internal", **INTERNAL),
    row("api:partnership-detail", lambda w: [w.foreign_partnership.pk], label="foreign", **FOREIGN),
    row("api:partnership-timeline", lambda w: [w.partnership.pk], **PUBLIC),
    row("api:partnership-timeline", lambda w: [w.internal_partnership.pk], label="internal", **INTERNAL),
    row("api:agreement-list", **READ_ONLY_LIST),
    row("api:agreement-detail", lambda w: [w.agreement.pk], **PUBLIC),
    row("api:agreement-detail", lambda w: [w.internal_agreement.pk], label="internal", **INTERNAL),
    row("api:network-list", **READ_ONLY_LIST),
    row("api:network-detail", lambda w: [w.network.pk], **PUBLIC),
    row("api:actionplan-list", **READ_ONLY_LIST),
    row("api:actionplan-detail", lambda w: [w.api_plan.pk], **PUBLIC),
    # Activities: owner editors (unit editors, partners) propose for their own organisation.
    row("api:activity-list", get=ALL_200, post="401 201 201 403 201 201 201"),
    row("api:activity-detail", lambda w: [w.api_activity.pk], **PUBLIC),
    row("api:activity-detail", lambda w: [w.api_internal_activity.pk], label="internal", **INTERNAL),
    row("api:participation-list", **READ_ONLY_LIST),
    row("api:participation-detail", lambda w: [w.api_participation.pk], **PUBLIC),
    # Never public: 401 for the public even to read; the partner is not the paying organisation.
    row("api:milestone-list", get="200 200 200 200 200 200 200", post="401 201 201 403 201 403 404"),
    row("api:milestone-detail", lambda w: [w.milestone.pk], get="200 200 200 200 200 200 404", post=ANON_401),
    row("api:costline-list", get="401 200 200 200 200 200 200", post=ANON_401),
    row("api:costline-detail", lambda w: [w.api_cost.pk], get="401 200 200 200 200 404 404", post=ANON_401),
    row("api:visitnotice-list", get="401 200 200 200 200 200 200", post=ANON_401),
    row("api:visitnotice-detail", lambda w: [w.api_notice.pk], get="401 200 200 200 200 404 404", post=ANON_401),
]

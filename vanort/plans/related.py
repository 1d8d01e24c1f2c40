"""What the plans app shows on the register's pages (:mod:`vanort.core.related`): a partnership's
action plans, recent activities and visits, a network's plans and activities. Each section is one
query through the gate, left out for a user who may not list such records at all."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vanort.core import related
from vanort.core.permissions import VIEW, can_list, restrict
from vanort.plans.models import ActionPlan, Activity, VisitNotice
from vanort.registry.models import Network, Partnership

#: How many activities a partnership's or network's page lists (the list page has them all).
RECENT_ACTIVITIES = 5


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _period(plan) -> str:
    return f"{_date(plan.period_start)} – {_date(plan.period_end)}"


def plans_section(user, plans) -> related.Section | None:
    if not can_list(user, ActionPlan):
        return None
    rows = restrict(plans, user, VIEW).order_by("-period_start", "pk")
    return related.Section("plans", _lazy("Action plans"), [
        related.Item(str(plan), plan.get_absolute_url(), f"{_period(plan)}, {plan.get_status_display().lower()}") for plan in rows
    ], empty=_lazy("No action plans."))


def activities_section(user, activities, *, filter_key: str, pk: int) -> related.Section | None:
    """The most recent few activities, newest first, and a link to all of them in the list."""
    if not can_list(user, Activity):
        return None
    rows = list(restrict(activities, user, VIEW).order_by("-planned_start", "-pk")[:RECENT_ACTIVITIES])
    listed = f"{reverse('plans:activity_list')}?{filter_key}={pk}"
    return related.Section("activities", _lazy("Recent activities"), [
        related.Item(str(activity), activity.get_absolute_url(), f"{_date(activity.planned_start)}, {activity.get_status_display().lower()}")
        for activity in rows
    ], empty=_lazy("No activities."), more=(_("All its activities in the activity list"), listed) if rows else None)


def partnership_plans(partnership, user):
    return plans_section(user, ActionPlan.objects.filter(partnership=partnership))


def partnership_activities(partnership, user):
    return activities_section(user, Activity.objects.filter(partnership=partnership), filter_key="partnership", pk=partnership.pk)


def partnership_visits(partnership, user):
    if not can_list(user, VisitNotice):
        return None
    rows = restrict(VisitNotice.objects.filter(partnership=partnership), user, VIEW).order_by("-starts_on", "-pk")
    return related.Section("visits", _lazy("Visits"), [
        related.Item(str(notice), notice.get_absolute_url(), notice.get_status_display()) for notice in rows
    ], empty=_lazy("No visits notified."))


def network_plans(network, user):
    return plans_section(user, ActionPlan.objects.filter(network=network))


def network_activities(network, user):
    return activities_section(user, Activity.objects.filter(network=network), filter_key="network", pk=network.pk)


def register() -> None:
    related.register(Partnership, partnership_plans, order=30)
    related.register(Partnership, partnership_activities, order=40)
    related.register(Partnership, partnership_visits, order=50)
    related.register(Network, network_plans, order=30)
    related.register(Network, network_activities, order=40)

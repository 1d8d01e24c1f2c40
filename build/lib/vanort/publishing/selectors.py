"""What the public may see, read through the permission gate as the anonymous visitor.

Public pages, feeds, calendars, exports and the sitemap all read here, so that only what is
marked public ever appears — even when a signed-in user opens them. The one exception is the
private calendar, which reads as its owner (:func:`activities_for`).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import DateField, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from vanort.core.permissions import VIEW, restrict
from vanort.places.models import City
from vanort.plans.models import ActionPlan, Activity, VisitNotice
from vanort.publishing.models import NewsItem
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent
from vanort.tenancy.models import Municipality

PUBLIC = AnonymousUser()


def public(queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` that the anonymous public may see."""
    return restrict(queryset, PUBLIC, VIEW)


def municipalities() -> QuerySet:
    return public(Municipality.objects.all()).select_related("city").order_by("name")


def municipality(slug: str) -> Municipality:
    found = municipalities().filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def areas_prefetch(lookup: str = "priority_areas") -> Prefetch:
    return Prefetch(lookup, queryset=public(PriorityArea.objects.all()))


def partnerships(home: Municipality) -> QuerySet:
    return public(Partnership.objects.filter(municipality=home)).select_related("partner_city").order_by("partner_city__name")


def partnership(home: Municipality, pk: int) -> Partnership:
    found = partnerships(home).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def networks(home: Municipality) -> QuerySet:
    return public(Network.objects.filter(municipality=home)).prefetch_related(
        Prefetch("member_cities", queryset=City.objects.order_by("name"))
    )


def with_dates(queryset: QuerySet) -> QuerySet:
    """Activities annotated with ``starts``/``ends`` (actual if known, else planned)."""
    return queryset.annotate(
        starts=Coalesce("actual_start", "planned_start", output_field=DateField()),
        ends=Coalesce("actual_end", "planned_end", "actual_start", "planned_start", output_field=DateField()),
    )


def activities(home: Municipality, subject: Partnership | None = None) -> QuerySet:
    qs = public(Activity.objects.filter(municipality=home))
    if subject is not None:
        qs = qs.filter(Q(partnership=subject) | Q(plan__partnership=subject))
    return with_dates(qs).select_related("partnership__partner_city", "network", "plan")


def dated_activities(home: Municipality, subject: Partnership | None = None) -> QuerySet:
    """Public activities with a date — the public's "visits and events"."""
    return activities(home, subject).filter(starts__isnull=False).order_by("starts", "pk")


def upcoming(home: Municipality, limit: int = 10) -> QuerySet:
    today = timezone.localdate()
    return dated_activities(home).filter(ends__gte=today).exclude(status=Activity.Status.CANCELLED)[:limit]


def recent(home: Municipality, limit: int = 5) -> QuerySet:
    today = timezone.localdate()
    return dated_activities(home).filter(ends__lt=today).order_by("-starts", "-pk")[:limit]


def activity(home: Municipality, pk: int) -> Activity:
    found = activities(home).filter(pk=pk).prefetch_related(areas_prefetch()).first()
    if found is None:
        raise Http404
    return found


def news(home: Municipality, subject: Partnership | None = None) -> QuerySet:
    qs = public(NewsItem.objects.filter(municipality=home, published_at__lte=timezone.now()))
    if subject is not None:
        qs = qs.filter(partnership=subject)
    return qs.select_related("municipality").order_by("-published_at", "-pk")


def news_item(home: Municipality, pk: int) -> NewsItem:
    found = news(home).filter(pk=pk).first()
    if found is None:
        raise Http404
    # Links to a partnership or activity are shown only if those are public too.
    found.public_partnership = public(Partnership.objects.filter(pk=found.partnership_id)).select_related("partner_city").first() if found.partnership_id else None
    found.public_activity = public(Activity.objects.filter(pk=found.activity_id)).first() if found.activity_id else None
    return found


def timeline(subject: Partnership) -> QuerySet:
    return public(subject.timeline.all()).order_by("date", "pk")


def events(home: Municipality) -> QuerySet:
    return public(TimelineEvent.objects.filter(partnership__municipality=home)).select_related("partnership__partner_city").order_by(
        "partnership__partner_city__name", "date", "pk"
    )


def current_plan(subject: Partnership) -> ActionPlan | None:
    """The public action plan whose period holds today, else the latest one."""
    plans = public(ActionPlan.objects.filter(partnership=subject))
    today = timezone.localdate()
    return plans.filter(period_start__lte=today, period_end__gte=today).order_by("-period_start").first() or plans.order_by(
        "-period_start", "-pk"
    ).first()


def plan_activities(plan: ActionPlan) -> QuerySet:
    return with_dates(public(plan.activities.all())).order_by("starts", "pk")


def contacts(subject: Partnership) -> QuerySet:
    return public(subject.contacts.all()).select_related("organisation").order_by("organisation__name", "name")


def organisations(subject: Partnership) -> QuerySet:
    return public(subject.organisations.all()).order_by("name")


def areas(subject) -> QuerySet:
    return public(subject.priority_areas.all())


def agreements(subject: Partnership) -> QuerySet:
    return public(Agreement.objects.current().filter(partnership=subject)).order_by("signed_on", "pk")


def activities_for(user, *, since: datetime.date) -> tuple[QuerySet, QuerySet]:
    """Everything dated that ``user`` may see from ``since`` on: activities and visit notices."""
    acts = with_dates(restrict(Activity.objects.all(), user, VIEW)).filter(starts__isnull=False, ends__gte=since).select_related(
        "municipality", "partnership__partner_city"
    ).order_by("starts", "pk")
    visits = restrict(VisitNotice.objects.all(), user, VIEW).filter(ends_on__gte=since).select_related(
        "municipality", "organisation", "partnership__partner_city"
    ).order_by("starts_on", "pk")
    return acts, visits



"""iCalendar (RFC 5545) files of public activities with dates, and each user's private calendar.

The public calendars list the public's "visits and events": public activities that have dates,
from a year back on.
The private calendar lists what its owner may see (through the gate) and needs no session: its
address holds a random token, stored only as a hash, that the owner can replace or revoke.
"""

from __future__ import annotations

import datetime
from contextlib import nullcontext

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_http_methods, require_safe

from vanort.core.permissions import VIEW, restrict
from vanort.core.uploads import named
from vanort.plans.models import Activity
from vanort.plans.services.series import rule_dates
from vanort.publishing import caching, selectors
from vanort.publishing.models import CalendarToken
from vanort.publishing.sanitize import plain_text

PRODID = "-//Vänort//Partner-city cooperation//EN"
#: How far back the calendars reach. A subscribed calendar needs what is coming and the past year,
#: not every year since the start: a municipality's whole history was megabytes and, under load,
#: more than the server's 30-second request limit (found by ``bench/load.py``).
HISTORY_DAYS = 365


def _calendar(name: str, description: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", plain_text(name))
    cal.add("x-wr-caldesc", plain_text(description))
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    return cal


def _event(uid: str, *, summary, starts, ends, stamp, description="", location="", url="", status="CONFIRMED"):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("summary", plain_text(summary))
    event.add("dtstart", starts)  # a date: an all-day event
    event.add("dtend", (ends or starts) + datetime.timedelta(days=1))  # DTEND of a date is exclusive
    if description:
        event.add("description", str(description).replace("\r\n", "\n"))
    if location:
        event.add("location", plain_text(location))
    if url:
        event.add("url", url)
    event.add("status", status)
    event.add("transp", "TRANSPARENT")
    return event


def _status(activity) -> str:
    if activity.status == Activity.Status.CANCELLED:
        return "CANCELLED"
    if activity.status == Activity.Status.PROPOSED:
        return "TENTATIVE"
    return "CONFIRMED"


def _host(request) -> str:
    return request.get_host().split(":")[0] or "vanort"


def activity_event(request, activity, slug: str):
    parts = [activity.get_kind_display(), activity.get_status_display()]
    description = " · ".join(str(p) for p in parts)
    if activity.description:
        description += "\n\n" + activity.description
    return _event(
        f"activity-{activity.pk}@{_host(request)}",
        summary=activity.title, starts=activity.starts, ends=activity.ends, stamp=activity.updated_at,
        description=description, location=activity.place,
        url=request.build_absolute_uri(reverse("publishing:activity", args=[slug, activity.pk])),
        status=_status(activity),
    )


def add_activities(cal, request, activities, make_event, *, visible) -> None:
    """Add an event per activity; the occurrences of a series as one recurring event (RFC 5545):
    a master VEVENT with the series' RRULE, EXDATE for the rule's dates not shown here (left out
    or out of the calendar's range), and each occurrence as an override by RECURRENCE-ID — its
    own dates, status and title. ``visible`` is every activity the reader may see, whatever its
    date: a series with an occurrence outside it is given as separate events, since its rule (and
    an EXDATE) would tell the reader the date of an occurrence they may not see. The series come
    from the same query (``select_related``); the hidden ones from one more."""
    host = _host(request)
    by_series: dict[int, list] = {}
    for activity in activities:
        if activity.series_id and activity.series_date:
            by_series.setdefault(activity.series_id, []).append(activity)
        else:
            cal.add_component(make_event(activity))
    hidden = set(Activity.objects.filter(series_id__in=list(by_series)).exclude(pk__in=visible.values("pk")).values_list(
        "series_id", flat=True).distinct()) if by_series else set()
    for series_id, occurrences in by_series.items():
        if series_id in hidden:
            for activity in occurrences:
                cal.add_component(make_event(activity))
            continue
        series = occurrences[0].series
        uid = f"series-{series.pk}@{host}"
        first = occurrences[0]
        master = make_event(first)
        master["uid"] = uid
        for name in ("dtstart", "dtend"):
            master.pop(name)
        master.add("dtstart", series.first_start)
        master.add("dtend", series.first_start + datetime.timedelta(days=series.duration_days + 1))
        master.add("rrule", icalendar.vRecur.from_ical(series.rrule))
        shown = {a.series_date for a in occurrences}
        left_out = [day for day in rule_dates(series.rrule, series.first_start) if day not in shown]
        if left_out:
            master.add("exdate", left_out)
        cal.add_component(master)
        for activity in occurrences:
            event = make_event(activity)
            event["uid"] = uid
            event.add("recurrence-id", activity.series_date)
            cal.add_component(event)


def ics_response(cal: icalendar.Calendar, filename: str) -> HttpResponse:
    return named(HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8"), filename, inline=True)


def _language(request):
    """``?lang=en`` chooses the calendar's language (calendar programs send no cookie)."""
    code = request.GET.get("lang")
    return code if code in ("sv", "en") else None


@require_safe
@caching.public_response
def public_calendar(request, slug, pk=None):
    language = _language(request)
    with override(language) if language else nullcontext():
        home = selectors.municipality(slug)
        subject = selectors.partnership(home, pk) if pk is not None else None
        name = f"{home.name} – {subject.partner_city.name}" if subject else home.name
        cal = _calendar(_("Visits and events: %(name)s") % {"name": name}, _("Public activities of the partner-city cooperation."))
        since = timezone.localdate() - datetime.timedelta(days=HISTORY_DAYS)
        activities = selectors.dated_activities(home, subject).filter(ends__gte=since).select_related("series")
        add_activities(cal, request, activities, lambda activity: activity_event(request, activity, home.slug),
                       visible=selectors.public(Activity.objects.all()))
        filename = f"{home.slug}-{subject.pk}.ics" if subject else f"{home.slug}.ics"
        return ics_response(cal, filename)


@require_safe
def private_calendar(request, token):
    """Everything dated that the token's owner may see; no session needed, never cached."""
    user = CalendarToken.user_for(token)
    if user is None:
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=HISTORY_DAYS)
    activities, visits = selectors.activities_for(user, since=since)
    language = _language(request)
    with override(language) if language else nullcontext():
        cal = _calendar(_("Vänort: my calendar"), _("Activities and visits that you may see in Vänort."))
        host = _host(request)
        def private_event(activity):
            return _event(
                f"activity-{activity.pk}@{host}", summary=activity.title, starts=activity.starts, ends=activity.ends,
                stamp=activity.updated_at, description=f"{activity.get_kind_display()} · {activity.get_status_display()}",
                location=activity.place, url=request.build_absolute_uri(activity.get_absolute_url()), status=_status(activity),
            )

        add_activities(cal, request, activities.select_related("series"), private_event,
                       visible=restrict(Activity.objects.all(), user, VIEW))
        for visit in visits:
            # The travellers' names are personal data: not in a calendar that may be synced elsewhere.
            summary = _("Visit: %(direction)s") % {"direction": visit.get_direction_display()}
            if visit.place:
                summary += f" – {visit.place}"
            cal.add_component(_event(
                f"visit-{visit.pk}@{host}", summary=summary, starts=visit.starts_on, ends=visit.ends_on, stamp=visit.updated_at,
                description=f"{visit.organisation} · {visit.get_status_display()}", location=visit.place,
                url=request.build_absolute_uri(reverse("plans:visitnotice_detail", args=[visit.pk])),
            ))
    CalendarToken.objects.filter(user=user).update(last_used_at=timezone.now())
    response = ics_response(cal, "vanort.ics")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_token(request):
    """Create, replace or revoke the signed-in user's private calendar address."""
    new_url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            token = CalendarToken.issue(request.user)
            new_url = request.build_absolute_uri(reverse("publishing:private_calendar", args=[token]))
        elif action == "revoke":
            CalendarToken.objects.filter(user=request.user).delete()
            messages.success(request, _("Your private calendar address no longer works."))
            return redirect("publishing:calendar_token")
        else:
            return HttpResponseBadRequest(_("Choose to create or revoke the address."))
    existing = CalendarToken.objects.filter(user=request.user).first()
    response = render(request, "publishing/calendar_token.html", {"existing": existing, "new_url": new_url})
    response["Cache-Control"] = "private, no-store"
    return response

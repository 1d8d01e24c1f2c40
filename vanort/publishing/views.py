"""Public pages: a start page per municipality, partnership, activity and news pages, open data, accessibility.

Each page's content is rendered as a fragment without the request (no user, CSRF token or nonce),
from public data only, and cached for anonymous visitors (see :mod:`vanort.publishing.caching`).
The layout around it is rendered per request.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from vanort.core.permissions import everyone
from vanort.publishing import caching, maps, selectors
from vanort.publishing.exports import DATASETS

#: The date of the accessibility statement; update it whenever the statement is reviewed.
STATEMENT_DATE = datetime.date(2026, 12, 7)
#: Where visitors report accessibility problems; defaults to the sender address of Vänort's e-mail.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"


def page(request, template: str, *, title: str, build, municipality=None, extra=None):
    """The page ``template`` (a fragment) inside the layout; the fragment is cached for anonymous visitors."""
    content = caching.fragment(request, lambda: render_to_string(template, build()))
    context = {"title": title, "content": mark_safe(content), "public_municipality": municipality, **(extra or {})}  # noqa: S308
    return render(request, "publishing/page.html", context)


@require_safe
def index(request):
    def build():
        return {"municipalities": list(selectors.municipalities())}

    return page(request, "publishing/index.html", title=_("Public pages"), build=build)


index.reach = everyone


@require_safe
def municipality(request, slug):
    home = selectors.municipality(slug)

    def build():
        partnerships = list(selectors.partnerships(home))
        networks = list(selectors.networks(home))
        members = [city for network in networks for city in network.member_cities.all()]
        return {
            "municipality": home,
            "partnerships": partnerships,
            "networks": networks,
            "map": maps.build(home.city, [p.partner_city for p in partnerships], members),
            "upcoming": list(selectors.upcoming(home)),
            "recent": list(selectors.recent(home)),
            "news": list(selectors.news(home)[:5]),
        }

    return page(request, "publishing/municipality.html", title=home.name, build=build, municipality=home)


@require_safe
def partnership(request, slug, pk):
    home = selectors.municipality(slug)
    subject = selectors.partnership(home, pk)

    def build():
        plan = selectors.current_plan(subject)
        return {
            "municipality": home,
            "partnership": subject,
            "city": subject.partner_city,
            "timeline": list(selectors.timeline(subject)),
            "areas": list(selectors.areas(subject)),
            "plan": plan,
            "plan_activities": list(selectors.plan_activities(plan)) if plan else [],
            "contacts": list(selectors.contacts(subject)),
            "organisations": list(selectors.organisations(subject)),
            "agreements": list(selectors.agreements(subject)),
            "news": list(selectors.news(home, subject)[:5]),
        }

    title = _("%(home)s – %(city)s") % {"home": home.name, "city": subject.partner_city.name}
    return page(request, "publishing/partnership.html", title=title, build=build, municipality=home)


@require_safe
def activity(request, slug, pk):
    home = selectors.municipality(slug)
    item = selectors.activity(home, pk)

    def build():
        subject_pk = item.partnership_id or (item.plan.partnership_id if item.plan_id else None)
        subject = selectors.partnerships(home).filter(pk=subject_pk).first() if subject_pk else None
        return {
            "municipality": home, "activity": item, "partnership": subject, "areas": list(item.priority_areas.all()),
            "attachments": list(selectors.public(item.attachments.all())),
        }

    return page(request, "publishing/activity.html", title=item.title, build=build, municipality=home)


@require_safe
def news_list(request, slug):
    home = selectors.municipality(slug)
    number = request.GET.get("page", "1")

    def build():
        return {"municipality": home, "page": Paginator(selectors.news(home), 20).get_page(number)}

    return page(request, "publishing/news_list.html", title=_("News from %(name)s") % {"name": home.name}, build=build,
                municipality=home)


@require_safe
def news_detail(request, slug, pk):
    home = selectors.municipality(slug)
    item = selectors.news_item(home, pk)

    def build():
        return {"municipality": home, "item": item}

    return page(request, "publishing/news_detail.html", title=item.title, build=build, municipality=home)


@require_safe
def open_data(request, slug):
    home = selectors.municipality(slug)

    def build():
        return {"municipality": home, "datasets": DATASETS}

    return page(request, "publishing/open_data.html", title=_("Open data from %(name)s") % {"name": home.name}, build=build,
                municipality=home)


@require_safe
def accessibility(request):
    def build():
        return {
            "statement_date": STATEMENT_DATE,
            "feedback_email": getattr(settings, "VANORT_ACCESSIBILITY_EMAIL", "") or settings.DEFAULT_FROM_EMAIL,
            "digg_url": DIGG_REPORT_URL,
        }

    return page(request, "publishing/accessibility.html", title=_("Accessibility statement"), build=build)

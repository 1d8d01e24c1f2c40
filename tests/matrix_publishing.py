"""Permission-matrix rows for the publishing app's URLs (wired into ``tests/test_matrix.py``).

Public pages, feeds, calendars and exports read as the anonymous public for everyone: a public
record is 200 for every role, an internal one 404 for every role. News is written on resource
pages by administrators and coordinators.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.test_matrix import (
    ALL_200,
    ALL_405,
    EDITOR_CREATE,
    FOREIGN_DETAIL,
    FOREIGN_EDIT,
    FOREIGN_HISTORY,
    FOREIGN_RESTORE,
    INTERNAL_DELETE,
    INTERNAL_DETAIL,
    INTERNAL_EDIT,
    INTERNAL_HISTORY,
    INTERNAL_RESTORE,
    PUBLIC_DELETE,
    PUBLIC_DETAIL,
    PUBLIC_EDIT,
    PUBLIC_HISTORY,
    PUBLIC_RESTORE,
    first_version,
    row,
)

PUBLIC = {"get": ALL_200, "post": ALL_405}
HIDDEN = {"get": "404", "post": ALL_405}
SLUG = "linkoping"


def add_publishing(w) -> None:
    """The records the publishing rows need, added to the matrix world."""
    from tests.plans.conftest import make_activity
    from vanort.plans.models import Activity
    from vanort.publishing.models import CalendarToken, NewsItem

    now = timezone.now()
    w.news = NewsItem.objects.create(municipality=w.home, title="Publik nyhet", is_public=True, published_at=now - datetime.timedelta(hours=1))
    w.internal_news = NewsItem.objects.create(municipality=w.home, title="Intern nyhet", is_public=False)
    w.foreign_news = NewsItem.objects.create(municipality=w.other, title="Annan nyhet", is_public=False)
    w.pub_activity = make_activity(w, title="Publik aktivitet", organisation=w.unit, areas=[w.area], is_public=True,
                                      partnership=w.partnership)
    w.pub_internal_activity = Activity.objects.get(pk=make_activity(w, title="Intern aktivitet", organisation=w.unit, areas=[w.area]).pk)
    w.calendar_token = CalendarToken.issue(w.users["coordinator"])


def _news_rows():
    news, internal, foreign = (lambda w: w.news), (lambda w: w.internal_news), (lambda w: w.foreign_news)
    app = "publishing:newsitem"
    return [
        row(f"{app}_list", get=ALL_200, post=ALL_405),
        row(f"{app}_create", **EDITOR_CREATE),
        row(f"{app}_detail", lambda w: [news(w).pk], **PUBLIC_DETAIL),
        row(f"{app}_edit", lambda w: [news(w).pk], **PUBLIC_EDIT),
        row(f"{app}_history", lambda w: [news(w).pk], **PUBLIC_HISTORY),
        row(f"{app}_restore", lambda w: [news(w).pk, first_version(news(w))], **PUBLIC_RESTORE),
        row(f"{app}_delete", lambda w: [news(w).pk], **PUBLIC_DELETE),
        row(f"{app}_detail", lambda w: [internal(w).pk], label="internal", **INTERNAL_DETAIL),
        row(f"{app}_edit", lambda w: [internal(w).pk], label="internal", **INTERNAL_EDIT),
        row(f"{app}_history", lambda w: [internal(w).pk], label="internal", **INTERNAL_HISTORY),
        row(f"{app}_restore", lambda w: [internal(w).pk, first_version(internal(w))], label="internal", **INTERNAL_RESTORE),
        row(f"{app}_delete", lambda w: [internal(w).pk], label="internal", **INTERNAL_DELETE),
        row(f"{app}_detail", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_DETAIL),
        row(f"{app}_edit", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_EDIT),
        row(f"{app}_history", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_HISTORY),
        row(f"{app}_restore", lambda w: [foreign(w).pk, first_version(foreign(w))], label="foreign", **FOREIGN_RESTORE),
    ]


def _public(name, args=None, label=""):
    return [row(name, args, label=label, **PUBLIC)]


def _per_subject(name, public_args, hidden_args):
    return [row(name, public_args, **PUBLIC), row(name, hidden_args, label="internal", **HIDDEN)]


ROWS = [
    *_public("publishing:index"),
    *_public("publishing:accessibility"),
    *_public("publishing:sitemap"),
    row("publishing:municipality", lambda w: [SLUG], **PUBLIC),
    row("publishing:municipality", lambda w: ["no-such-place"], label="unknown", **HIDDEN),
    *_per_subject("publishing:partnership", lambda w: [SLUG, w.partnership.pk], lambda w: [SLUG, w.internal_partnership.pk]),
    row("publishing:partnership", lambda w: ["other", w.foreign_partnership.pk], label="foreign", **HIDDEN),
    *_per_subject("publishing:activity", lambda w: [SLUG, w.pub_activity.pk], lambda w: [SLUG, w.pub_internal_activity.pk]),
    row("publishing:news_list", lambda w: [SLUG], **PUBLIC),
    *_per_subject("publishing:news_detail", lambda w: [SLUG, w.news.pk], lambda w: [SLUG, w.internal_news.pk]),
    row("publishing:news_feed", lambda w: [SLUG], **PUBLIC),
    row("publishing:activity_feed", lambda w: [SLUG], **PUBLIC),
    row("publishing:calendar", lambda w: [SLUG], **PUBLIC),
    *_per_subject("publishing:partnership_news_feed", lambda w: [SLUG, w.partnership.pk], lambda w: [SLUG, w.internal_partnership.pk]),
    *_per_subject("publishing:partnership_activity_feed", lambda w: [SLUG, w.partnership.pk], lambda w: [SLUG, w.internal_partnership.pk]),
    *_per_subject("publishing:partnership_calendar", lambda w: [SLUG, w.partnership.pk], lambda w: [SLUG, w.internal_partnership.pk]),
    row("publishing:open_data", lambda w: [SLUG], **PUBLIC),
    row("publishing:export", lambda w: [SLUG, "activities", "csv"], **PUBLIC),
    row("publishing:export", lambda w: [SLUG, "partnerships", "json"], label="json", **PUBLIC),
    row("publishing:export", lambda w: [SLUG, "costs", "csv"], label="unknown", **HIDDEN),
    row("publishing:calendar_token", get="302 200 200 200 200 200 200", post="302 200 200 200 200 200 200"),
    # The private calendar needs no session: whoever holds the address reads its owner's calendar.
    row("publishing:private_calendar", lambda w: [w.calendar_token], **PUBLIC),
    row("publishing:private_calendar", lambda w: ["revoked-or-made-up"], label="unknown", **HIDDEN),
    *_news_rows(),
]

"""Atom feeds of public news and public activities, per municipality and per partnership."""

from __future__ import annotations

from contextlib import nullcontext

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from vanort.publishing import caching, selectors
from vanort.publishing.sanitize import plain_text

LIMIT = 50


class _PublicFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        # The cache wraps the feed per language and host, for anonymous requests only. Feed readers
        # send no language cookie: ``?lang=en`` (as in the subscribe links) chooses the language.
        language = request.GET.get("lang")
        with override(language) if language in ("sv", "en") else nullcontext():
            return caching.public_response(super().__call__)(request, *args, **kwargs)

    def item_description(self, item):
        # Atom's <summary> is written as type="html": the plain text is escaped, so markup typed into
        # a title or description reaches the feed reader as text and never as markup that runs.
        return escape(plain_text(self.summary_text(item)))

    def get_object(self, request, slug, pk=None):
        home = selectors.municipality(slug)
        subject = selectors.partnership(home, pk) if pk is not None else None
        return home, subject

    def subject_name(self, obj):
        home, subject = obj
        return f"{home.name} – {subject.partner_city.name}" if subject else home.name

    def link(self, obj):
        home, subject = obj
        if subject:
            return reverse("publishing:partnership", args=[home.slug, subject.pk])
        return reverse("publishing:municipality", args=[home.slug])

    def item_title(self, item):
        return plain_text(item.title)

    def feed_extra_kwargs(self, obj):
        return {}


class NewsFeed(_PublicFeed):
    def title(self, obj):
        return plain_text(_("News: %(name)s") % {"name": self.subject_name(obj)})

    def subtitle(self, obj):
        return _("Public news about the partner-city cooperation.")

    def items(self, obj):
        home, subject = obj
        return selectors.news(home, subject)[:LIMIT]

    def summary_text(self, item):
        return item.summary

    def item_link(self, item):
        return item.public_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)


class ActivityFeed(_PublicFeed):
    def title(self, obj):
        return plain_text(_("Activities: %(name)s") % {"name": self.subject_name(obj)})

    def subtitle(self, obj):
        return _("Public activities, visits and events of the partner-city cooperation.")

    def items(self, obj):
        home, subject = obj
        items = list(selectors.activities(home, subject).order_by("-updated_at", "-pk")[:LIMIT])
        for item in items:
            item.home_slug = home.slug  # the feed object is shared between requests: nothing on self
        return items

    def summary_text(self, item):
        parts = [item.get_kind_display(), item.get_status_display()]
        if item.starts:
            parts.append(item.starts.isoformat() + (f" – {item.ends.isoformat()}" if item.ends and item.ends != item.starts else ""))
        if item.place:
            parts.append(item.place)
        return " · ".join(str(p) for p in parts) + (". " + item.description if item.description else "")

    def item_link(self, item):
        return reverse("publishing:activity", args=[item.home_slug, item.pk])

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

"""The sitemap of public pages: only what the anonymous public may see."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from vanort.publishing import selectors
from vanort.publishing.models import NewsItem
from vanort.registry.models import Partnership


class StaticSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        pages = [("publishing:index", ()), ("publishing:accessibility", ())]
        for home in selectors.municipalities():
            pages += [
                ("publishing:municipality", (home.slug,)),
                ("publishing:news_list", (home.slug,)),
                ("publishing:open_data", (home.slug,)),
            ]
        return pages

    def location(self, item):
        name, args = item
        return reverse(name, args=args)


class PartnershipSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        homes = selectors.municipalities()
        return selectors.public(Partnership.objects.filter(municipality__in=homes)).select_related("municipality").order_by("pk")

    def location(self, item):
        return reverse("publishing:partnership", args=[item.municipality.slug, item.pk])

    def lastmod(self, item):
        return item.updated_at


class ActivitySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        from vanort.plans.models import Activity

        homes = selectors.municipalities()
        return selectors.public(Activity.objects.filter(municipality__in=homes)).select_related("municipality").order_by("pk")

    def location(self, item):
        return reverse("publishing:activity", args=[item.municipality.slug, item.pk])

    def lastmod(self, item):
        return item.updated_at


class NewsSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        from django.utils import timezone

        homes = selectors.municipalities()
        return selectors.public(NewsItem.objects.filter(municipality__in=homes, published_at__lte=timezone.now())).select_related(
            "municipality"
        ).order_by("pk")

    def location(self, item):
        return item.public_url()

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": StaticSitemap, "partnerships": PartnershipSitemap, "activities": ActivitySitemap, "news": NewsSitemap}

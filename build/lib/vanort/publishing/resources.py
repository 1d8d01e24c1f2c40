"""The news pages for those who write news: list, detail, create, edit, history (coordinators, admins)."""

from django.utils.translation import gettext_lazy as _

from vanort.core.resources import Column, Resource
from vanort.publishing import forms
from vanort.publishing.models import NewsItem


class NewsItemResource(Resource):
    model = NewsItem
    prefix = "news"
    form_class = forms.NewsItemForm
    columns = (
        Column("title", _("Title"), "title", link=True),
        Column("published_at", _("Published"), "published_at"),
        Column("municipality.name", _("Municipality"), "municipality__name"),
        Column("is_public", _("Public"), "is_public"),
    )
    default_sort = "-published_at"
    select_related = ("municipality",)
    detail_select_related = ("municipality", "partnership__partner_city", "partnership__municipality", "activity")
    detail_template = "publishing/newsitem_detail.html"
    detail_fields = ("title", "summary", "published_at", "partnership", "activity", "is_public")
    deletable = True

    @staticmethod
    def detail_context(request, item):
        return {"public_url": item.public_url() if item.is_public else None}


RESOURCES = (NewsItemResource,)

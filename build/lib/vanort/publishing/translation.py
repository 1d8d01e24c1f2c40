from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from vanort.publishing.models import NewsItem


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


track_history(NewsItem, app="vanort.publishing")

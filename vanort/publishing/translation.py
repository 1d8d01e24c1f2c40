from modeltranslation.translator import TranslationOptions, register

from vanort.core.history import track_history
from vanort.publishing.models import NewsItem


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


track_history(NewsItem, app="vanort.publishing")

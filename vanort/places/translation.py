from modeltranslation.translator import TranslationOptions, register

from vanort.core.history import track_history
from vanort.places.models import City


@register(City)
class CityTranslation(TranslationOptions):
    fields = ("profile",)


track_history(City, app="vanort.places")

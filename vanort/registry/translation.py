from modeltranslation.translator import TranslationOptions, register

from vanort.core.history import track_history
from vanort.registry import models as m


@register(m.PriorityArea)
class PriorityAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(m.Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("summary",)


@register(m.TimelineEvent)
class TimelineEventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(m.Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title",)


@register(m.Network)
class NetworkTranslation(TranslationOptions):
    fields = ("name", "description")


for model in (m.PriorityArea, m.Partnership, m.TimelineEvent, m.Agreement, m.Network):
    track_history(model, app="vanort.registry")

from modeltranslation.translator import TranslationOptions, register

from vanort.core.history import track_history
from vanort.governance import models as m


@register(m.Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("title", "decision_points")


@register(m.GoverningDocument)
class GoverningDocumentTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(m.Guideline)
class GuidelineTranslation(TranslationOptions):
    fields = ("text",)


for model in (
    m.Decision, m.Distribution, m.GoverningDocument, m.Guideline, m.FollowUp, m.Review, m.PartnershipRequest,
    m.ActivityGuidelineAssessment,
):
    track_history(model, app="vanort.governance")

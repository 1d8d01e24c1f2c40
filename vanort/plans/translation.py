from modeltranslation.translator import TranslationOptions, register

from vanort.core.history import track_history
from vanort.plans import models as m


@register(m.ActionPlan)
class ActionPlanTranslation(TranslationOptions):
    fields = ("title", "description")


@register(m.Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "description")


track_history(m.ActionPlan, app="vanort.plans")
track_history(m.Activity, app="vanort.plans")
track_history(m.VisitNotice, app="vanort.plans")
track_history(m.CostLine, app="vanort.plans")
track_history(m.Participation, app="vanort.plans")
track_history(m.Milestone, app="vanort.plans")

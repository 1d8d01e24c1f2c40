from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "vanort.plans"
    label = "plans"
    verbose_name = _("Action plans and activities")

    def ready(self):
        from vanort.plans import related, signals  # noqa: F401  (signals: connects the cost-summary upkeep)

        related.register()  # a partnership's and a network's plans, activities and visits

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "vanort.governance"
    label = "governance"
    verbose_name = _("Governance: documents, decisions, requests, reviews and follow-ups")


    def ready(self):
        from vanort.governance import related
        from vanort.governance.services import follow_up_setting_effect
        from vanort.tenancy import setting_effects

        related.register()  # decisions, reviews, requests and follow-ups on the register's and plans' pages
        setting_effects.register(follow_up_setting_effect)

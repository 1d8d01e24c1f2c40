from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "vanort.governance"
    label = "governance"
    verbose_name = _("Governance: documents, decisions, requests, reviews and follow-ups")


    def ready(self):
        from vanort.governance import related

        related.register()  # decisions, reviews, requests and follow-ups on the register's and plans' pages

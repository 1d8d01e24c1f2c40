from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "vanort.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from vanort.privacy.register import mark_public_records

        mark_public_records()

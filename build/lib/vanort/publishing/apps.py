from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "vanort.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from vanort.publishing import caching, translation  # noqa: F401  (signals, translated fields)

        caching.connect_signals()

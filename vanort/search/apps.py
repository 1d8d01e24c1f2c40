from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "vanort.search"
    label = "search"
    verbose_name = _("Site-wide search")

    def ready(self):
        from vanort.search import signals

        signals.connect()

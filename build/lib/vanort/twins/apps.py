from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwinsConfig(AppConfig):
    name = "vanort.twins"
    label = "twins"
    verbose_name = _("Known twin-town relations")

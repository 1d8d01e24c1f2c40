from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "vanort.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self):
        from vanort.api import schema  # noqa: F401  (registers the OpenAPI extensions)

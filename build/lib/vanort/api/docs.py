"""Interactive API documentation that works offline (Swagger UI and Redoc from the sidecar).

Swagger UI runs under the site's own Content Security Policy: its start script is served as a
file (the split view) and its page has no inline style. Redoc injects ``<style>`` elements and
starts a worker from a ``blob:`` URL, so its page alone gets those two additions to the policy.
"""

from django.conf import settings
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

REDOC_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
}


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


@method_decorator(csp_override(REDOC_CSP), name="dispatch")
class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"

from django.urls import include, path
from django.views.i18n import set_language

from vanort.reports.dashboard import dashboard

urlpatterns = [
    path("", dashboard, name="home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("vanort.accounts.urls")),
    path("", include("vanort.places.urls")),
    path("", include("vanort.tenancy.urls")),
    path("", include("vanort.registry.urls")),
    path("", include("vanort.plans.urls")),
    path("", include("vanort.reports.urls")),
    path("", include("vanort.governance.urls")),
    path("", include("vanort.publishing.urls")),
    path("", include("vanort.privacy.urls")),
    path("", include("vanort.search.urls")),
    path("api/", include("vanort.api.urls")),
]

handler403 = "vanort.core.errors.forbidden"
handler404 = "vanort.core.errors.not_found"
handler500 = "vanort.core.errors.server_error"
handler400 = "vanort.core.errors.bad_request"

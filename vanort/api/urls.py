from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from vanort.api import docs, tokens, views

router = SimpleRouter()
router.register("cities", views.CityViewSet, basename="city")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("networks", views.NetworkViewSet, basename="network")
router.register("action-plans", views.ActionPlanViewSet, basename="actionplan")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("participation", views.ParticipationViewSet, basename="participation")
router.register("cost-lines", views.CostLineViewSet, basename="costline")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("visit-notices", views.VisitNoticeViewSet, basename="visitnotice")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", docs.RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("token/", tokens.TokenView.as_view(), name="token"),
    path("", include(router.urls)),
]

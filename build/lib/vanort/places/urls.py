from django.urls import path

from vanort.places import views

app_name = "places"
urlpatterns = [path("cities/lookup/", views.CityLookupView.as_view(), name="city_lookup"), *views.CityResource.urls()]

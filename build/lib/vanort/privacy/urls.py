from django.urls import path

from vanort.privacy import views

app_name = "privacy"
urlpatterns = [
    path("personal-data/", views.RegisterView.as_view(), name="register"),
    path("personal-data/person/", views.PersonView.as_view(), name="person"),
    path(
        "personal-data/person/export.json", views.PersonExportView.as_view(), name="person_export"
    ),
    path("personal-data/person/erase/", views.PersonEraseView.as_view(), name="person_erase"),
]

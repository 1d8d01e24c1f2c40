from django.urls import path

from vanort.registry import views

app_name = "registry"
urlpatterns = [path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_download")]
for resource in views.RESOURCES:
    urlpatterns += resource.urls()

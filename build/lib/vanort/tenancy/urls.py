from vanort.tenancy import views

app_name = "tenancy"
urlpatterns = []
for resource in views.RESOURCES:
    urlpatterns += resource.urls()

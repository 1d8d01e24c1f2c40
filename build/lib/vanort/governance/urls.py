from vanort.governance import views

app_name = "governance"
urlpatterns = views.urlpatterns

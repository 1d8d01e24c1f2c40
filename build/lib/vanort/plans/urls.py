from vanort.plans.views import activities, io, plans, visits

app_name = "plans"
urlpatterns = [*plans.urlpatterns, *activities.urlpatterns, *visits.urlpatterns, *io.urlpatterns]

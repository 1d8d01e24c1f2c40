"""Pages: activities."""

urlpatterns = []

"""Pages: io."""

urlpatterns = []

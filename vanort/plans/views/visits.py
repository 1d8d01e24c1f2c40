"""Pages: visits."""

urlpatterns = []

from django.contrib.auth import views as auth_views
from django.urls import path

from vanort.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", views.second_factor_enrol, name="second_factor_enrol"),
    path("second-factor/verify/", views.second_factor_verify, name="second_factor_verify"),
    path("users/<int:pk>/second-factor/reset/", views.user_second_factor_reset, name="user_second_factor_reset"),
]
urlpatterns += views.UserResource.urls()

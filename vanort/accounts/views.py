from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _

from vanort.accounts.forms import LoginForm, UserForm
from vanort.accounts.models import User
from vanort.core.filters import ScopedFilterSet
from vanort.core.resources import Column, Resource


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class UserFilterSet(ScopedFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")

    class Meta:
        model = User
        fields = ["q", "role", "organisation", "is_active"]


class UserResource(Resource):
    model = User
    prefix = "users"
    form_class = UserForm
    filterset_class = UserFilterSet
    columns = (
        Column("username", _("User name"), "username", link=True),
        Column("get_full_name", _("Name"), "last_name"),
        Column("organisation", _("Organisation"), "organisation__name"),
        Column("role", _("Role"), "role"),
        Column("is_active", _("Active"), "is_active"),
        Column("last_login", _("Last login"), "last_login"),
    )
    default_sort = "username"
    has_history = False  # account changes are audited by django-axes and last_login, not restored
    select_related = ("organisation",)
    detail_select_related = ("organisation", "municipality")
    detail_fields = ("username", "first_name", "last_name", "email", "organisation", "role", "is_active", "last_login", "date_joined")

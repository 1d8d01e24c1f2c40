from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from vanort.accounts import second_factor
from vanort.accounts.forms import CodeForm, LoginForm, UserForm
from vanort.accounts.models import User
from vanort.core.filters import ScopedFilterSet
from vanort.core.permissions import CHANGE, restrict
from vanort.core.resources import Column, Resource


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        # An enrolled administrator proves the second factor right after the password.
        url = super().get_success_url()
        if second_factor.needs_second_factor(self.request.user) and second_factor.confirmed_device(self.request.user):
            return f"{reverse('accounts:second_factor_verify')}?{urlencode({'next': url})}"
        return url


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
    detail_template = "accounts/user_detail.html"  # with the second-factor reset
    detail_fields = ("username", "first_name", "last_name", "email", "organisation", "role", "is_active", "last_login", "date_joined")


def _code_page(request, template: str, device, **context):
    """Show the code form (GET) or check the code (POST): verified → back to the page asked for."""
    status = 200
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            problem = second_factor.check_code(request, device, form.cleaned_data["code"])
            if problem is None:
                return redirect(second_factor.safe_next(request))
            form.add_error("code", CODE_PROBLEMS[problem])
    context |= {"form": form, "next": second_factor.safe_next(request)}
    return render(request, template, context, status=status)


CODE_PROBLEMS = {
    "wrong": _("The code is wrong or has expired. Type the code the app shows now."),
    "throttled": _("Too many wrong codes. Wait a minute before you try again."),
}


def _administrator(request):
    if not second_factor.needs_second_factor(request.user):
        raise PermissionDenied
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request):
    """Set up an authenticator app: the secret as text and as a QR code, confirmed with a first code."""
    user = _administrator(request)
    if second_factor.confirmed_device(user):
        return redirect(f"{reverse('accounts:second_factor_verify')}?{urlencode({'next': second_factor.safe_next(request)})}")
    device = second_factor.pending_device(user)
    return _code_page(request, "accounts/second_factor_enrol.html", device, secret=second_factor.secret_text(device),
                      qr=mark_safe(second_factor.qr_svg(device, gettext("QR code for the authenticator app"))))  # noqa: S308 segno's own SVG


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    """Ask an enrolled administrator for a code from the app; then the administration pages open."""
    user = _administrator(request)
    device = second_factor.confirmed_device(user)
    if device is None:
        return redirect(f"{reverse('accounts:second_factor_enrol')}?{urlencode({'next': second_factor.safe_next(request)})}")
    return _code_page(request, "accounts/second_factor_verify.html", device)


@require_POST
@login_required
def user_second_factor_reset(request, pk):
    """Another administrator removes a user's authenticator (lost phone); they enrol anew."""
    user = get_object_or_404(restrict(User.objects.all(), request.user, CHANGE), pk=pk)
    second_factor.reset(user)
    messages.success(request, _("The second factor of %(user)s was reset. They set up an app again at their next administration page.")
                     % {"user": user})
    return redirect(user.get_absolute_url())

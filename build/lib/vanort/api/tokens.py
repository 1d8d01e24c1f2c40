"""The page where a signed-in user creates, replaces or revokes their API token."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from vanort.api.models import ApiToken


class TokenView(LoginRequiredMixin, View):
    template_name = "api/token.html"

    def context(self, **extra):
        token = ApiToken.objects.filter(user=self.request.user).first()
        return {"token": token, "docs_url": reverse("api:docs"), "schema_url": reverse("api:schema"), **extra}

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        action = request.POST.get("action")
        if action == "create":
            key = ApiToken.issue(request.user)
            # Shown once, on this response only; never stored in clear or put in a message.
            response = render(request, self.template_name, self.context(new_key=key))
            response["Cache-Control"] = "no-store"
            return response
        if action == "revoke":
            if ApiToken.revoke(request.user):
                messages.success(request, _("Your API token is revoked; it no longer works."))
            return HttpResponseRedirect(reverse("api:token"))
        return render(request, self.template_name, self.context(error=_("Choose to create or to revoke a token.")), status=400)

"""Pages: the register of personal data, a person's data (page and JSON), and erasure.

Who: the gate decides through :class:`~vanort.privacy.models.ErasureLog`'s scope — administrators
and coordinators read the register (coordinators handle named participants and visits daily, so
they should know what is kept and why); only administrators search, export and erase a person.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from vanort.core.permissions import can_add, can_list, restrict, signed_in
from vanort.core.uploads import named
from vanort.privacy.forms import EraseForm, PersonForm
from vanort.privacy.models import ErasureLog
from vanort.privacy.register import KINDS, KINDS_BY_KEY, USER_LINKS, Kind
from vanort.privacy.services import (
    Found,
    person_erase,
    person_export,
    person_find,
    register_counts,
    user_references,
)


def public_record_explanation() -> str:
    return _(
        "Public records (allmänna handlingar) are kept as they are: under the principle of public access "
        "(offentlighetsprincipen) and the Archives Act (arkivlagen) a decision, an agreement or a received request "
        "may not be altered or erased. The person's data in them stays, and is disposed of only under the archive's own rules."
    )


class _Gate(View):
    """Sign-in first; then the gate's answer for the page's model and action."""

    allowed = staticmethod(can_add)

    @classmethod
    def reach(cls, user) -> bool:
        return signed_in(user) and cls.allowed(user, ErasureLog)

    def dispatch(self, request, *args, **kwargs):
        if not hasattr(self, request.method.lower()):
            return self.http_method_not_allowed(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.reach(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegisterView(_Gate):
    allowed = staticmethod(can_list)

    def get(self, request):
        user = request.user
        counts = register_counts(user.municipality_id)
        kinds = [
            {"kind": kind, "fields": _field_labels(kind), **counts[kind.key]} for kind in KINDS
        ]
        log = restrict(ErasureLog.objects.select_related("by"), user)[:20]
        return render(
            request,
            "privacy/register.html",
            {
                "kinds": kinds,
                "log": [_log_entry(entry) for entry in log],
                "user_links": _user_link_labels(),
                "may_erase": can_add(user, ErasureLog),
                "explanation": public_record_explanation(),
            },
        )


def _field_labels(kind: Kind) -> list[str]:
    model = kind.model
    return [str(model._meta.get_field(name).verbose_name) for name in kind.fields]


def _user_link_labels() -> list[str]:
    from django.apps import apps

    return [
        str(
            format_lazy(
                "{} – {}",
                apps.get_model(label)._meta.verbose_name_plural,
                apps.get_model(label)._meta.get_field(name).verbose_name,
            )
        )
        for label, name in USER_LINKS
    ]


def _log_entry(entry: ErasureLog) -> dict:
    def kinds(counts: dict) -> str:
        return ", ".join(
            f"{KINDS_BY_KEY[key].label if key in KINDS_BY_KEY else key}: {n}"
            for key, n in counts.items()
        )

    return {
        "entry": entry,
        "counts": kinds(entry.counts),
        "history": kinds(entry.history_counts),
        "refused": kinds(entry.refused),
    }


def _section(item: Found) -> dict:
    kind = item.kind
    labels = _field_labels(kind)

    def values(row):
        return [getattr(row, name) for name in kind.fields]

    def link(row):
        return row.get_absolute_url() if hasattr(row, "get_absolute_url") else ""

    return {
        "kind": kind,
        "labels": labels,
        "count": len(item.rows),
        "history_count": len(item.history),
        "rows": [{"pk": row.pk, "url": link(row), "values": values(row)} for row in item.rows],
        "history": [
            {
                "id": row.id,
                "date": row.history_date,
                "type": row.get_history_type_display(),
                "values": values(row),
            }
            for row in item.history
        ],
    }


def _subject_query(form) -> str:
    from urllib.parse import urlencode

    return urlencode(
        {
            key: value
            for key, value in (("name", form.subject.name), ("email", form.subject.email))
            if value
        }
    )


def _found_context(user, form) -> dict:
    found = person_find(municipality_id=user.municipality_id, subject=form.subject)
    users = next(item for item in found if item.kind.key == "users")
    return {
        "sections": [_section(item) for item in found if item.total],
        "erasable": [item for item in found if item.total and not item.kind.public_record],
        "refused": [item for item in found if item.total and item.kind.public_record],
        "references": user_references([row.pk for row in users.rows]),
        "query": _subject_query(form),
        "explanation": public_record_explanation(),
    }


class PersonView(_Gate):
    """Search a person; everything found, readable, with the JSON download and the erasure button.

    The search is a POST, so a person's name and e-mail address are in no URL and no access log."""

    def get(self, request):
        return render(request, "privacy/person.html", {"form": PersonForm()})

    def post(self, request):
        form = PersonForm(request.POST)
        context = {"form": form, "searched": True}
        if form.is_valid():
            context |= _found_context(request.user, form)
        return render(request, "privacy/person.html", context, status=400 if form.errors else 200)


class PersonExportView(_Gate):
    def post(self, request):
        form = PersonForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        data = person_export(municipality=request.user.municipality, subject=form.subject)
        response = JsonResponse(
            data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        named(response, f"personal-data-{datetime.date.today():%Y-%m-%d}.json")
        response["Cache-Control"] = "no-store"
        return response


class PersonEraseView(_Gate):
    """POST with ``review``: what will be anonymised and what not (public records); with the
    confirmation: erase. Both are POSTs, so the person is named in no URL."""

    def page(self, request, form, search, status=200):
        context = {"form": form}
        if search.is_valid():
            context |= _found_context(request.user, search)
        return render(request, "privacy/erase.html", context, status=status)

    def review(self, request):
        search = PersonForm(request.POST)
        if not search.is_valid():
            return self.page(request, search, search, status=400)
        return self.page(request, EraseForm(initial=search.cleaned_data), search)

    def post(self, request):
        if "review" in request.POST:
            return self.review(request)
        form = EraseForm(request.POST)
        if not form.is_valid():
            return self.page(request, form, PersonForm(request.POST), status=400)
        result = person_erase(
            municipality=request.user.municipality, subject=form.subject, by=request.user
        )
        total = sum(result.log.counts.values()) + sum(result.log.history_counts.values())
        messages.success(
            request,
            ngettext(
                "%(n)d record or history row anonymised.",
                "%(n)d records or history rows anonymised.",
                total,
            )
            % {"n": total},
        )
        if result.kept_self:
            messages.warning(
                request, _("Your own account was not anonymised: ask another administrator.")
            )
        if result.refused:
            kinds = ", ".join(str(item.kind.label) for item in result.refused)
            messages.warning(
                request,
                _("Not changed: %(kinds)s.") % {"kinds": kinds} + " " + public_record_explanation(),
            )
        return HttpResponseRedirect(reverse("privacy:register"))

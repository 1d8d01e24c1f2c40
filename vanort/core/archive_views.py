"""Archive and take out of the archive: the pages that replace "Delete" for public records.

A :class:`vanort.core.resources.Resource` with ``archivable = True`` gets ``<name>_archive`` (a
confirm page that asks for the reason) and ``<name>_unarchive`` (POST only, administrators and
coordinators). The rules are in :mod:`vanort.core.archival`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vanort.core.archival import (
    ARCHIVE_REASON_REQUIRED,
    PUBLIC_RECORD_EXPLANATION,
    record_archive,
    record_unarchive,
)
from vanort.core.forms import bootstrap_widgets
from vanort.core.permissions import CHANGE, can_unarchive
from vanort.core.views import ResourceView, add_errors


class ArchiveForm(forms.Form):
    archive_reason = forms.CharField(
        label=_lazy("Reason for archiving"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": ARCHIVE_REASON_REQUIRED},
        help_text=_lazy(
            "Kept with the record and shown on it, e.g. “Registered twice; the valid record is KS 2024-12”."
        ),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class ResourceArchiveView(ResourceView):
    def render_page(self, obj, form, status=200):
        context = self.base_context(
            object=obj,
            form=form,
            explanation=PUBLIC_RECORD_EXPLANATION,
            cancel_url=obj.get_absolute_url(),
        )
        return render(self.request, "core/confirm_archive.html", context, status=status)

    def get(self, request, pk):
        obj = self.get_visible(pk)
        self.require(CHANGE, obj)
        if obj.is_archived:
            messages.info(request, _("This record is already archived."))
            return HttpResponseRedirect(obj.get_absolute_url())
        form = ArchiveForm(initial={"expected_version": obj.version})
        bootstrap_widgets(form)
        return self.render_page(obj, form)

    def post(self, request, pk):
        obj = self.get_visible(pk)
        self.require(CHANGE, obj)
        form = ArchiveForm(request.POST)
        bootstrap_widgets(form)
        if not form.is_valid():
            return self.render_page(obj, form, status=400)
        try:
            record_archive(
                record=obj,
                by=request.user,
                reason=form.cleaned_data["archive_reason"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.render_page(
                obj, form, status=409 if getattr(error, "code", None) == "conflict" else 400
            )
        messages.success(
            request,
            _(
                "Archived: %(name)s. It stays readable; administrators and coordinators can take it out of the archive."
            )
            % {"name": obj},
        )
        return HttpResponseRedirect(obj.get_absolute_url())


class ResourceUnarchiveView(ResourceView):
    def post(self, request, pk):
        obj = self.get_visible(pk)
        self.require(CHANGE, obj)
        if not can_unarchive(request.user, obj):
            raise PermissionDenied
        try:
            record_unarchive(record=obj, by=request.user, expected_version=obj.version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Taken out of the archive: %(name)s") % {"name": obj})
        return HttpResponseRedirect(obj.get_absolute_url())

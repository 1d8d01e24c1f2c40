"""Thin generic views over :class:`vanort.core.resources.Resource` declarations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import resolve, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View

from vanort.core import downloads, related
from vanort.core.archival import PUBLIC_RECORD_EXPLANATION
from vanort.core.forms import bootstrap_widgets
from vanort.core.history import child_entries, history_entries, stored_reason
from vanort.core.permissions import (
    CHANGE,
    DELETE,
    HISTORY,
    VIEW,
    can,
    can_add,
    can_list,
    can_unarchive,
    readable_fields,
    restrict,
)
from vanort.core.versioning import restore_version, save_versioned


class ResourceView(View):
    resource = None

    def ns(self, action: str) -> str:
        namespace = self.request.resolver_match.namespace
        return f"{namespace}:{self.resource.url_name(action)}"

    def url(self, action: str, *args) -> str:
        return reverse(self.ns(action), args=args)

    def queryset(self, action=VIEW, *, detail=False):
        model = self.resource.model
        qs = restrict(model._default_manager.all(), self.request.user, action)
        related = self.resource.detail_select_related if detail else self.resource.select_related
        prefetch = self.resource.detail_prefetch_related if detail else self.resource.prefetch_related
        if related:
            qs = qs.select_related(*related)
        if prefetch:
            qs = qs.prefetch_related(*prefetch)
        return qs

    def get_visible(self, pk, *, detail=False):
        """The object if the user may see it; a 404 that reveals nothing otherwise."""
        return get_object_or_404(self.queryset(VIEW, detail=detail), pk=pk)

    def require(self, action: str, obj) -> None:
        if not self.request.user.is_authenticated:
            raise _LoginRequired()
        if not can(self.request.user, action, obj):
            raise PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    def base_context(self, **extra):
        meta = self.resource.model._meta
        return {
            "resource": self.resource,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "list_url": self.url("list"),
            "create_url": self.create_url() if self.resource.creatable else None,
            **extra,
        }


    def create_url(self) -> str:
        page = self.resource.create_page
        return reverse(page) if page else self.url("create")


class _LoginRequired(Exception):
    pass


class ResourceListView(ResourceView):
    def get(self, request):
        if not can_list(request.user, self.resource.model):
            if not request.user.is_authenticated:
                raise _LoginRequired()
            raise PermissionDenied
        qs = self.queryset(VIEW)
        hook = getattr(self.resource, "list_queryset", None)
        if hook:
            qs = hook(request, qs)
        filterset = None
        if self.resource.filterset_class:
            filterset = self.resource.filterset_class(request.GET or None, queryset=qs, request=request)
            if filterset.is_bound and not filterset.is_valid():
                qs = qs.none()
            else:
                qs = filterset.qs
            for field in filterset.form.fields.values():
                field.widget.attrs.setdefault("class", "ds-input")
        sort_key = request.GET.get("sort", "")
        options = self.resource.sort_options()
        descending = sort_key.startswith("-")
        if sort_key.lstrip("-") in options:
            order = options[sort_key.lstrip("-")]
            qs = qs.order_by(("-" if descending else "") + order, "pk")
        elif self.resource.default_sort:
            qs = qs.order_by(self.resource.default_sort, "pk")
        fmt = request.GET.get("download")
        if fmt in downloads.FORMATS:
            return downloads.resource_download(self.resource, qs, fmt, request.user)
        page = Paginator(qs, request_page_size(request)).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("download", None)
        can_create = self.resource.creatable and can_add(request.user, self.resource.model)
        return render(
            request,
            self.resource.list_template,
            self.base_context(
                page=page,
                filterset=filterset,
                columns=self.resource.columns,
                sort=sort_key,
                query=query.urlencode(),
                can_create=can_create,
                detail_name=self.ns("detail"),
                related_lists=self.related_lists(),
            ),
        )


    def related_lists(self) -> list[tuple[str, str]]:
        """(url, heading) of the resource's related lists that the user may open."""
        links = []
        for name in self.resource.related_lists:
            url = reverse(name)
            other = resolve(url).func.view_initkwargs["resource"]
            if can_list(self.request.user, other.model):
                links.append((url, capfirst(other.model._meta.verbose_name_plural)))
        return links


def request_page_size(request) -> int:
    from django.conf import settings

    return settings.VANORT_PAGE_SIZE


def archive_context(view, obj, context: dict) -> dict:
    """What the detail page needs to offer archiving, or taking out of the archive (no query
    more than the page's own for a record that is not archived)."""
    if not view.resource.archivable:
        return {}
    archived, may_change = obj.is_archived, context["can_change"]
    return {
        "can_archive": may_change and not archived,
        "can_unarchive": may_change and archived and can_unarchive(view.request.user, obj),
        "show_archiver": archived and context["can_history"],
        "archive_url": view.url("archive", obj.pk),
        "unarchive_url": view.url("unarchive", obj.pk),
    }


class ResourceDetailView(ResourceView):
    def get(self, request, pk):
        obj = self.get_visible(pk, detail=True)
        user = request.user
        context = self.base_context(
            object=obj,
            fields=[(obj._meta.get_field(name), self.field_value(obj, name)) for name in readable_fields(user, obj, self.resource.detail_fields)],
            can_change=user.is_authenticated and can(user, CHANGE, obj),
            can_delete=self.resource.deletable and user.is_authenticated and can(user, DELETE, obj),
            can_history=self.resource.has_history and user.is_authenticated and can(user, HISTORY, obj),
            edit_url=self.url("edit", obj.pk),
            history_url=self.url("history", obj.pk) if self.resource.has_history else None,
            delete_url=self.url("delete", obj.pk) if self.resource.deletable else None,
        )
        context.update(archive_context(self, obj, context))
        context["related_sections"] = related.sections(obj, user)  # records of higher apps that concern it
        context.update(self.extra_context(obj))
        return render(request, self.resource.detail_template, context)

    def field_value(self, obj, name):
        """A detail field's value; related records pass through the gate like every other read."""
        value = getattr(obj, name)
        related = obj._meta.get_field(name).related_model
        scope = getattr(related, "scope", None)
        if scope is None or scope.tenant is None:  # not scoped, or shared reference data
            return value
        if obj._meta.get_field(name).many_to_many:
            return restrict(value.all(), self.request.user, VIEW)
        if value is not None and not can(self.request.user, VIEW, value):
            return None
        return value

    def extra_context(self, obj) -> dict:
        hook = getattr(self.resource, "detail_context", None)
        return hook(self.request, obj) if hook else {}


class ResourceFormView(ResourceView):
    def form(self, obj, data=None, files=None, initial=None):
        form = self.resource.form_class(data, files, instance=obj, initial=initial, user=self.request.user)
        bootstrap_widgets(form)
        return form

    def render_form(self, form, obj, status=200):
        title = _("Edit %(name)s") % {"name": obj} if obj.pk else _("New %(name)s") % {"name": self.resource.model._meta.verbose_name}
        return render(
            self.request,
            self.resource.form_template,
            self.base_context(form=form, object=obj, title=title, cancel_url=obj.get_absolute_url() if obj.pk else self.url("list")),
            status=status,
        )

    def save(self, form, obj):
        try:
            with transaction.atomic():
                instance = form.save(commit=False)
                self.prepare(instance)
                save_versioned(instance, expected_version=form.cleaned_data.get("expected_version"))
                form.save_m2m()
                self.after_save(form, instance)
        except ValidationError as error:
            add_errors(form, error)
            bootstrap_widgets(form)
            return self.render_form(form, obj, status=409 if getattr(error, "code", None) == "conflict" else 400)
        messages.success(self.request, _("Saved: %(name)s") % {"name": instance})
        return HttpResponseRedirect(instance.get_absolute_url())

    def prepare(self, instance) -> None:
        municipality = getattr(self.request.user, "municipality", None)
        if instance._state.adding and hasattr(instance, "municipality_id") and not instance.municipality_id:
            instance.municipality = municipality

    def after_save(self, form, instance) -> None:
        hook = getattr(form, "after_save", None)
        if hook:
            hook(instance)


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ResourceCreateView(ResourceFormView):
    def check(self):
        if not self.request.user.is_authenticated:
            raise _LoginRequired()
        if not can_add(self.request.user, self.resource.model):
            raise PermissionDenied

    def new(self):
        return self.resource.model()

    def initial(self):
        parent = self.resource.parent_field
        if parent and self.request.GET.get(parent, "").isdigit():
            return {parent: int(self.request.GET[parent])}
        return None

    def get(self, request):
        self.check()
        obj = self.new()
        return self.render_form(self.form(obj, initial=self.initial()), obj)

    def post(self, request):
        self.check()
        obj = self.new()
        form = self.form(obj, request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, obj, status=400)
        return self.save(form, obj)


class ResourceUpdateView(ResourceFormView):
    def get(self, request, pk):
        obj = self.get_visible(pk)
        self.require(CHANGE, obj)
        return self.render_form(self.form(obj), obj)

    def post(self, request, pk):
        obj = self.get_visible(pk)
        self.require(CHANGE, obj)
        form = self.form(obj, request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, obj, status=400)
        return self.save(form, obj)


def confirm_delete(request, obj, *, cancel_url, parent=None, status=200):
    """The page that asks before a delete (a form that posts; no JavaScript needed). ``parent``:
    the record whose history keeps the deleted one, from where it can be restored."""
    return render(request, "core/confirm_delete.html", {
        "object": obj, "kind": obj._meta.verbose_name, "cancel_url": cancel_url, "parent": parent}, status=status)


class ResourceDeleteView(ResourceView):
    def parent(self, obj):
        return getattr(obj, self.resource.history_parent) if self.resource.history_parent else None

    def get(self, request, pk):
        obj = self.get_visible(pk)
        self.require(DELETE, obj)
        return confirm_delete(request, obj, cancel_url=obj.get_absolute_url(), parent=self.parent(obj))

    def post(self, request, pk):
        obj = self.get_visible(pk)
        self.require(DELETE, obj)
        parent_url = self.resource.after_delete_url(obj) if hasattr(self.resource, "after_delete_url") else self.url("list")
        try:
            with transaction.atomic():
                if self.resource.delete_service is not None:
                    self.resource.delete_service(obj, by=request.user)
                else:
                    obj.delete()
        except (ProtectedError, RestrictedError) as error:
            hint = getattr(self.resource, "delete_blocked_hint", "")
            messages.error(request, " ".join(filter(None, [blocked_delete_message(obj, error), str(hint)])))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Deleted: %(name)s") % {"name": obj})
        return HttpResponseRedirect(parent_url)


def blocked_delete_message(obj, error) -> str:
    """Why a delete was refused: the records that still refer to ``obj`` (public records are kept)."""
    blocking = list(getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", None) or ())
    kinds = sorted({str(type(row)._meta.verbose_name_plural) for row in blocking})
    message = _("%(name)s cannot be deleted: other records refer to it (%(kinds)s).") % {"name": obj, "kinds": ", ".join(kinds)}
    if any(getattr(row, "is_public_record", False) for row in blocking):
        message += " " + str(PUBLIC_RECORD_EXPLANATION)
    return message


class ResourceHistoryView(ResourceView):
    def get(self, request, pk):
        try:
            obj = self.get_visible(pk)
        except Http404:
            return self.deleted(request, pk)
        self.require(HISTORY, obj)
        user = request.user
        entries = history_entries(obj, user=user)
        if entries:
            entries[0].is_current = True  # the version as it is: nothing to restore
        declarations = self.resource.child_histories
        if declarations:
            may_restore = {d.key: bool(d.may_restore and d.may_restore(user, obj)) for d in declarations}
            children = child_entries(obj, declarations, user=user, may_restore=may_restore)
            entries = sorted([*entries, *children], key=lambda e: (e.date, e.history_id), reverse=True)
        return render(
            request,
            "core/history.html",
            self.base_context(
                object=obj,
                entries=entries,
                can_restore=can(user, CHANGE, obj),
                restore_name=self.ns("restore"),
                child_restore_name=self.ns("child_restore") if declarations else None,
            ),
        )

    def deleted(self, request, pk):
        """A deleted record's history is kept on its parent's history page: lead there (to those
        who may read it); anything else is the 404 it was."""
        field = self.resource.history_parent
        if field is None:
            raise Http404
        model = self.resource.model
        record = restrict(model.history.filter(id=pk), request.user, HISTORY).order_by("-history_date", "-history_id").first()
        parent = getattr(record, field, None) if record is not None and record.history_type == "-" else None
        if parent is None or not can(request.user, HISTORY, parent):
            raise Http404
        namespace = request.resolver_match.namespace
        return HttpResponseRedirect(reverse(f"{namespace}:{parent._meta.model_name}_history", args=[parent.pk]) + f"#{model._meta.model_name}-{record.history_id}")


class ResourceChildRestoreView(ResourceView):
    """POST only: re-create a deleted child (a cost line, a timeline event …) from the parent's
    history, through the child's restore service (which asks the gate)."""

    def post(self, request, pk, child, history_id):
        obj = self.get_visible(pk)
        if not request.user.is_authenticated:
            raise _LoginRequired()
        declaration = next((d for d in self.resource.child_histories if d.key == child), None)
        if declaration is None or declaration.restore is None:
            raise Http404
        rows = restrict(declaration.model.history.filter(**{f"{declaration.parent}_id": obj.pk}), request.user, HISTORY)
        historical = rows.filter(history_id=history_id, history_type="-").first()
        if historical is None:
            raise Http404
        try:
            declaration.restore(historical=historical, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.url("history", obj.pk))
        messages.success(request, _("%(kind)s restored; the change is in the history.") % {
            "kind": capfirst(declaration.model._meta.verbose_name)})
        return HttpResponseRedirect(self.url("history", obj.pk))


class ResourceRestoreView(ResourceView):
    def post(self, request, pk, history_id):
        obj = self.get_visible(pk)
        self.require(CHANGE, obj)
        try:
            record = obj.history.get(history_id=history_id)
        except obj.history.model.DoesNotExist:
            raise Http404 from None
        try:
            restore_version(
                obj,
                record,
                by=request.user,
                reason=stored_reason(gettext_noop("Restored the version of %(date)s"), date=record.history_date.strftime("%Y-%m-%d %H:%M")),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.url("history", obj.pk))
        messages.success(request, _("The earlier version was restored; the change is in the history."))
        return HttpResponseRedirect(obj.get_absolute_url())

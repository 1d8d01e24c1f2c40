"""Declarative list/detail/create/edit/history pages for one model — NetBox's pattern, small.

An app declares a :class:`Resource` per model (its form, filter set, columns, related lookups)
and adds ``Resource.urls()`` to its URL patterns. Every page goes through the permission gate
in ``vanort.core.permissions``; query counts stay fixed because each resource names its
``select_related`` and ``prefetch_related`` once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import path


@dataclass(frozen=True)
class Column:
    """A list column: the attribute shown, its heading, and the ordering it sorts by (if any)."""

    attr: str
    label: str
    sort: str | None = None
    link: bool = False


class Resource:
    model = None
    prefix: str = ""  # URL prefix, e.g. "partnerships"
    form_class = None
    filterset_class = None
    columns: tuple[Column, ...] = ()
    default_sort: str = ""
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    detail_select_related: tuple[str, ...] = ()
    detail_prefetch_related: tuple[str, ...] = ()
    detail_fields: tuple[str, ...] = ()
    detail_template: str = "core/detail.html"
    list_template: str = "core/list.html"
    form_template: str = "core/form.html"
    creatable = True
    #: URL names of lists that belong with this one, linked above it for those who may open them.
    related_lists: tuple[str, ...] = ()
    #: The page that "New …" on the list opens, if not the create form (cities: the lookup).
    create_page: str | None = None
    deletable = False
    #: Said after "cannot be deleted: other records refer to it" — what to do instead.
    delete_blocked_hint = ""
    #: A public record: "Archive" (with a reason) and "Take out of the archive" instead of delete.
    archivable = False
    has_history = True
    #: Query-string key to pre-fill a parent on the create form (e.g. ?partnership=3).
    parent_field: str | None = None
    #: Children whose history (deletions included) the history page shows and restores from
    #: (:class:`vanort.core.history.ChildHistory`), e.g. an activity's cost lines.
    child_histories: tuple = ()
    #: The service that deletes a record, ``delete(obj, by=user)`` (the delete page calls it).
    delete_service = None
    #: The foreign key to the parent whose history page keeps this record's history once it is
    #: deleted (a timeline event's partnership): its own history page then leads there.
    history_parent: str | None = None
    #: The edit page's view, if not the generic one (a subclass of ``ResourceUpdateView``).
    update_view = None

    @classmethod
    def name(cls) -> str:
        return cls.model._meta.model_name

    @classmethod
    def url_name(cls, action: str) -> str:
        return f"{cls.name()}_{action}"

    @classmethod
    def sort_options(cls) -> dict[str, str]:
        return {column.attr: column.sort for column in cls.columns if column.sort}

    @classmethod
    def urls(cls):
        from vanort.core import archive_views, views

        name = cls.name()
        patterns = [
            path(f"{cls.prefix}/", views.ResourceListView.as_view(resource=cls), name=f"{name}_list"),
            path(f"{cls.prefix}/<int:pk>/", views.ResourceDetailView.as_view(resource=cls), name=f"{name}_detail"),
            path(f"{cls.prefix}/<int:pk>/edit/", (cls.update_view or views.ResourceUpdateView).as_view(resource=cls), name=f"{name}_edit"),
        ]
        if cls.has_history:
            patterns += [
                path(f"{cls.prefix}/<int:pk>/history/", views.ResourceHistoryView.as_view(resource=cls), name=f"{name}_history"),
                path(
                    f"{cls.prefix}/<int:pk>/history/<int:history_id>/restore/",
                    views.ResourceRestoreView.as_view(resource=cls),
                    name=f"{name}_restore",
                ),
            ]
        if cls.child_histories:
            patterns.append(path(
                f"{cls.prefix}/<int:pk>/history/<slug:child>/<int:history_id>/restore/",
                views.ResourceChildRestoreView.as_view(resource=cls),
                name=f"{name}_child_restore",
            ))
        if cls.creatable:
            patterns.append(path(f"{cls.prefix}/new/", views.ResourceCreateView.as_view(resource=cls), name=f"{name}_create"))
        if cls.deletable:
            patterns.append(
                path(f"{cls.prefix}/<int:pk>/delete/", views.ResourceDeleteView.as_view(resource=cls), name=f"{name}_delete")
            )
        if cls.archivable:
            patterns += [
                path(f"{cls.prefix}/<int:pk>/archive/", archive_views.ResourceArchiveView.as_view(resource=cls), name=f"{name}_archive"),
                path(
                    f"{cls.prefix}/<int:pk>/unarchive/",
                    archive_views.ResourceUnarchiveView.as_view(resource=cls),
                    name=f"{name}_unarchive",
                ),
            ]
        return patterns

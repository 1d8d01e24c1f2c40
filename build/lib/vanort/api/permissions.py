"""The API's door to the one permission gate (:mod:`vanort.core.permissions`).

Reading: the view's queryset is ``restrict(…, VIEW)``, so what one may not see is a 404, as on
the pages. Writing: anonymous → 401; may see but not change (``can``/``can_add``) → 403.
Views with ``authenticated_only`` (visit notices, costs) answer 401 to the anonymous public even
for reading: nothing of them is ever public.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from vanort.core.permissions import CHANGE, DELETE, can, can_add


class Gate(BasePermission):
    def has_permission(self, request, view):
        authenticated = bool(request.user and request.user.is_authenticated)
        if request.method in SAFE_METHODS:
            return authenticated or not getattr(view, "authenticated_only", False)
        if not authenticated:
            return False
        if getattr(view, "action", None) == "create":
            return can_add(request.user, view.model)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True  # the object came through restrict(…, VIEW)
        return can(request.user, DELETE if request.method == "DELETE" else CHANGE, obj)

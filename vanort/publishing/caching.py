"""Caching of public pages and feeds — safely.

* Only anonymous requests read or fill the cache; a signed-in user always gets a fresh page.
* Keys hold the language, the host, the full path and the day, so languages and hosts never mix
  and "upcoming" lists move on at midnight.
* HTML pages cache only their public *content fragment*, rendered without a request (no user, no
  CSRF token, no CSP nonce); the page around it — header, language switch, messages — is rendered
  fresh for every request.
* Any saved or deleted record that can appear publicly starts a new cache generation, so a record
  that is made internal disappears at once (with a shared cache backend; see settings ``CACHES``).
"""

from __future__ import annotations

import hashlib
import uuid
from functools import wraps

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from vanort.core.batching import Deferred

TIMEOUT = 300
GENERATION_KEY = "vanort:public:generation"
#: Models whose rows (public or not) show on public pages, feeds, calendars or exports.
WATCHED = (
    "tenancy.Municipality", "tenancy.Organisation", "tenancy.ContactPerson", "places.City",
    "registry.PriorityArea", "registry.Partnership", "registry.TimelineEvent", "registry.Agreement", "registry.Network",
    "plans.ActionPlan", "plans.Activity", "publishing.NewsItem",
)


def generation(key: str = GENERATION_KEY) -> str:
    value = cache.get(key)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(key, value, None)
        value = cache.get(key, value)
    return value


def tenant_key(slug: str) -> str:
    return f"{GENERATION_KEY}:{slug}"


def _tenant_id(instance) -> int | None:
    """The id of the municipality ``instance`` belongs to, or ``None`` for shared records (cities)
    and anything whose municipality cannot be found (then every public page starts afresh)."""
    from vanort.core.permissions import scope_of

    lookup = scope_of(type(instance)).tenant
    if lookup is None:
        return None
    if lookup == "pk":
        return instance.pk
    *path, last = lookup.split("__")
    target = instance
    try:
        for part in path:
            target = getattr(target, part, None)
    except ObjectDoesNotExist:  # deleted along with its parent
        return None
    return getattr(target, f"{last}_id", None) if target is not None else None


def invalidate(instance=None, **kwargs) -> None:
    """A record that can show publicly changed: a new generation for its municipality's public
    pages (the site-wide one for shared records), so that other municipalities' caches stay warm."""
    tenant_id = _tenant_id(instance) if instance is not None else None
    _new_generation((tenant_id, type(instance).__name__ == "Municipality"))


def _bump(key: tuple[int | None, bool], _items) -> None:
    """``key``: (the municipality's id or ``None``, whether the record is that municipality itself)."""
    from vanort.tenancy.models import Municipality

    tenant_id, municipality_itself = key
    slug = Municipality.objects.filter(pk=tenant_id).values_list("slug", flat=True).first() if tenant_id else None
    cache.set(tenant_key(slug) if slug else GENERATION_KEY, uuid.uuid4().hex, None)
    if slug and municipality_itself:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)  # the list of municipalities shows it too


#: A batch of writes (an import) starts each generation it touches once, at its end.
_new_generation = Deferred(_bump)


def connect_signals() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(invalidate, sender=model, dispatch_uid=f"vanort-public-save-{label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"vanort-public-delete-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"vanort-public-m2m-{label}-{field.name}")


def key_for(request, kind: str) -> str:
    # Pages of one municipality (/m/<slug>/…) also carry its own generation; the site-wide one
    # covers the shared records and the pages across municipalities.
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match else None
    raw = "|".join([
        kind, generation(), generation(tenant_key(slug)) if slug else "", get_language() or "", request.scheme, request.get_host(), request.get_full_path(),
        timezone.localdate().isoformat(),
    ])
    return f"vanort:public:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cacheable(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def fragment(request, build) -> str:
    """The public content fragment of a page: ``build()`` once per key, for anonymous requests only."""
    if not cacheable(request):
        return build()
    key = key_for(request, "fragment")
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, TIMEOUT)
    return html


def public_response(view):
    """Cache a whole response (feeds, calendars, exports) for anonymous requests; vary on language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not cacheable(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
        else:
            key = key_for(request, "response")
            stored = cache.get(key)
            if stored is not None:
                content, headers, status = stored
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
            else:
                response = view(request, *args, **kwargs)
                if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                    response.render()
                if response.status_code == 200 and not response.streaming and not response.cookies:
                    headers = [(n, v) for n, v in response.items() if n.lower() in ("content-type", "content-disposition", "last-modified", "access-control-allow-origin")]
                    cache.set(key, (response.content, headers, response.status_code), TIMEOUT)
            patch_cache_control(response, public=True, max_age=TIMEOUT)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapped

"""Who may see and change what — the one place where Vänort decides it.

Every scoped model declares a :class:`Scope`: the lookup to its municipality (tenant), to the
organisation that owns it, and the flags that make it public. :func:`restrict` turns a user, an
action and a queryset into the rows that user may act on; pages, forms' choice lists, exports and
(later) the API all go through it. A refused request reveals nothing: what one may not see is a
404, what one may see but not change is a 403 (see ``vanort.core.views``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vanort.core.roles import MUNICIPALITY_EDITORS, MUNICIPALITY_READERS, OWNER_EDITORS, Role

VIEW, ADD, CHANGE, DELETE, HISTORY = "view", "add", "change", "delete", "history"
ACTIONS = (VIEW, ADD, CHANGE, DELETE, HISTORY)


@dataclass(frozen=True)
class Readers:
    """Who reads a restricted field (see ``Scope.fields``): ``roles`` of the row's own
    municipality, and with ``owner=True`` also the owning organisation's editors (the Scope's
    ``owner_editors`` whose organisation owns the row)."""

    roles: frozenset
    owner: bool = False


@dataclass(frozen=True)
class Scope:
    """How a model's rows relate to municipalities, owners and the public.

    ``tenant``: lookup to the municipality, or ``None`` for shared reference data (cities).
    ``owner``: lookup to the owning organisation, for unit editors and partners.
    ``public``: boolean lookups that must all be true for the public to see a row; empty means
    never public.
    ``editors``: roles that change every row of their municipality (or every shared row).
    ``owner_editors``: roles that change the rows their own organisation owns.
    ``readers``: roles that see every row of their municipality.
    ``values``: ``(field name, rule)`` pairs — which values of that field a role may set (see
    "Which values a role may set" below).
    ``fields``: restricted fields — ``{name: Readers(...)}``; only those readers read that field of a
    row they see (:func:`may_read_field`). Every other field is read by whoever sees the row.
    """

    tenant: str | None
    owner: str | None = None
    public: tuple[str, ...] = ()
    editors: frozenset = field(default=MUNICIPALITY_EDITORS)
    owner_editors: frozenset = field(default=OWNER_EDITORS)
    readers: frozenset = field(default=MUNICIPALITY_READERS)
    values: tuple = ()
    fields: Mapping[str, Readers] = field(default_factory=dict, hash=False)


def scope_of(model) -> Scope:
    """``model``'s scope; the past versions of a record (django-simple-history's rows) have the
    scope of the record itself, so ``restrict(CostLine.history.all(), user, HISTORY)`` gives the
    versions — deleted lines included — of the cost lines ``user`` may read the history of."""
    record_model = getattr(model, "instance_type", None)
    if record_model is not None and hasattr(model, "history_id"):
        scope = scope_of(record_model)
        # A historical row's own key is ``history_id``; the record's key is its ``id``.
        return replace(scope, owner="id" if scope.owner == "pk" else scope.owner)
    try:
        return model.scope
    except AttributeError:
        raise TypeError(f"{model.__name__} declares no permission scope") from None


def role_of(user) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Role(user.role) if user.role else None


def _public_q(scope: Scope) -> Q | None:
    if not scope.public:
        return None
    return Q(**{lookup: True for lookup in scope.public})


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may perform ``action`` on."""
    if action not in ACTIONS:
        raise ValueError(action)
    scope = scope_of(queryset.model)
    role = role_of(user)
    public = _public_q(scope)

    if action == HISTORY:
        # Past versions may hold internal text: readers of the municipality and editors only.
        if role is None:
            return queryset.none()
        if role in scope.readers or role in scope.editors:
            return restrict(queryset, user, VIEW)
        return restrict(queryset, user, CHANGE)

    if role is None:
        if action != VIEW:
            return queryset.none()
        if scope.tenant is None:
            return queryset
        return queryset.filter(public) if public is not None else queryset.none()

    if scope.tenant is None:  # shared reference data
        if action == VIEW or role in scope.editors:
            return queryset
        return queryset.none()

    own = queryset.filter(**{scope.tenant: user.municipality_id})
    if action == VIEW:
        if role in scope.readers or role in scope.editors:
            return own
        visible = Q(pk__in=[])
        if public is not None:
            visible |= public
        if scope.owner:
            visible |= Q(**{scope.owner: user.organisation_id})
        return own.filter(visible)
    if role in scope.editors:
        return own
    if role in scope.owner_editors and scope.owner:
        return own.filter(**{scope.owner: user.organisation_id})
    return queryset.none()


def can(user, action: str, obj: Model) -> bool:
    """Whether ``user`` may perform ``action`` on the saved object ``obj``."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def can_add(user, model) -> bool:
    """Whether ``user`` may open the form that creates a ``model`` (its choices are restricted)."""
    scope = scope_of(model)
    role = role_of(user)
    if role is None:
        return False
    # Owner-editors add records *under* their organisation, never new organisations.
    return role in scope.editors or (role in scope.owner_editors and scope.owner not in (None, "pk"))


def can_list(user, model) -> bool:
    """Whether ``user`` may open the list of ``model`` at all (its rows are then restricted).

    Shared reference data is listed to everyone; the anonymous public only lists what has public
    flags; a signed-in user lists a model with public flags, or one whose rows its role reads or
    edits in its municipality, or owns through its organisation.
    """
    scope = scope_of(model)
    if scope.tenant is None:
        return True
    role = role_of(user)
    if role is None:
        return bool(scope.public)
    if scope.public or role in scope.readers or role in scope.editors:
        return True
    return role in scope.owner_editors and scope.owner is not None


def can_unarchive(user, obj: Model) -> bool:
    """Whether ``user`` may take the archived public record ``obj`` out of the archive: the
    administrators and coordinators who may change it (archiving itself needs CHANGE)."""
    return role_of(user) in MUNICIPALITY_EDITORS and can(user, CHANGE, obj)


# Pages that list no single model declare who may open them as ``reach(user) -> bool`` on the
# view (the view refuses everyone else); the main menu asks the same function.


def everyone(user) -> bool:
    return True


def signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def reach_of(view):
    """Who may open ``view`` (a resolved view function): its resource's list, or its ``reach``."""
    view_class = getattr(view, "view_class", None)
    resource = getattr(view, "view_initkwargs", {}).get("resource") or getattr(view_class, "resource", None)
    if resource is not None:
        return lambda user: can_list(user, resource.model)
    reach = getattr(view_class, "reach", None) or getattr(view, "reach", None)
    if reach is None:
        raise TypeError(f"{view.__name__} declares no reach")
    return reach


# --- Which values a role may set ------------------------------------------------------------------
#
# Rows tell who may change a record; some fields also depend on who sets them: an activity's plan,
# status and publication, a cost line's payer. A model's Scope declares them in ``values`` with one
# of the rules below, and the gate answers from them: ``may_choose`` (does the form show the field
# at all), ``settable`` (which values its choice list offers) and ``refused_values`` (which fields
# of a row about to be saved hold a value the user may not set — asked by every service with its
# ``by=`` and by restoring a version, whichever door the row came through).


@dataclass(frozen=True)
class EditorsChoose:
    """Only the scope's editors choose this value; for everyone else it stays as stored (a new
    row: the field's default)."""

    message: str | Promise = _("Only the international office may set this.")


@dataclass(frozen=True)
class OwnOrganisation:
    """Owner-editors give this organisation field only their own organisation, and change it only
    on rows their own organisation holds; the scope's editors give it any."""

    message: str | Promise = _("You may only choose your own organisation.")


@dataclass(frozen=True)
class Proposal:
    """``roles`` propose: while ``until`` (a field the scope's editors choose) is empty on the saved
    row, the status stays ``initial``; once it is set, the status never goes back to ``initial``.
    Other roles set any status."""

    initial: str
    until: str
    roles: frozenset
    message: str | Promise = _("You may not set this status.")


def _value_rule(model, name: str):
    return dict(scope_of(model).values).get(name)


def values_of(obj: Model) -> dict:
    """The declared fields' values of ``obj`` as it is in memory (``attname`` → value)."""
    opts = type(obj)._meta
    return {name: getattr(obj, opts.get_field(name).attname) for name, _rule in scope_of(type(obj)).values}


def stored_values(obj: Model) -> dict | None:
    """The declared fields' values of ``obj`` as saved, or ``None`` for a new row."""
    if obj.pk is None or obj._state.adding:
        return None
    model, opts = type(obj), type(obj)._meta
    names = [name for name, _rule in scope_of(model).values]
    row = model._default_manager.filter(pk=obj.pk).values(*(opts.get_field(n).attname for n in names)).first()
    return None if row is None else {name: row[opts.get_field(name).attname] for name in names}


def may_choose(user, model, name: str) -> bool:
    """Whether ``user`` chooses the value of ``model``'s field ``name`` at all (a form shows it)."""
    rule = _value_rule(model, name)
    return not isinstance(rule, EditorsChoose) or role_of(user) in scope_of(model).editors


def settable(user, obj: Model, name: str, stored: dict | None) -> frozenset | None:
    """The values (of the field's ``attname``) that ``user`` may give ``obj``'s field ``name``,
    ``stored`` being the row's declared values as saved (``None``: a new row); ``None`` means any
    value its choice list offers. ``obj`` is the row as it is to be saved."""
    model = type(obj)
    scope, role, rule = scope_of(model), role_of(user), _value_rule(model, name)
    model_field = model._meta.get_field(name)
    if rule is None or role in scope.editors:
        return None
    if isinstance(rule, EditorsChoose):
        return frozenset({stored[name] if stored is not None else model_field.get_default()})
    if isinstance(rule, OwnOrganisation):
        if role not in scope.owner_editors or (stored is not None and stored[name] not in (None, user.organisation_id)):
            return frozenset()
        return frozenset({user.organisation_id})
    if isinstance(rule, Proposal):
        if role not in rule.roles:
            return None
        # The proposers do not choose ``until`` (it is declared ``EditorsChoose``): the row as saved.
        if (stored or {}).get(rule.until) is None:
            return frozenset({rule.initial})
        return frozenset(value for value, _label in model_field.choices if value != rule.initial)
    raise TypeError(rule)


def refused_values(user, obj: Model, stored: dict | None) -> dict[str, str]:
    """Field name → message for each declared field of ``obj`` that holds a value ``user`` may not
    set. ``user`` ``None`` is the system itself (the demo loader), which the rules do not bind."""
    if user is None:
        return {}
    refused = {}
    for name, rule in scope_of(type(obj)).values:
        allowed = settable(user, obj, name, stored)
        if allowed is not None and values_of(obj)[name] not in allowed:
            refused[name] = str(rule.message)
    return refused


def clamp_values(obj: Model, *, by) -> list[str]:
    """Give each declared field of a new ``obj`` that holds a value ``by`` may not set one they may
    (the field's default when allowed): a copy made by a unit editor or a partner becomes their
    proposal outside any plan. Returns the names changed."""
    changed = []
    for _round in range(len(scope_of(type(obj)).values)):
        refused = refused_values(by, obj, None)
        if not refused:
            break
        for name in refused:
            allowed = settable(by, obj, name, None)
            if not allowed:
                continue
            model_field = obj._meta.get_field(name)
            default = model_field.get_default()
            value = default if default in allowed else sorted(allowed, key=str)[0]
            setattr(obj, model_field.attname, value)
            changed.append(name)
    return changed


def check_values(obj: Model, *, by, stored: dict | None | bool = True) -> None:
    """Refuse (``ValidationError`` by field) a row holding a value ``by`` may not set; ``stored``
    defaults to the row as saved. Every service that saves such a model calls it with its ``by``."""
    refused = refused_values(by, obj, stored_values(obj) if stored is True else stored)
    if refused:
        raise ValidationError(refused, code="value_refused")
# --- Fields: who may read which field of a row they see -------------------------------------------
# A row's visibility is :func:`restrict`'s; within a visible row, a field declared in its Scope's
# ``fields`` is read only by its ``Readers``. Every door that lets a field leave the server (pages,
# history, the API, downloads, exports, reports, feeds) asks these functions.


def _value_at(obj, lookup: str):
    """``obj``'s value at a Scope lookup, as an id: ``"activity__municipality"`` → the municipality id."""
    *path, last = lookup.split("__")
    for name in path:
        obj = getattr(obj, name)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    return getattr(obj, obj._meta.get_field(last).attname)


def _names(name: str) -> set[str]:
    """A field's name and those of its per-language columns (``summary`` → ``summary_sv``, …)."""
    return {name, *(f"{name}_{code}" for code, _label in settings.LANGUAGES)}


def may_read_field(user, obj_or_model, name: str) -> bool:
    """Whether ``user`` may read field ``name`` of ``obj_or_model`` (a row they may see).

    Given a model rather than a row, the answer is whether the user's role may read the field of
    any row (of their own municipality, or own organisation for ``owner`` readers).
    """
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    scope = scope_of(model)
    readers = next((r for declared, r in scope.fields.items() if name in _names(declared)), None)
    if readers is None:
        return True
    role = role_of(user)
    if role is None:
        return False
    obj = None if isinstance(obj_or_model, type) else obj_or_model
    if obj is not None and scope.tenant and _value_at(obj, scope.tenant) != user.municipality_id:
        return False
    if role in readers.roles:
        return True
    if not (readers.owner and scope.owner and role in scope.owner_editors):
        return False
    return obj is None or _value_at(obj, scope.owner) == user.organisation_id


def hidden_fields(user, obj_or_model) -> frozenset[str]:
    """The restricted fields of ``obj_or_model`` that ``user`` may not read (with their
    per-language columns): what every door leaves out."""
    scope = scope_of(obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model))
    hidden: set[str] = set()
    for name in scope.fields:
        if not may_read_field(user, obj_or_model, name):
            hidden |= _names(name)
    return frozenset(hidden)


def readable_fields(user, obj_or_model, names: Iterable[str]) -> list[str]:
    """``names`` without the fields ``user`` may not read, in their order."""
    hidden = hidden_fields(user, obj_or_model)
    return [name for name in names if name not in hidden]


def visible_pks(user, model, pks: Iterable, *, municipality_id=None) -> set:
    """Which of ``pks`` (rows of ``model``) ``user`` may see — one query however many: how a door
    names a related record only when its reader may see it (else "–", empty or null, never its id).

    ``municipality_id``: all the rows are known to be that municipality's (the records of one
    municipality's rows link to it); a user who reads all of its ``model`` then needs no query.
    """
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return set()
    scope = getattr(model, "scope", None)
    if scope is None or scope.tenant is None:  # not scoped, or shared reference data
        return pks
    if municipality_id is not None and reads_municipality(user, model, municipality_id):
        return pks
    return set(restrict(model._default_manager.filter(pk__in=pks), user, VIEW).values_list("pk", flat=True))


def reads_municipality(user, model, municipality_id) -> bool:
    """Whether ``user`` reads every row of ``model`` in municipality ``municipality_id`` (its
    Scope's readers and editors of that municipality), internal ones included."""
    scope = scope_of(model)
    role = role_of(user)
    return role is not None and user.municipality_id == municipality_id and (role in scope.readers or role in scope.editors)


def edits_municipality(user, model, municipality_id=None) -> bool:
    """Whether ``user`` changes every row of ``model`` in municipality ``municipality_id`` (its
    own when ``None``): the Scope's editors, not only those of their organisation's rows."""
    role = role_of(user)
    own = municipality_id is None or user.municipality_id == municipality_id
    return role is not None and own and role in scope_of(model).editors

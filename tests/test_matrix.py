"""The permission matrix: every URL pattern × every role × read (GET) and write (POST).

Each row names a URL pattern, how to build its arguments from the ``world`` fixture and the
status every role must get. The columns are, in this order::

    anonymous  admin  coordinator  board  unit_editor  partner  foreign

(``foreign`` is the coordinator of the other municipality.) The rules the statuses follow:

* 404 for what the role may not see — the page reveals nothing, not even that the record exists;
* 403 for what it may see but not change;
* 302 to the login page for the anonymous public on a write page of a record it may see;
* 400 for an allowed write with an empty (invalid) form, 302 for an allowed write that succeeds
  (restore, delete, log out …), 405 for a method the page does not take.

A URL pattern added without a row here fails :func:`test_every_url_pattern_has_a_row`.
The world is built once per module; every test runs in its own transaction that is rolled back,
so the successful writes (restores, deletes) of one cell never leak into another.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import conftest
from vanort.core.roles import Role
from vanort.registry.models import Agreement, AgreementDocument
from vanort.tenancy.models import ContactPerson

ROLES = ("anonymous", "admin", "coordinator", "board", "unit_editor", "partner", "foreign")
METHODS = ("GET", "POST")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def statuses(spec: str) -> dict[str, int]:
    codes = spec.split()
    if len(codes) == 1:
        codes *= len(ROLES)
    assert len(codes) == len(ROLES), spec
    return dict(zip(ROLES, map(int, codes), strict=True))


@dataclass(frozen=True)
class Row:
    name: str
    args: Callable
    get: dict
    post: dict
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}@{self.label}" if self.label else self.name


def row(name: str, args=None, *, get: str, post: str, label: str = "") -> Row:
    return Row(name, args or (lambda w: []), statuses(get), statuses(post), label)


def first_version(obj) -> int:
    return obj.history.order_by("history_date", "history_id").first().history_id


def stored(document: AgreementDocument) -> list[int]:
    """The document's pk, with its file present in this test's MEDIA_ROOT."""
    if not default_storage.exists(document.file.name):
        default_storage.save(document.file.name, ContentFile(b"%PDF-1.4\n% matrix\n"))
    return [document.pk]


# ---------------------------------------------------------------------------------------------
# Frequent lines, named for readability. Columns: anon admin coord board unit_ed partner foreign
# ---------------------------------------------------------------------------------------------
ALL_200 = "200"
ALL_405 = "405"
LIST = {"get": ALL_200, "post": ALL_405}
# A public record of Linköping that only admin and coordinator change.
PUBLIC_DETAIL = {"get": "200 200 200 200 200 200 404", "post": ALL_405}
PUBLIC_EDIT = {"get": "302 200 200 403 403 403 404", "post": "302 400 400 403 403 403 404"}
PUBLIC_HISTORY = {"get": "302 200 200 200 200 403 404", "post": ALL_405}
PUBLIC_RESTORE = {"get": ALL_405, "post": "302 302 302 403 403 403 404"}
PUBLIC_DELETE = {"get": "302 200 200 403 403 403 404", "post": "302 302 302 403 403 403 404"}
# An internal record of Linköping: readers see it, the partner and the public do not.
INTERNAL_DETAIL = {"get": "404 200 200 200 200 404 404", "post": ALL_405}
INTERNAL_EDIT = {"get": "404 200 200 403 403 404 404", "post": "404 400 400 403 403 404 404"}
INTERNAL_HISTORY = {"get": "404 200 200 200 200 404 404", "post": ALL_405}
INTERNAL_RESTORE = {"get": ALL_405, "post": "404 302 302 403 403 404 404"}
INTERNAL_DELETE = {"get": "404 200 200 403 403 404 404", "post": "404 302 302 403 403 404 404"}
# A record of the other municipality, not public: only its own coordinator.
FOREIGN_DETAIL = {"get": "404 404 404 404 404 404 200", "post": ALL_405}
FOREIGN_EDIT = {"get": "404 404 404 404 404 404 200", "post": "404 404 404 404 404 404 400"}
FOREIGN_HISTORY = {"get": "404 404 404 404 404 404 200", "post": ALL_405}
FOREIGN_RESTORE = {"get": ALL_405, "post": "404 404 404 404 404 404 302"}
# Creating a municipality's record: admin and coordinators (of either municipality).
EDITOR_CREATE = {"get": "302 200 200 403 403 403 200", "post": "302 400 400 403 403 403 400"}


def resource_rows(app: str, model: str, obj, *, internal=None, foreign=None, delete=False) -> list[Row]:
    """The usual rows of a registry resource: a public record, an internal one, a foreign one."""
    rows = [
        row(f"{app}:{model}_list", **LIST),
        row(f"{app}:{model}_create", **EDITOR_CREATE),
        row(f"{app}:{model}_detail", lambda w: [obj(w).pk], **PUBLIC_DETAIL),
        row(f"{app}:{model}_edit", lambda w: [obj(w).pk], **PUBLIC_EDIT),
        row(f"{app}:{model}_history", lambda w: [obj(w).pk], **PUBLIC_HISTORY),
        row(f"{app}:{model}_restore", lambda w: [obj(w).pk, first_version(obj(w))], **PUBLIC_RESTORE),
    ]
    if delete:
        rows.append(row(f"{app}:{model}_delete", lambda w: [obj(w).pk], **PUBLIC_DELETE))
    if internal:
        rows += [
            row(f"{app}:{model}_detail", lambda w: [internal(w).pk], label="internal", **INTERNAL_DETAIL),
            row(f"{app}:{model}_edit", lambda w: [internal(w).pk], label="internal", **INTERNAL_EDIT),
            row(f"{app}:{model}_history", lambda w: [internal(w).pk], label="internal", **INTERNAL_HISTORY),
            row(f"{app}:{model}_restore", lambda w: [internal(w).pk, first_version(internal(w))], label="internal", **INTERNAL_RESTORE),
        ]
        if delete:
            rows.append(row(f"{app}:{model}_delete", lambda w: [internal(w).pk], label="internal", **INTERNAL_DELETE))
    if foreign:
        rows += [
            row(f"{app}:{model}_detail", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_DETAIL),
            row(f"{app}:{model}_edit", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_EDIT),
            row(f"{app}:{model}_history", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_HISTORY),
            row(f"{app}:{model}_restore", lambda w: [foreign(w).pk, first_version(foreign(w))], label="foreign", **FOREIGN_RESTORE),
        ]
    return rows


MATRIX: list[Row] = [
    # --- site-wide ----------------------------------------------------------------------------
    row("home", get=ALL_200, post=ALL_405),
    row("set_language", get="302", post="302"),
    row("accounts:login", get="200 302 302 302 302 302 302", post="200 302 302 302 302 302 302"),
    row("accounts:logout", get=ALL_405, post="302"),
    # --- users: administrators of the municipality only -----------------------------------------
    row("accounts:user_list", **LIST),  # everyone else gets an empty list
    row("accounts:user_create", get="302 200 403 403 403 403 403", post="302 400 403 403 403 403 403"),
    row("accounts:user_detail", lambda w: [w.users[Role.UNIT_EDITOR].pk], get="404 200 404 404 404 404 404", post=ALL_405),
    row("accounts:user_edit", lambda w: [w.users[Role.UNIT_EDITOR].pk],
        get="404 200 404 404 404 404 404", post="404 400 404 404 404 404 404"),
    row("accounts:user_detail", lambda w: [w.foreign_user.pk], label="foreign", get="404", post=ALL_405),
    row("accounts:user_edit", lambda w: [w.foreign_user.pk], label="foreign", get="404", post="404"),
    # --- cities: shared reference data, corrected by any coordinator ------------------------------
    row("places:city_list", **LIST),
    row("places:city_create", **EDITOR_CREATE),
    row("places:city_lookup", get="302 200 200 403 403 403 200", post="302 302 302 403 403 403 302"),
    row("places:city_detail", lambda w: [w.cities.palo_alto.pk], get=ALL_200, post=ALL_405),
    row("places:city_edit", lambda w: [w.cities.palo_alto.pk],
        get="302 200 200 403 403 403 200", post="302 400 400 403 403 403 400"),
    row("places:city_history", lambda w: [w.cities.palo_alto.pk], get="302 200 200 200 200 403 200", post=ALL_405),
    row("places:city_restore", lambda w: [w.cities.palo_alto.pk, first_version(w.cities.palo_alto)],
        get=ALL_405, post="302 302 302 403 403 403 302"),
    # --- organisations: a unit editor and a partner change their own --------------------------------
    row("tenancy:organisation_list", **LIST),
    row("tenancy:organisation_create", **EDITOR_CREATE),
    row("tenancy:organisation_detail", lambda w: [w.unit.pk], **PUBLIC_DETAIL),
    row("tenancy:organisation_edit", lambda w: [w.unit.pk],
        get="302 200 200 403 200 403 404", post="302 400 400 403 400 403 404"),
    row("tenancy:organisation_history", lambda w: [w.unit.pk], **PUBLIC_HISTORY),
    row("tenancy:organisation_restore", lambda w: [w.unit.pk, first_version(w.unit)],
        get=ALL_405, post="302 302 302 403 302 403 404"),
    row("tenancy:organisation_edit", lambda w: [w.university.pk], label="partner_own",
        get="302 200 200 403 403 200 404", post="302 400 400 403 403 400 404"),
    row("tenancy:organisation_history", lambda w: [w.university.pk], label="partner_own",
        get="302 200 200 200 200 200 404", post=ALL_405),
    row("tenancy:organisation_detail", lambda w: [w.hidden_org.pk], label="internal", **INTERNAL_DETAIL),
    row("tenancy:organisation_edit", lambda w: [w.hidden_org.pk], label="internal", **INTERNAL_EDIT),
    row("tenancy:organisation_history", lambda w: [w.hidden_org.pk], label="internal", **INTERNAL_HISTORY),
    # The other municipality's organisation is public: the public sees it, Linköping's users work
    # in their own municipality only.
    row("tenancy:organisation_detail", lambda w: [w.foreign_org.pk], label="foreign",
        get="200 404 404 404 404 404 200", post=ALL_405),
    row("tenancy:organisation_edit", lambda w: [w.foreign_org.pk], label="foreign",
        get="302 404 404 404 404 404 200", post="302 404 404 404 404 404 400"),
    # --- contact persons: personal data, internal unless public ----------------------------------
    row("tenancy:contactperson_list", **LIST),
    row("tenancy:contactperson_create", get="302 200 200 403 200 200 200", post="302 400 400 403 400 400 400"),
    row("tenancy:contactperson_detail", lambda w: [w.contact.pk], **INTERNAL_DETAIL),
    row("tenancy:contactperson_edit", lambda w: [w.contact.pk],
        get="404 200 200 403 200 404 404", post="404 400 400 403 400 404 404"),
    row("tenancy:contactperson_history", lambda w: [w.contact.pk], **INTERNAL_HISTORY),
    row("tenancy:contactperson_restore", lambda w: [w.contact.pk, first_version(w.contact)],
        get=ALL_405, post="404 302 302 403 302 404 404"),
    row("tenancy:contactperson_delete", lambda w: [w.contact.pk],
        get="404 200 200 403 200 404 404", post="404 302 302 403 302 404 404"),
    row("tenancy:contactperson_edit", lambda w: [w.other_contact.pk], label="other_unit", **INTERNAL_EDIT),
    row("tenancy:contactperson_delete", lambda w: [w.other_contact.pk], label="other_unit", **INTERNAL_DELETE),
    row("tenancy:contactperson_detail", lambda w: [w.partner_contact.pk], label="partner_own",
        get="404 200 200 200 200 200 404", post=ALL_405),
    row("tenancy:contactperson_edit", lambda w: [w.partner_contact.pk], label="partner_own",
        get="404 200 200 403 403 200 404", post="404 400 400 403 403 400 404"),
    row("tenancy:contactperson_detail", lambda w: [w.public_contact.pk], label="public", **PUBLIC_DETAIL),
    row("tenancy:contactperson_edit", lambda w: [w.public_contact.pk], label="public",
        get="302 200 200 403 200 403 404", post="302 400 400 403 400 403 404"),
    row("tenancy:contactperson_detail", lambda w: [w.foreign_contact.pk], label="foreign", **FOREIGN_DETAIL),
    # --- the register ----------------------------------------------------------------------------
    *resource_rows("registry", "priorityarea", lambda w: w.area),
    *resource_rows("registry", "partnership", lambda w: w.partnership,
                   internal=lambda w: w.internal_partnership, foreign=lambda w: w.foreign_partnership),
    *resource_rows("registry", "timelineevent", lambda w: w.event, internal=lambda w: w.internal_event, delete=True),
    *resource_rows("registry", "agreement", lambda w: w.agreement, internal=lambda w: w.internal_agreement),
    *resource_rows("registry", "network", lambda w: w.network),
    row("registry:document_download", lambda w: stored(w.document), **PUBLIC_DETAIL),
    row("registry:document_download", lambda w: stored(w.internal_document), label="internal", **INTERNAL_DETAIL),
]

from tests.matrix_publishing import ROWS as PUBLISHING_ROWS, add_publishing  # noqa: E402 (needs row() above)

MATRIX += PUBLISHING_ROWS

from tests.matrix_api import ROWS as API_ROWS  # noqa: E402 (needs row() above)
from tests.matrix_api import add_api  # noqa: E402

MATRIX += API_ROWS


def user_for(world, role: str):
    if role == "anonymous":
        return None
    if role == "foreign":
        return world.foreign_user
    return world.users[Role(role)]


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """``world`` (the very fixture of conftest), built once for the module, plus a few records.

    Everything is created in one transaction that is rolled back when the module is done; each
    test's own transaction (``db``) nests inside it and is rolled back after the test.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                w = conftest.world.__wrapped__(None)
            w.partner_contact = ContactPerson.objects.create(organisation=w.university, name="Per Partner")
            w.public_contact = ContactPerson.objects.create(organisation=w.unit, name="Publika Petra", is_public=True)
            w.foreign_contact = ContactPerson.objects.create(organisation=w.foreign_org, name="Fia Foreign")
            w.internal_agreement = Agreement.objects.create(
                partnership=w.partnership, title="Internt avtal", parties="A\nB", signed_on=datetime.date(2020, 1, 1), is_public=False
            )
            w.document = AgreementDocument.objects.create(
                agreement=w.agreement, file="agreements/matrix-public.pdf", original_name="avtal.pdf",
                content_type="application/pdf", size=20,
            )
            w.internal_document = AgreementDocument.objects.create(
                agreement=w.internal_agreement, file="agreements/matrix-internal.pdf", original_name="internt.pdf",
                content_type="application/pdf", size=20,
            )
            add_publishing(w)
            add_api(w)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every URL pattern's full name (``namespace:name``); an unnamed pattern is reported too."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            names.add(f"{namespace}:{name}" if namespace else name)
    return names


def test_every_url_pattern_has_a_row():
    in_matrix = {r.name for r in MATRIX}
    patterns = url_names()
    missing, extra = sorted(patterns - in_matrix), sorted(in_matrix - patterns)
    assert not missing and not extra, (
        f"URL patterns without a row in the permission matrix: {missing}; "
        f"matrix rows for URL names that do not exist: {extra}"
    )


def test_row_ids_are_unique():
    ids = [r.id for r in MATRIX]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


CELLS = [
    pytest.param(r, role, method, id=f"{r.id}-{role}-{method}")
    for r in MATRIX
    for role in ROLES
    for method in METHODS
]


@pytest.fixture(scope="module")
def module_client():
    """One test client for the module: its handler (and WhiteNoise's file scan) is built once."""
    return Client()


@pytest.fixture
def client(module_client):
    module_client.cookies.clear()
    return module_client


@pytest.mark.parametrize(("matrix_row", "role", "method"), CELLS)
def test_matrix(matrix_world, db, client, matrix_row, role, method):
    user = user_for(matrix_world, role)
    if user is not None:
        client.force_login(user)
    url = reverse(matrix_row.name, args=matrix_row.args(matrix_world))
    response = client.get(url) if method == "GET" else client.post(url, {})
    expected = (matrix_row.get if method == "GET" else matrix_row.post)[role]
    assert response.status_code == expected, (
        f"{method} {url} as {role}: {response.status_code}, expected {expected}"
        + (f" (→ {response['Location']})" if response.has_header("Location") else "")
    )
    if response.status_code == 302 and role == "anonymous" and method == "POST" and matrix_row.name not in OPEN_POSTS:
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]


#: Pages an anonymous visitor may post to without being sent to the login page.
OPEN_POSTS = {"set_language", "accounts:logout", "accounts:login"}

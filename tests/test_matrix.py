"""The permission matrix: every URL pattern × every role × read (GET) and write (POST).

Each row names a URL pattern, how to build its arguments from the ``world`` fixture and the
status every role must get. The columns are, in this order::

    anonymous  admin  coordinator  board  unit_editor  partner  foreign

(``foreign`` is the coordinator of the other municipality.) The rules the statuses follow:

* 404 for what the role may not see — the page reveals nothing, not even that the record exists;
* 403 for what it may see but not change;
* 302 to the login page for the anonymous public on a write page of a record it may see;
* 302 (or 200 where the page shows the result: a new token, an import) for an allowed write,
  which posts valid data; 400 where a valid-looking write is refused by a rule (a record not in a
  state to be accepted or decided), 405 for a method the page does not take.

Every POST cell of a write page posts the page's own form filled in (see
:mod:`tests.matrix_writes`), never ``{}``: an allowed write must have **landed** (the submitted
marker is in a new or changed row), a refused one must have **changed nothing** (every table,
history tables included, as before). :data:`NOT_WRITES` lists the allowed POSTs that write no
row by design.

A URL pattern added without a row here fails :func:`test_every_url_pattern_has_a_row`.
The world is built once per module, and one session per role signed in once (read-only and write
cells alike reuse it); every test runs in its own transaction that is rolled back, so the writes
of one cell (and a log-out) never leak into another.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import conftest
from tests import matrix_writes as writes
from tests.plans.conftest import make_activity, make_cost
from vanort.core.roles import Role
from vanort.plans.models import (
    ActionPlan,
    Activity,
    ActivityAttachment,
    ExchangeRate,
    ImportJob,
    Milestone,
    NamedParticipant,
    Participation,
    VisitNotice,
)
from vanort.plans.services.activities import activity_save
from vanort.plans.services.costs import cost_line_delete
from vanort.plans.services.milestones import milestone_delete
from vanort.plans.services.visits import visit_notify
from vanort.registry.models import Agreement, AgreementDocument, PriorityArea, TimelineEvent
from vanort.registry.services import timeline_event_delete
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


def deleted(service, name, record) -> int:
    """The history id of ``record``'s deletion through ``service``."""
    pk = record.pk
    service(**{name: record}, by=None)
    return type(record).history.get(id=pk, history_type="-").history_id


def stored(document) -> list[int]:
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
PUBLIC_EDIT = {"get": "302 200 200 403 403 403 404", "post": "302 302 302 403 403 403 404"}
PUBLIC_HISTORY = {"get": "302 200 200 200 200 403 404", "post": ALL_405}
PUBLIC_RESTORE = {"get": ALL_405, "post": "302 302 302 403 403 403 404"}
PUBLIC_DELETE = {"get": "302 200 200 403 403 403 404", "post": "302 302 302 403 403 403 404"}
# An internal record of Linköping: readers see it, the partner and the public do not.
INTERNAL_DETAIL = {"get": "404 200 200 200 200 404 404", "post": ALL_405}
INTERNAL_EDIT = {"get": "404 200 200 403 403 404 404", "post": "404 302 302 403 403 404 404"}
INTERNAL_HISTORY = {"get": "404 200 200 200 200 404 404", "post": ALL_405}
INTERNAL_RESTORE = {"get": ALL_405, "post": "404 302 302 403 403 404 404"}
INTERNAL_DELETE = {"get": "404 200 200 403 403 404 404", "post": "404 302 302 403 403 404 404"}
# A record of the other municipality, not public: only its own coordinator.
FOREIGN_DETAIL = {"get": "404 404 404 404 404 404 200", "post": ALL_405}
FOREIGN_EDIT = {"get": "404 404 404 404 404 404 200", "post": "404 404 404 404 404 404 302"}
FOREIGN_HISTORY = {"get": "404 404 404 404 404 404 200", "post": ALL_405}
FOREIGN_RESTORE = {"get": ALL_405, "post": "404 404 404 404 404 404 302"}
# Creating a municipality's record: admin and coordinators (of either municipality).
EDITOR_CREATE = {"get": "302 200 200 403 403 403 200", "post": "302 302 302 403 403 403 302"}
# Creating a record owned by an organisation: also unit editors and partners, for their own.
OWNER_CREATE = {"get": "302 200 200 403 200 200 200", "post": "302 302 302 403 302 302 302"}
# A public record owned by the unit editor's organisation (world.unit).
UNIT_EDIT = {"get": "302 200 200 403 200 403 404", "post": "302 302 302 403 302 403 404"}
UNIT_DELETE = {"get": "302 405 405 403 405 403 404", "post": "302 302 302 403 302 403 404"}
# The same, with a page that asks first (GET) before the POST deletes.
UNIT_CONFIRM_DELETE = {"get": "302 200 200 403 200 403 404", "post": "302 302 302 403 302 403 404"}
# An internal record owned by the partner's organisation (world.university).
PARTNER_EDIT = {"get": "404 200 200 403 403 200 404", "post": "404 302 302 403 403 302 404"}


def archive_rows(name: str, obj, *, archive: dict, unarchive: dict, label: str = "") -> list[Row]:
    """A public record's archive page (asks for the reason; the empty form is 400) and the
    POST that takes it out of the archive (a record not archived: a message, back to it)."""
    return [
        row(f"{name}_archive", lambda w: [obj(w).pk], label=label, **archive),
        row(f"{name}_unarchive", lambda w: [obj(w).pk], label=label, **unarchive),
    ]


def resource_rows(app: str, model: str, obj, *, internal=None, foreign=None, delete=False, archive=False) -> list[Row]:
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
    if archive:
        rows += archive_rows(f"{app}:{model}", obj, archive=PUBLIC_EDIT, unarchive=PUBLIC_RESTORE)
    if internal:
        rows += [
            row(f"{app}:{model}_detail", lambda w: [internal(w).pk], label="internal", **INTERNAL_DETAIL),
            row(f"{app}:{model}_edit", lambda w: [internal(w).pk], label="internal", **INTERNAL_EDIT),
            row(f"{app}:{model}_history", lambda w: [internal(w).pk], label="internal", **INTERNAL_HISTORY),
            row(f"{app}:{model}_restore", lambda w: [internal(w).pk, first_version(internal(w))], label="internal", **INTERNAL_RESTORE),
        ]
        if delete:
            rows.append(row(f"{app}:{model}_delete", lambda w: [internal(w).pk], label="internal", **INTERNAL_DELETE))
        if archive:
            rows += archive_rows(f"{app}:{model}", internal, label="internal", archive=INTERNAL_EDIT, unarchive=INTERNAL_RESTORE)
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
    # --- second factor: administrators only (the matrix's administrator has verified already) ----
    row("accounts:second_factor_enrol", get="302 302 403 403 403 403 403", post="302 302 403 403 403 403 403"),
    row("accounts:second_factor_verify", get="302 200 403 403 403 403 403", post="302 302 403 403 403 403 403"),
    row("accounts:user_second_factor_reset", lambda w: [w.users[Role.ADMIN].pk], get=ALL_405,
        post="302 302 404 404 404 404 404"),
    # --- users: administrators of the municipality only -----------------------------------------
    row("accounts:user_list", get="302 200 403 403 403 403 403", post=ALL_405),
    row("accounts:user_create", get="302 200 403 403 403 403 403", post="302 302 403 403 403 403 403"),
    row("accounts:user_detail", lambda w: [w.users[Role.UNIT_EDITOR].pk], get="404 200 404 404 404 404 404", post=ALL_405),
    row("accounts:user_edit", lambda w: [w.users[Role.UNIT_EDITOR].pk],
        get="404 200 404 404 404 404 404", post="404 302 404 404 404 404 404"),
    row("accounts:user_detail", lambda w: [w.foreign_user.pk], label="foreign", get="404", post=ALL_405),
    row("accounts:user_edit", lambda w: [w.foreign_user.pk], label="foreign", get="404", post="404"),
    # --- cities: shared reference data, corrected by any coordinator ------------------------------
    row("places:city_list", **LIST),
    row("places:city_create", **EDITOR_CREATE),
    row("places:city_lookup", get="302 200 200 403 403 403 200", post="302 302 302 403 403 403 302"),
    row("places:city_detail", lambda w: [w.cities.palo_alto.pk], get=ALL_200, post=ALL_405),
    row("places:city_edit", lambda w: [w.cities.palo_alto.pk],
        get="302 200 200 403 403 403 200", post="302 302 302 403 403 403 302"),
    row("places:city_history", lambda w: [w.cities.palo_alto.pk], get="302 200 200 200 200 403 200", post=ALL_405),
    row("places:city_restore", lambda w: [w.cities.palo_alto.pk, first_version(w.cities.palo_alto)],
        get=ALL_405, post="302 302 302 403 403 403 302"),
    # --- organisations: a unit editor and a partner change their own --------------------------------
    row("tenancy:organisation_list", **LIST),
    row("tenancy:organisation_create", **EDITOR_CREATE),
    row("tenancy:organisation_detail", lambda w: [w.unit.pk], **PUBLIC_DETAIL),
    row("tenancy:organisation_edit", lambda w: [w.unit.pk],
        get="302 200 200 403 200 403 404", post="302 302 302 403 302 403 404"),
    row("tenancy:organisation_history", lambda w: [w.unit.pk], **PUBLIC_HISTORY),
    row("tenancy:organisation_restore", lambda w: [w.unit.pk, first_version(w.unit)],
        get=ALL_405, post="302 302 302 403 302 403 404"),
    row("tenancy:organisation_edit", lambda w: [w.university.pk], label="partner_own",
        get="302 200 200 403 403 200 404", post="302 302 302 403 403 302 404"),
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
        get="302 404 404 404 404 404 200", post="302 404 404 404 404 404 302"),
    # --- the municipality's settings: everyone reads an active municipality, its administrator changes it ---
    row("tenancy:municipality_list", **LIST),
    row("tenancy:municipality_detail", lambda w: [w.home.pk], **PUBLIC_DETAIL),
    row("tenancy:municipality_edit", lambda w: [w.home.pk], get="302 200 403 403 403 403 404", post="302 302 403 403 403 403 404"),
    row("tenancy:municipality_history", lambda w: [w.home.pk], **PUBLIC_HISTORY),
    row("tenancy:municipality_restore", lambda w: [w.home.pk, first_version(w.home)], get=ALL_405, post="302 302 403 403 403 403 404"),
    # --- contact persons: personal data, internal unless public ----------------------------------
    row("tenancy:contactperson_list", **LIST),
    row("tenancy:contactperson_create", get="302 200 200 403 200 200 200", post="302 302 302 403 302 302 302"),
    row("tenancy:contactperson_detail", lambda w: [w.contact.pk], **INTERNAL_DETAIL),
    row("tenancy:contactperson_edit", lambda w: [w.contact.pk],
        get="404 200 200 403 200 404 404", post="404 302 302 403 302 404 404"),
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
        get="404 200 200 403 403 200 404", post="404 302 302 403 403 302 404"),
    row("tenancy:contactperson_detail", lambda w: [w.public_contact.pk], label="public", **PUBLIC_DETAIL),
    row("tenancy:contactperson_edit", lambda w: [w.public_contact.pk], label="public",
        get="302 200 200 403 200 403 404", post="302 302 302 403 302 403 404"),
    row("tenancy:contactperson_detail", lambda w: [w.foreign_contact.pk], label="foreign", **FOREIGN_DETAIL),
    # --- the register ----------------------------------------------------------------------------
    *resource_rows("registry", "priorityarea", lambda w: w.area),
    *resource_rows("registry", "partnership", lambda w: w.partnership,
                   internal=lambda w: w.internal_partnership, foreign=lambda w: w.foreign_partnership),
    *resource_rows("registry", "timelineevent", lambda w: w.event, internal=lambda w: w.internal_event, delete=True),
    # A deleted timeline event is restored from the partnership's history by whoever may add one.
    row("registry:partnership_child_restore", lambda w: [w.partnership.pk, "timelineevent", w.deleted_event], get=ALL_405,
        post="302 302 302 403 403 404 404"),
    *resource_rows("registry", "agreement", lambda w: w.agreement, internal=lambda w: w.internal_agreement, archive=True),
    *resource_rows("registry", "network", lambda w: w.network),
    row("registry:document_download", lambda w: stored(w.document), **PUBLIC_DETAIL),
    row("registry:document_download", lambda w: stored(w.internal_document), label="internal", **INTERNAL_DETAIL),
    # --- action plans: public unless marked internal; only the international office changes them --
    *resource_rows("plans", "actionplan", lambda w: w.plan, internal=lambda w: w.internal_plan, foreign=lambda w: w.foreign_plan),
    row("plans:actionplan_transition", lambda w: [w.plan.pk], **PUBLIC_RESTORE),  # an invalid move: a message, back to the plan
    row("plans:actionplan_transition", lambda w: [w.internal_plan.pk], label="internal", **INTERNAL_RESTORE),
    row("plans:actionplan_transition", lambda w: [w.foreign_plan.pk], label="foreign", **FOREIGN_RESTORE),
    # Preparing the next plan from one: the international office only.
    row("plans:actionplan_carry", lambda w: [w.plan.pk], **PUBLIC_EDIT),
    row("plans:actionplan_carry", lambda w: [w.foreign_plan.pk], label="foreign", get="404 404 404 404 404 404 200",
        post="404 404 404 404 404 404 302"),
    # --- activities: a unit editor and a partner change their own organisation's ---------------------
    row("plans:activity_list", **LIST),
    row("plans:activity_create", **OWNER_CREATE),
    row("plans:activity_detail", lambda w: [w.unit_activity.pk], **PUBLIC_DETAIL),
    row("plans:activity_edit", lambda w: [w.unit_activity.pk], **UNIT_EDIT),
    row("plans:activity_history", lambda w: [w.unit_activity.pk], **PUBLIC_HISTORY),
    row("plans:activity_restore", lambda w: [w.unit_activity.pk, first_version(w.unit_activity)],
        get=ALL_405, post="302 302 302 403 302 403 404"),
    row("plans:activity_edit", lambda w: [w.other_activity.pk], label="other_unit", **PUBLIC_EDIT),
    row("plans:activity_restore", lambda w: [w.other_activity.pk, first_version(w.other_activity)], label="other_unit",
        **PUBLIC_RESTORE),
    row("plans:activity_detail", lambda w: [w.internal_activity.pk], label="internal", **INTERNAL_DETAIL),
    row("plans:activity_edit", lambda w: [w.internal_activity.pk], label="internal", **INTERNAL_EDIT),
    row("plans:activity_history", lambda w: [w.internal_activity.pk], label="internal", **INTERNAL_HISTORY),
    row("plans:activity_restore", lambda w: [w.internal_activity.pk, first_version(w.internal_activity)], label="internal",
        **INTERNAL_RESTORE),
    row("plans:activity_detail", lambda w: [w.proposal.pk], label="partner_own", get="404 200 200 200 200 200 404", post=ALL_405),
    row("plans:activity_edit", lambda w: [w.proposal.pk], label="partner_own", **PARTNER_EDIT),
    row("plans:activity_history", lambda w: [w.proposal.pk], label="partner_own", get="404 200 200 200 200 200 404", post=ALL_405),
    row("plans:activity_detail", lambda w: [w.foreign_activity.pk], label="foreign", **FOREIGN_DETAIL),
    row("plans:activity_edit", lambda w: [w.foreign_activity.pk], label="foreign", **FOREIGN_EDIT),
    row("plans:activity_history", lambda w: [w.foreign_activity.pk], label="foreign", **FOREIGN_HISTORY),
    # Taking a proposal into a plan: the international office only (an empty choice is a bad request).
    row("plans:activity_accept", lambda w: [w.proposal.pk], get="404 405 405 403 403 405 404", post="404 302 302 403 403 403 404"),
    row("plans:activity_accept", lambda w: [w.unit_activity.pk], label="unit_own",
        get="302 405 405 403 405 403 404", post="302 400 400 403 403 403 404"),  # planned already: not a proposal
    # The small forms of the activity page follow the right to change the activity.
    row("plans:costline_create", lambda w: [w.unit_activity.pk], **UNIT_EDIT),
    row("plans:costline_create", lambda w: [w.other_activity.pk], label="other_unit", **PUBLIC_EDIT),
    row("plans:costline_create", lambda w: [w.internal_activity.pk], label="internal", **INTERNAL_EDIT),
    row("plans:costline_create", lambda w: [w.proposal.pk], label="partner_own", **PARTNER_EDIT),
    row("plans:costline_create", lambda w: [w.foreign_activity.pk], label="foreign", **FOREIGN_EDIT),
    row("plans:costline_edit", lambda w: [w.unit_activity.pk, w.cost.pk], **UNIT_EDIT),
    row("plans:costline_edit", lambda w: [w.other_activity.pk, w.cost.pk], label="wrong_activity",
        get="302 404 404 403 403 403 404", post="302 404 404 403 403 403 404"),
    row("plans:costline_delete", lambda w: [w.unit_activity.pk, w.cost.pk], **UNIT_CONFIRM_DELETE),
    row("plans:costline_delete", lambda w: [w.internal_activity.pk, w.internal_cost.pk], label="internal",
        get="404 200 200 403 403 404 404", post="404 302 302 403 403 404 404"),
    # Each organisation records its own costs: a line another organisation pays is read-only to a unit editor.
    row("plans:costline_edit", lambda w: [w.unit_activity.pk, w.other_paid_cost.pk], label="other_payer",
        get="302 200 200 403 403 403 404", post="302 302 302 403 403 403 404"),
    row("plans:costline_delete", lambda w: [w.unit_activity.pk, w.other_paid_cost.pk], label="other_payer",
        get="302 200 200 403 403 403 404", post="302 302 302 403 403 403 404"),
    # A deleted cost line or milestone is restored from the activity's history by whoever may add
    # one there (a unit editor: a line its own organisation pays); the board reads but adds nothing.
    row("plans:activity_child_restore", lambda w: [w.unit_activity.pk, "costline", w.deleted_cost], get=ALL_405,
        post="302 302 302 403 302 404 404"),
    row("plans:activity_child_restore", lambda w: [w.unit_activity.pk, "costline", w.deleted_other_paid_cost],
        label="other_payer", get=ALL_405, post="302 302 302 403 403 404 404"),
    row("plans:activity_child_restore", lambda w: [w.unit_activity.pk, "milestone", w.deleted_milestone], label="milestone",
        get=ALL_405, post="302 302 302 403 302 404 404"),
    # Attachments follow the right to change the activity; a file not marked public stays internal.
    row("plans:attachment_create", lambda w: [w.unit_activity.pk], **UNIT_EDIT),
    row("plans:attachment_create", lambda w: [w.internal_activity.pk], label="internal", **INTERNAL_EDIT),
    row("plans:attachment_create", lambda w: [w.foreign_activity.pk], label="foreign", **FOREIGN_EDIT),
    row("plans:attachment_delete", lambda w: [w.unit_activity.pk, w.attachment.pk], **UNIT_DELETE),
    row("plans:attachment_delete", lambda w: [w.other_activity.pk, w.attachment.pk], label="wrong_activity",
        get="302 405 405 403 403 403 404", post="302 404 404 403 403 403 404"),
    row("plans:attachment_download", lambda w: stored(w.attachment), **PUBLIC_DETAIL),
    row("plans:attachment_download", lambda w: stored(w.internal_attachment), label="internal", **INTERNAL_DETAIL),
    row("plans:participation_edit", lambda w: [w.unit_activity.pk], **UNIT_EDIT),
    row("plans:participation_edit", lambda w: [w.other_activity.pk], label="other_unit", **PUBLIC_EDIT),
    row("plans:participation_edit", lambda w: [w.internal_activity.pk], label="internal", **INTERNAL_EDIT),
    row("plans:milestone_create", lambda w: [w.unit_activity.pk], **UNIT_EDIT),
    row("plans:milestone_create", lambda w: [w.internal_activity.pk], label="internal", **INTERNAL_EDIT),
    row("plans:milestone_edit", lambda w: [w.unit_activity.pk, w.milestone.pk], **UNIT_EDIT),
    row("plans:milestone_edit", lambda w: [w.other_activity.pk, w.milestone.pk], label="wrong_activity",
        get="302 404 404 403 403 403 404", post="302 404 404 403 403 403 404"),
    row("plans:milestone_delete", lambda w: [w.unit_activity.pk, w.milestone.pk], **UNIT_CONFIRM_DELETE),
    row("plans:activity_copy", lambda w: [w.unit_activity.pk], **UNIT_DELETE),
    # Named participants are personal data: coordinators and the responsible organisation only —
    # not the board, not other units, not the partner, even where they may see the activity.
    row("plans:namedparticipant_create", lambda w: [w.unit_activity.pk],
        get="302 200 200 404 200 404 404", post="302 302 302 404 302 404 404"),
    row("plans:namedparticipant_create", lambda w: [w.other_activity.pk], label="other_unit",
        get="302 200 200 404 404 404 404", post="302 302 302 404 404 404 404"),
    row("plans:namedparticipant_create", lambda w: [w.internal_activity.pk], label="internal",
        get="404 200 200 404 404 404 404", post="404 302 302 404 404 404 404"),
    row("plans:namedparticipant_delete", lambda w: [w.unit_activity.pk, w.named.pk],
        get="302 405 405 404 405 404 404", post="302 302 302 404 302 404 404"),
    row("plans:namedparticipant_delete", lambda w: [w.other_activity.pk, w.named.pk], label="wrong_activity",
        get="302 405 405 404 404 404 404", post="302 404 404 404 404 404 404"),
    # Import and export: those who may add activities import; every signed-in user exports what it sees.
    # The import answers with its result page (200) when it has imported the file.
    row("plans:activity_import", get=OWNER_CREATE["get"], post="302 200 200 403 200 200 200"),
    row("plans:activity_import_template", get=OWNER_CREATE["get"], post=ALL_405),
    # A background import belongs to the one who uploaded the file (the coordinator's).
    row("plans:import_job", lambda w: [w.import_job.pk], get="302 404 200 404 404 404 404", post=ALL_405),
    row("plans:activity_export", get="302 200 200 200 200 200 200", post=ALL_405),
    # --- costs and exchange rates: internal figures ---------------------------------------------------
    row("plans:cost_totals", get="302 200 200 200 200 200 200", post=ALL_405),
    row("plans:exchangerate_list", get="302 200 200 200 200 403 200", post=ALL_405),
    row("plans:exchangerate_create", **EDITOR_CREATE),
    # --- visit notices: internal; the notifying organisation changes its own until confirmed --------
    row("plans:visitnotice_list", get="302 200 200 200 200 200 200", post=ALL_405),
    row("plans:visitnotice_create", **OWNER_CREATE),
    row("plans:visitnotice_detail", lambda w: [w.notice.pk], **INTERNAL_DETAIL),
    row("plans:visitnotice_edit", lambda w: [w.notice.pk],
        get="404 200 200 403 200 404 404", post="404 302 302 403 302 404 404"),
    row("plans:visitnotice_history", lambda w: [w.notice.pk], **INTERNAL_HISTORY),
    row("plans:visitnotice_restore", lambda w: [w.notice.pk, first_version(w.notice)],
        get=ALL_405, post="404 302 302 403 302 404 404"),
    row("plans:visitnotice_confirm", lambda w: [w.notice.pk], get=ALL_405, post="404 302 302 403 403 404 404"),
    row("plans:visitnotice_ask", lambda w: [w.notice.pk], get=ALL_405, post="404 302 302 403 403 404 404"),
    row("plans:visitnotice_report", lambda w: [w.notice.pk], get=ALL_405, post="404 302 302 403 302 404 404"),
    row("plans:visitnotice_edit", lambda w: [w.confirmed_notice.pk], label="confirmed", **INTERNAL_EDIT),
    row("plans:visitnotice_restore", lambda w: [w.confirmed_notice.pk, first_version(w.confirmed_notice)], label="confirmed",
        **INTERNAL_RESTORE),
    row("plans:visitnotice_detail", lambda w: [w.partner_notice.pk], label="partner_own",
        get="404 200 200 200 200 200 404", post=ALL_405),
    row("plans:visitnotice_edit", lambda w: [w.partner_notice.pk], label="partner_own", **PARTNER_EDIT),
    row("plans:visitnotice_confirm", lambda w: [w.partner_notice.pk], label="partner_own",
        get=ALL_405, post="404 302 302 403 403 403 404"),
    row("plans:visitnotice_detail", lambda w: [w.foreign_notice.pk], label="foreign", **FOREIGN_DETAIL),
    row("plans:visitnotice_edit", lambda w: [w.foreign_notice.pk], label="foreign", **FOREIGN_EDIT),
    row("plans:visitnotice_confirm", lambda w: [w.foreign_notice.pk], label="foreign",
        get=ALL_405, post="404 404 404 404 404 404 302"),
    row("plans:inbox", get="302 200 200 403 403 403 200", post=ALL_405),
]

# Each later app keeps its rows in tests/matrix_<app>.py; they build rows with row() above.
from tests.matrix_api import ROWS as API_ROWS  # noqa: E402
from tests.matrix_api import add_api  # noqa: E402
from tests.matrix_gdpr import ROWS as GDPR_ROWS  # noqa: E402
from tests.matrix_governance import ROWS as GOVERNANCE_ROWS  # noqa: E402
from tests.matrix_governance import add_governance  # noqa: E402
from tests.matrix_publishing import ROWS as PUBLISHING_ROWS  # noqa: E402
from tests.matrix_publishing import add_publishing  # noqa: E402
from tests.matrix_reports import ROWS as REPORT_ROWS  # noqa: E402
from tests.matrix_reports import add_reports  # noqa: E402
from tests.matrix_search import ROWS as SEARCH_ROWS  # noqa: E402

pytestmark = pytest.mark.engine_independent

MATRIX += PUBLISHING_ROWS + API_ROWS + GOVERNANCE_ROWS

MATRIX += REPORT_ROWS
MATRIX += GDPR_ROWS
MATRIX += SEARCH_ROWS


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
            add_plans(w)
            add_governance(w)
            add_reports(w)
            add_publishing(w)
            add_api(w)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def add_plans(w) -> None:
    """Plans, activities and their parts, visit notices — of Linköping and of the other municipality."""
    period = {"period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 12, 31)}
    w.plan = ActionPlan.objects.create(municipality=w.home, partnership=w.partnership, title="Handlingsplan 2026",
                                       coordinator=w.users[Role.COORDINATOR], **period)
    w.internal_plan = ActionPlan.objects.create(municipality=w.home, network=w.network, title="Intern plan", is_public=False, **period)
    w.foreign_plan = ActionPlan.objects.create(municipality=w.other, partnership=w.foreign_partnership, title="Foreign plan",
                                               is_public=False, **period)
    w.unit_activity = make_activity(w, title="Skolutbyte", organisation=w.unit, areas=[w.area], plan=w.plan, is_public=True)
    w.other_activity = make_activity(w, title="Energiprojekt", organisation=w.other_unit, areas=[w.area], plan=w.plan, is_public=True)
    w.internal_activity = make_activity(w, title="Internt projekt", organisation=w.other_unit, areas=[w.area], plan=w.internal_plan)
    w.proposal = make_activity(w, title="Forskarbesök", organisation=w.university, areas=[w.area], status=Activity.Status.PROPOSED,
                               equality_text="", partnership=w.partnership)
    foreign_area = PriorityArea.objects.create(municipality=w.other, name="Foreign area")
    w.foreign_activity = activity_save(
        by=None,
        activity=Activity(municipality=w.other, title="Foreign activity", kind=Activity.Kind.PROJECT,
                          responsible_organisation=w.foreign_org, status=Activity.Status.PROPOSED),
        areas=[foreign_area], expected_version=None,
    )
    w.import_job = ImportJob.objects.create(municipality=w.home, requested_by=w.users[Role.COORDINATOR], file_name="large.csv",
                                            status=ImportJob.Status.DONE, progress=100, result={"created": 400, "errors": []})
    w.cost = make_cost(w.unit_activity, w.unit, 1_000_00)
    w.internal_cost = make_cost(w.internal_activity, w.other_unit, 500_00)
    w.other_paid_cost = make_cost(w.unit_activity, w.other_unit, 200_00)
    attachment = {"content_type": "application/pdf", "size": 20}
    w.attachment = ActivityAttachment.objects.create(activity=w.unit_activity, file="activities/program.pdf",
                                                     original_name="program.pdf", is_public=True, **attachment)
    w.internal_attachment = ActivityAttachment.objects.create(activity=w.unit_activity, file="activities/deltagare.pdf",
                                                              original_name="deltagare.pdf", **attachment)
    Participation.objects.create(activity=w.unit_activity, total=2, women=1, men=1, under_18=2)
    w.named = NamedParticipant.objects.create(activity=w.unit_activity, name="Kim Minor", is_minor=True)
    w.milestone = Milestone.objects.create(activity=w.unit_activity, title="Resa bokad", due_on=datetime.date(2026, 2, 1))
    # Deleted ones, kept in their parent's history (the history ids of their deletions).
    w.deleted_cost = deleted(cost_line_delete, "line", make_cost(w.unit_activity, w.unit, 300_00))
    w.deleted_other_paid_cost = deleted(cost_line_delete, "line", make_cost(w.unit_activity, w.other_unit, 400_00))
    w.deleted_milestone = deleted(milestone_delete, "milestone", Milestone.objects.create(
        activity=w.unit_activity, title="Inställd", due_on=datetime.date(2026, 2, 2)))
    w.deleted_event = deleted(timeline_event_delete, "event", TimelineEvent.objects.create(
        partnership=w.partnership, date=datetime.date(1990, 1, 1), title="Borttagen händelse"))
    ExchangeRate.objects.create(municipality=w.home, currency="USD", valid_from=datetime.date(2026, 1, 1), rate=10)

    def notice(organisation, by, **fields):
        return visit_notify(notice=VisitNotice(
            organisation=organisation, direction=VisitNotice.Direction.OUTGOING, travellers="Rektorer", purpose="Skolbesök",
            starts_on=datetime.date(2020, 3, 1), ends_on=datetime.date(2020, 3, 5), **fields,
        ), by=by)

    w.notice = notice(w.unit, w.users[Role.UNIT_EDITOR], activity=w.unit_activity, partnership=w.partnership)
    w.confirmed_notice = notice(w.unit, w.users[Role.UNIT_EDITOR])
    VisitNotice.objects.filter(pk=w.confirmed_notice.pk).update(status=VisitNotice.Status.CONFIRMED)
    w.partner_notice = notice(w.university, w.users[Role.PARTNER])
    w.foreign_notice = notice(w.foreign_org, w.foreign_user)


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


@pytest.fixture(scope="module")
def role_sessions(matrix_world, module_client):
    """One signed-in session per role, made once for the module: the session key of each.

    The session rows (and the administrator's verified second factor) are written inside the
    module's transaction, so every cell's own rolled-back transaction starts from them intact —
    even a cell that logs out or rotates its session.
    """
    keys = {}
    for role in ROLES:
        user = user_for(matrix_world, role)
        module_client.cookies.clear()
        if user is not None:
            module_client.force_login(user)
            conftest.verify_second_factor(module_client, user)  # the administrator has proved a code from the app
            keys[role] = module_client.cookies[settings.SESSION_COOKIE_NAME].value
    module_client.cookies.clear()
    return keys


@pytest.fixture(scope="module")
def world_rows(role_sessions):
    """Every row of the world as each cell starts from it (each cell's transaction is rolled back)."""
    return writes.snapshot()


@pytest.fixture
def client(module_client):
    module_client.cookies.clear()
    return module_client


def sign_in(client, sessions, role: str) -> None:
    """Give ``client`` the module's session of ``role`` (no cookie for the anonymous public)."""
    client.cookies.clear()
    if role in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]


@pytest.fixture(scope="module")
def borrowed_forms():
    """``(row id, role) → the fields of that page's form as that role sees it``, read once per module
    (every cell starts from the same rolled-back world, so the form is the same every time)."""
    return {}


def write_data(client, sessions, forms, matrix_row, role, url, world) -> tuple[dict, str | None]:
    """The valid data a cell posts (see :mod:`tests.matrix_writes`) and the marker in it.

    The form is the page's own; a page that takes no GET (a transition, a confirmation …) has its
    form on the record's page one step up, posting to this address.
    """
    readers = [r for r in (role, *writes.DATA_ROLES) if matrix_row.get[r] == 200]
    if readers:
        source, page = readers[0], url
    else:
        allowed = [r for r in (role, *writes.DATA_ROLES) if not refused(matrix_row, r, matrix_row.post[r])]
        source, page = (allowed[0] if allowed else None), url.rstrip("/").rsplit("/", 1)[0] + "/"
    fields = []
    if source is not None:
        key = (matrix_row.id, source)
        if key not in forms:
            sign_in(client, sessions, source)
            response = client.get(page)
            html = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
            forms[key] = writes.page_form(html, url, own=page == url) or []
            sign_in(client, sessions, role)
        fields = forms[key]
    data, marker = writes.form_data(fields, f"Matrix {role}")
    build = writes.DATA.get(matrix_row.id) or writes.DATA.get(matrix_row.name)
    if build:
        built = build(data, SimpleNamespace(world=world, role=role, fields=fields, marker=f"Matrix {role}"))
        data, marker = built if isinstance(built, tuple) else (built, marker)
    return data, marker


def refused(matrix_row, role, status) -> bool:
    """A write that was not made: refused, invalid, or the public sent to log in."""
    if status in (400, 401, 403, 404, 405, 409, 415):
        return True
    return status == 302 and role == "anonymous" and matrix_row.name not in OPEN_POSTS


@pytest.mark.parametrize(("matrix_row", "role", "method"), CELLS)
def test_matrix(matrix_world, role_sessions, borrowed_forms, world_rows, db, client, matrix_row, role, method):
    sign_in(client, role_sessions, role)
    url = reverse(matrix_row.name, args=matrix_row.args(matrix_world))
    expected = (matrix_row.get if method == "GET" else matrix_row.post)[role]
    writes_here = method == "POST" and set(matrix_row.post.values()) != {405}
    data = {}
    if method == "GET":
        response = client.get(url)
    elif not writes_here:
        response = client.post(url, {})
    else:
        data, marker = write_data(client, role_sessions, borrowed_forms, matrix_row, role, url, matrix_world)
        with writes.WriteStatements() as statements:
            if isinstance(data, writes.Json):
                response = client.post(url, data, content_type="application/json")
            else:
                response = client.post(url, data)
        # No write statement ran: nothing can have changed. Else compare every table with the world.
        diff = writes.changes(world_rows, writes.snapshot()) if statements.tables else {}
    assert response.status_code == expected, (
        f"{method} {url} as {role}: {response.status_code}, expected {expected}"
        + (f" (→ {response['Location']})" if response.has_header("Location") else "")
        + (f" {writes.form_errors(response)} (posted {data})" if writes_here else "")
    )
    if response.status_code == 302 and role == "anonymous" and method == "POST" and matrix_row.name not in OPEN_POSTS:
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    if not writes_here:
        return
    if refused(matrix_row, role, expected):
        assert not writes.describe(diff), f"POST {url} as {role} was refused ({expected}) but changed {writes.describe(diff)}"
    elif matrix_row.id not in NOT_WRITES and matrix_row.name not in NOT_WRITES:
        problem = writes.landed(diff, marker)
        assert problem is None, f"POST {url} as {role} answered {expected} but did not land: {problem}"
    else:
        assert not writes.describe(diff), f"POST {url} as {role} writes nothing, yet changed {writes.describe(diff)}"


#: Allowed POSTs that by design write no domain row (sessions are not compared), and why.
NOT_WRITES = {
    "set_language": "the language is a cookie",
    "accounts:login": "a signed-in user is sent on; the public's empty login form is re-shown",
    "accounts:logout": "ends the session only",
    "accounts:second_factor_enrol": "the administrator has a confirmed device already: sent on",
    "places:city_lookup": "looks a name up in GeoNames and shows the matches (a search, not a save)",
    "privacy:person": "a search by POST (the person is named in no URL), not a save",
    "privacy:person_export": "a download by POST (the person is named in no URL), not a save",
    # The matrix's records are not archived: taking one out of the archive is a message, back to it.
    **{r.name: "the record is not archived" for r in MATRIX if r.name.endswith("_unarchive")},
}


#: Pages an anonymous visitor may post to without being sent to the login page.
OPEN_POSTS = {"set_language", "accounts:logout", "accounts:login"}

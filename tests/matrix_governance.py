"""Permission-matrix rows for every governance URL, and the records they need.

Wired into :mod:`tests.test_matrix` (``MATRIX += ROWS``; ``add_governance(w)`` in its world).
Decisions are public records that board members register too; follow-ups, reviews and requests
are internal (readers of the municipality see them, the office changes them).
"""

from __future__ import annotations

import datetime

from tests.test_matrix import (
    ALL_405,
    EDITOR_CREATE,
    FOREIGN_DETAIL,
    FOREIGN_EDIT,
    FOREIGN_HISTORY,
    FOREIGN_RESTORE,
    INTERNAL_DETAIL,
    INTERNAL_EDIT,
    INTERNAL_HISTORY,
    INTERNAL_RESTORE,
    LIST,
    archive_rows,
    first_version,
    resource_rows,
    row,
    stored,
)
from vanort.governance.models import (
    Decision,
    DecisionAttachment,
    Distribution,
    FollowUp,
    GoverningDocument,
    Guideline,
    PartnershipRequest,
    Review,
)
from vanort.plans.models import Activity

# Decisions and their distribution: admin, coordinator and board member change them.
BOARD_CREATE = {"get": "302 200 200 200 403 403 200", "post": "302 302 302 302 403 403 302"}
BOARD_PUBLIC_EDIT = {"get": "302 200 200 200 403 403 404", "post": "302 302 302 302 403 403 404"}
BOARD_PUBLIC_RESTORE = {"get": ALL_405, "post": "302 302 302 302 403 403 404"}
# Taking a public record out of the archive: administrators and coordinators only.
UNARCHIVE = {"get": ALL_405, "post": "302 302 302 403 403 403 404"}
BOARD_INTERNAL_EDIT = {"get": "404 200 200 200 403 404 404", "post": "404 302 302 302 403 404 404"}
BOARD_INTERNAL_RESTORE = {"get": ALL_405, "post": "404 302 302 302 403 404 404"}
PUBLIC_DETAIL = {"get": "200 200 200 200 200 200 404", "post": ALL_405}
PUBLIC_HISTORY = {"get": "302 200 200 200 200 403 404", "post": ALL_405}


def board_rows(model, obj, *, internal=None, foreign=None):
    name = f"governance:{model}"
    rows = [
        row(f"{name}_list", **LIST),
        row(f"{name}_create", **BOARD_CREATE),
        row(f"{name}_detail", lambda w: [obj(w).pk], **PUBLIC_DETAIL),
        row(f"{name}_edit", lambda w: [obj(w).pk], **BOARD_PUBLIC_EDIT),
        row(f"{name}_history", lambda w: [obj(w).pk], **PUBLIC_HISTORY),
        row(f"{name}_restore", lambda w: [obj(w).pk, first_version(obj(w))], **BOARD_PUBLIC_RESTORE),
        *archive_rows(name, obj, archive=BOARD_PUBLIC_EDIT, unarchive=UNARCHIVE),
    ]
    if internal:
        rows += [
            row(f"{name}_detail", lambda w: [internal(w).pk], label="internal", **INTERNAL_DETAIL),
            row(f"{name}_edit", lambda w: [internal(w).pk], label="internal", **BOARD_INTERNAL_EDIT),
            row(f"{name}_history", lambda w: [internal(w).pk], label="internal", **INTERNAL_HISTORY),
            row(f"{name}_restore", lambda w: [internal(w).pk, first_version(internal(w))], label="internal", **BOARD_INTERNAL_RESTORE),
            *archive_rows(name, internal, label="internal", archive=BOARD_INTERNAL_EDIT, unarchive=INTERNAL_RESTORE),
        ]
    if foreign:
        rows += [
            row(f"{name}_detail", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_DETAIL),
            row(f"{name}_edit", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_EDIT),
            row(f"{name}_history", lambda w: [foreign(w).pk], label="foreign", **FOREIGN_HISTORY),
            row(f"{name}_restore", lambda w: [foreign(w).pk, first_version(foreign(w))], label="foreign", **FOREIGN_RESTORE),
            *archive_rows(name, foreign, label="foreign", archive=FOREIGN_EDIT, unarchive=FOREIGN_RESTORE),
        ]
    return rows


def internal_rows(model, obj, *, archive=False):
    """An internal record that the office changes and the municipality's readers see."""
    name = f"governance:{model}"
    return [
        # Never public: the public is sent to log in, partner contributors are refused.
        row(f"{name}_list", get="302 200 200 200 200 403 200", post=ALL_405),
        row(f"{name}_create", **EDITOR_CREATE),
        row(f"{name}_detail", lambda w: [obj(w).pk], **INTERNAL_DETAIL),
        row(f"{name}_edit", lambda w: [obj(w).pk], **INTERNAL_EDIT),
        row(f"{name}_history", lambda w: [obj(w).pk], **INTERNAL_HISTORY),
        row(f"{name}_restore", lambda w: [obj(w).pk, first_version(obj(w))], **INTERNAL_RESTORE),
        *(archive_rows(name, obj, archive=INTERNAL_EDIT, unarchive=INTERNAL_RESTORE) if archive else ()),
    ]


ROWS = [
    *board_rows("decision", lambda w: w.gov_decision, internal=lambda w: w.gov_internal_decision, foreign=lambda w: w.gov_foreign_decision),
    *board_rows("distribution", lambda w: w.gov_distribution),
    row("governance:attachment_download", lambda w: stored(w.gov_attachment), **PUBLIC_DETAIL),
    row("governance:attachment_download", lambda w: stored(w.gov_internal_attachment), label="internal", **INTERNAL_DETAIL),
    *resource_rows("governance", "governingdocument", lambda w: w.gov_document),
    *resource_rows("governance", "guideline", lambda w: w.gov_guideline, delete=True),
    *internal_rows("followup", lambda w: w.gov_follow_up),
    *internal_rows("review", lambda w: w.gov_review),
    *internal_rows("partnershiprequest", lambda w: w.gov_request, archive=True),
    row("governance:followup_status", get="302 200 200 200 200 403 200", post=ALL_405),
    row("governance:partnershiprequest_transition", lambda w: [w.gov_request.pk], get=ALL_405, post="404 302 302 403 403 404 404"),
    # A request just received is not prepared for the board: deciding it is refused as invalid (400).
    row("governance:partnershiprequest_decide", lambda w: [w.gov_request.pk], get=ALL_405, post="404 400 400 403 403 404 404"),
    row("governance:activity_guidelines", lambda w: [w.gov_activity.pk],
        get="302 200 200 200 200 404 404", post="302 302 302 403 302 404 404"),
]


def _decision(municipality, number, **extra):
    prefix, rest = number.split(" ")
    year, serial = rest.split("-")
    return Decision.objects.create(
        municipality=municipality, meeting_date=datetime.date(int(year), 12, 4), title=f"Beslut {number}", case_prefix=prefix,
        case_year=int(year), case_serial=int(serial), case_number=number, **extra,
    )


def add_governance(w) -> None:
    """The records the rows above need, added to the matrix world ``w``."""
    w.gov_decision = _decision(w.home, "KS 2017-494", paragraph="513")
    w.gov_internal_decision = _decision(w.home, "KS 2026-1", is_public=False)
    w.gov_foreign_decision = _decision(w.other, "KS 2026-1", is_public=False)
    w.gov_distribution = Distribution.objects.create(decision=w.gov_decision, recipient="Samtliga nämnder")
    w.gov_attachment = DecisionAttachment.objects.create(
        decision=w.gov_decision, file="decisions/matrix-public.pdf", original_name="protokoll.pdf", content_type="application/pdf", size=20,
    )
    w.gov_internal_attachment = DecisionAttachment.objects.create(
        decision=w.gov_internal_decision, file="decisions/matrix-internal.pdf", original_name="internt.pdf",
        content_type="application/pdf", size=20,
    )
    w.gov_document = GoverningDocument.objects.create(
        municipality=w.home, title="Positionspapper", kind="position_paper", adopted_on=datetime.date(2017, 12, 4),
        adopted_by=w.gov_decision,
    )
    # The other municipality's own document, so that its coordinator has one to add guidelines and follow-ups to.
    GoverningDocument.objects.create(municipality=w.other, title="Policy", kind="other", adopted_on=datetime.date(2020, 1, 1))
    w.gov_guideline = Guideline.objects.create(document=w.gov_document, position=1, text="Demokrati och jämställdhet beaktas")
    w.gov_follow_up = FollowUp.objects.create(
        document=w.gov_document, period_start=datetime.date(2022, 10, 15), period_end=datetime.date(2026, 10, 14),
    )
    w.gov_review = Review.objects.create(
        partnership=w.partnership, title="Översyn", period_start=datetime.date(1987, 1, 1), period_end=datetime.date(2017, 12, 31),
    )
    w.gov_request = PartnershipRequest.objects.create(
        municipality=w.home, city=w.cities.enschede, received_on=datetime.date(2026, 9, 1), sender="Burgemeester",
    )
    w.gov_activity = Activity.objects.create(
        municipality=w.home, title="Skolutbyte", kind="project", responsible_organisation=w.unit,
    )

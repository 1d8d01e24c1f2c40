"""Export and erasure of one person: everything found, everything but public records anonymised,
history scrubbed, aggregates unchanged, nothing personal in the log, all or nothing."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessLog
from django.db.models import Sum
from django.urls import reverse

from tests.privacy.conftest import EMAIL, NAME
from vanort.accounts.models import User
from vanort.core.roles import Role
from vanort.plans.models import (
    ActivityAttachment,
    CostLine,
    CostSummary,
    NamedParticipant,
    Participation,
    VisitNotice,
    VisitReport,
)
from vanort.privacy.models import ErasureLog
from vanort.privacy.register import Subject, placeholder
from vanort.privacy.services import person_erase, person_export
from vanort.publishing.caching import generation
from vanort.registry.models import Agreement
from vanort.tenancy.models import ContactPerson

pytestmark = pytest.mark.engine

ANNA = Subject(name=NAME, email=EMAIL)


def aggregates(municipality) -> dict:
    """What reports are built from: participation numbers, cost lines and the cost summaries."""
    return {
        "participation": list(
            Participation.objects.filter(activity__municipality=municipality).values_list(
                "activity", "total", "women", "men", "under_18"
            )
        ),
        "lines": list(
            CostLine.objects.filter(municipality=municipality)
            .order_by("pk")
            .values_list("pk", "estimated_home", "actual_home", "paying_organisation")
        ),
        "summary": list(
            CostSummary.objects.filter(municipality=municipality)
            .order_by("year", "paying_organisation", "cost_type", "plan", "partnership")
            .values_list("paying_organisation", "cost_type", "lines", "estimated", "actual")
        ),
        "summary_total": CostSummary.objects.filter(municipality=municipality).aggregate(
            e=Sum("estimated"), a=Sum("actual")
        ),
        "named": NamedParticipant.objects.filter(activity__municipality=municipality).count(),
        "minors": NamedParticipant.objects.filter(
            activity__municipality=municipality, is_minor=True
        ).count(),
        "travellers": list(
            VisitNotice.objects.filter(municipality=municipality).values_list(
                "traveller_count", flat=True
            )
        ),
    }


def everything_mentioning(text: str, municipality) -> list[str]:
    """Rows of the municipality's personal records and history that still contain ``text``."""
    hits = []
    for model, lookups in (
        (ContactPerson, ("name", "email")),
        (ContactPerson.history.model, ("name", "email")),
        (NamedParticipant, ("name",)),
        (VisitNotice, ("travellers", "response")),
        (VisitNotice.history.model, ("travellers", "response")),
        (VisitReport, ("contacts_made",)),
        (User, ("first_name", "last_name", "email", "username")),
    ):
        tenant = (
            "organisation__municipality"
            if "ContactPerson" in model.__name__
            else (
                "activity__municipality"
                if model is NamedParticipant
                else "notice__municipality"
                if model is VisitReport
                else "municipality"
            )
        )
        for lookup in lookups:
            if model.objects.filter(
                **{tenant: municipality, f"{lookup}__icontains": text}
            ).exists():
                hits.append(f"{model.__name__}.{lookup}")
    return hits


def test_export_finds_everything_and_nothing_foreign(world, person):
    data = json.loads(json.dumps(person_export(municipality=world.home, subject=ANNA), default=str))
    records = data["records"]
    assert [row["id"] for row in records["users"]["rows"]] == [person.user.pk]
    assert "password" not in records["users"]["rows"][0]
    assert {row["id"] for row in records["contact_persons"]["rows"]} == {
        person.contact.pk
    }  # not the foreign namesake
    # History: Anna's two versions, and the two rows of the deleted contact with her name.
    assert len(records["contact_persons"]["history"]) == 4
    assert person.old_contact_pk in {row["id"] for row in records["contact_persons"]["history"]}
    assert [row["name"] for row in records["named_participants"]["rows"]] == [NAME]
    assert [row["id"] for row in records["visit_notices"]["rows"]] == [person.notice.pk]
    assert (
        len(records["visit_notices"]["history"]) == 2
    )  # notified, then confirmed with her name in the answer
    assert [row["id"] for row in records["visit_reports"]["rows"]] == [person.report.pk]
    assert [row["username"] for row in records["accesslog"]["rows"]] == ["anna"]
    assert records["agreements"]["public_record"] is True
    assert [row["id"] for row in records["agreements"]["rows"]] == [person.agreement.pk]
    assert {ref["count"] for ref in data["user_references"]} >= {1}


def test_erasure_anonymises_all_but_public_records(world, person):
    admin = world.users[Role.ADMIN]
    before = aggregates(world.home)
    agreement_history = list(Agreement.history.filter(id=person.agreement.pk).values())
    foreign = ContactPerson.objects.get(pk=person.foreign.pk)

    result = person_erase(municipality=world.home, subject=ANNA, by=admin)

    assert aggregates(world.home) == before
    assert everything_mentioning("Anna", world.home) == []
    assert everything_mentioning(EMAIL, world.home) == []
    anonymised = placeholder()
    assert anonymised == "Anonymiserad person"
    contact = ContactPerson.objects.get(pk=person.contact.pk)
    assert (contact.name, contact.email, contact.phone, contact.version) == (
        anonymised,
        "",
        "",
        person.contact.version + 1,
    )
    assert set(
        ContactPerson.history.filter(id=person.old_contact_pk).values_list("name", "email", "phone")
    ) == {(anonymised, "", "")}
    participant = NamedParticipant.objects.get(pk=person.anna.pk)
    assert (participant.name, participant.organisation, participant.note, participant.is_minor) == (
        anonymised,
        "",
        "",
        True,
    )
    assert NamedParticipant.objects.get(pk=person.kim.pk).name == "Kim Minor"
    notice = VisitNotice.objects.get(pk=person.notice.pk)
    assert notice.travellers == f"{anonymised}, Bo Berg"  # the other traveller stays
    assert (
        VisitReport.objects.get(pk=person.report.pk).contacts_made
        == f"Rektor Li; {anonymised} ({anonymised})"
    )
    attachment = ActivityAttachment.objects.get(pk=person.attachment.pk)
    assert (attachment.title, attachment.original_name, attachment.uploaded_by_id) == (
        f"Program för {anonymised}",
        "program.pdf",
        person.user.pk,
    )
    user = User.objects.get(pk=person.user.pk)
    assert (
        user.username,
        user.first_name,
        user.email,
        user.is_active,
        user.has_usable_password(),
    ) == (f"anonymised-{user.pk}", anonymised, "", False, False)
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["editor"]
    # Public records and the other municipality: untouched.
    assert Agreement.objects.get(pk=person.agreement.pk).signatories == f"{NAME}, rektor, Linköping"
    assert list(Agreement.history.filter(id=person.agreement.pk).values()) == agreement_history
    assert ContactPerson.objects.get(pk=person.foreign.pk).name == foreign.name == NAME
    assert [item.kind.key for item in result.refused] == ["agreements"]

    log = ErasureLog.objects.get()
    assert (log.by, log.trigger, log.municipality) == (
        admin,
        ErasureLog.Trigger.REQUEST,
        world.home,
    )
    assert log.counts == {
        "accesslog": 1,
        "users": 1,
        "contact_persons": 1,
        "named_participants": 1,
        "visit_notices": 1,
        "visit_reports": 1,
        "activity_attachments": 1,
    }
    assert log.history_counts == {"contact_persons": 4, "visit_notices": 2}
    assert log.refused == {"agreements": 1}
    stored = json.dumps([log.counts, log.history_counts, log.refused, str(log)])
    assert "Anna" not in stored and EMAIL not in stored


def test_erasure_empties_the_public_page_cache(world, person, django_capture_on_commit_callbacks):
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(municipality=world.home, subject=ANNA, by=world.users[Role.ADMIN])
    assert generation() != before


def test_erasure_is_idempotent(world, person):
    admin = world.users[Role.ADMIN]
    person_erase(municipality=world.home, subject=ANNA, by=admin)
    again = person_erase(municipality=world.home, subject=ANNA, by=admin)
    assert again.log.counts == {} and again.log.history_counts == {}
    assert again.log.refused == {"agreements": 1}


def test_an_administrator_cannot_erase_themself(world, person):
    admin = world.users[Role.ADMIN]
    AccessLog.objects.create(
        username="admin", ip_address="192.0.2.9", user_agent="Firefox", path_info="/accounts/login/"
    )
    result = person_erase(municipality=world.home, subject=Subject(name=str(admin)), by=admin)
    assert result.kept_self
    admin.refresh_from_db()
    assert admin.is_active and admin.username == "admin"
    assert AccessLog.objects.filter(username="admin").exists()


def test_all_or_nothing(world, person, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ErasureLog.objects, "create", broken)
    with pytest.raises(RuntimeError):
        person_erase(municipality=world.home, subject=ANNA, by=world.users[Role.ADMIN])
    assert ContactPerson.objects.get(pk=person.contact.pk).name == NAME
    assert User.objects.get(pk=person.user.pk).is_active
    assert (
        ContactPerson.history.filter(name=NAME).count() == 5
    )  # Anna's two, the deleted namesake's two, the one abroad
    assert AccessLog.objects.filter(username="anna").exists()


# --- the pages ---------------------------------------------------------------------------------


def test_person_page_and_json(world, person, client_for):
    client = client_for(world.users[Role.ADMIN])
    empty = client.get(reverse("privacy:person"), {"name": NAME})  # a GET searches nothing
    assert empty.status_code == 200 and "Katedralskolan" not in empty.content.decode()
    page = client.post(reverse("privacy:person"), {"name": NAME})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Katedralskolan" in text and "Bo Berg" in text and "offentlighetsprincipen" in text
    export, erase = reverse("privacy:person_export"), reverse("privacy:person_erase")
    assert f'<form method="post" action="{export}"' in text and f'<form method="post" action="{erase}"' in text
    assert "?name=" not in text and "?email=" not in text  # the person is named in no link
    assert client.get(export, {"email": EMAIL}).status_code == 405
    download = client.post(export, {"email": EMAIL})
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "no-store"
    assert json.loads(download.content)["records"]["contact_persons"]["rows"][0]["email"] == EMAIL
    bad = client.post(reverse("privacy:person"), {"name": "An"})
    assert bad.status_code == 400 and "minst 3 tecken" in bad.content.decode()


def test_erase_needs_confirmation_then_explains_what_was_kept(world, person, client_for):
    client = client_for(world.users[Role.ADMIN])
    url = reverse("privacy:person_erase")
    assert client.get(url, {"name": NAME, "email": EMAIL}).status_code == 405
    confirm = client.post(url, {"name": NAME, "email": EMAIL, "review": "1"})
    assert confirm.status_code == 200
    assert "Avtal" in confirm.content.decode() and "arkivlagen" in confirm.content.decode()

    unconfirmed = client.post(url, {"name": NAME, "email": EMAIL})
    assert unconfirmed.status_code == 400
    assert ContactPerson.objects.get(pk=person.contact.pk).name == NAME
    assert not ErasureLog.objects.exists()

    done = client.post(url, {"name": NAME, "email": EMAIL, "confirm": "on"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("privacy:register")
    text = done.content.decode()
    assert (
        "anonymiserades" in text
        and "Ändrades inte: Avtal" in text
        and "offentlighetsprincipen" in text
    )
    assert ContactPerson.objects.get(pk=person.contact.pk).name == "Anonymiserad person"
    assert NAME not in text  # the log on the register page names no one


def test_person_page_query_count_does_not_grow(
    world, person, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users[Role.ADMIN])
    url = reverse("privacy:person")
    with CaptureQueriesContext(connection) as before:
        client.post(url, {"name": NAME, "email": EMAIL})
    for n in range(4):
        NamedParticipant.objects.create(activity=person.activity, name=NAME, note=str(n))
        ContactPerson.objects.create(organisation=world.other_unit, name=NAME, email=EMAIL)
    with CaptureQueriesContext(connection) as after:
        response = client.post(url, {"name": NAME, "email": EMAIL})
    assert response.status_code == 200
    assert len(after) == len(before)

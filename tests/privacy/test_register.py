"""The register is complete: every field that holds personal data is declared, and the page
shows live counts in a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.privacy.conftest import NAME
from vanort.core.roles import Role
from vanort.privacy.register import (
    BLANK,
    KINDS,
    NOT_PERSONAL,
    PLACEHOLDER,
    PUBLIC_RECORD_MODELS,
    SCRUB,
    UNIQUE,
    USER_LINKS,
    Subject,
)
from vanort.privacy.services import person_erase, register_counts
from vanort.tenancy.models import ContactPerson

pytestmark = pytest.mark.engine_independent

#: Field names that suggest a person: names, addresses, numbers, who travelled, who signed.
PERSONAL_NAME = re.compile(
    r"(^|_)(name|username|email|e_mail|phone|mobile|address|birth|personal_number|travellers|recipient|signatories|sender|contacts_made)$"
)


def looks_personal(field) -> bool:
    if isinstance(field, models.EmailField | models.GenericIPAddressField):
        return True
    if field.is_relation and field.related_model is get_user_model():
        return True
    return bool(PERSONAL_NAME.search(field.name))


def vanort_models():
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("vanort.") and not m.__name__.startswith("Historical")
    ]


def declared() -> set[str]:
    names = {f"{kind.model_label}.{name}" for kind in KINDS for name in kind.fields}
    names |= {f"{label}.{name}" for label, name in USER_LINKS}
    return names | set(NOT_PERSONAL)


def test_the_scan_sees_personal_fields():
    """Guard for the test below: the scan does flag what it should."""
    flagged = {
        f"{m._meta.label}.{f.name}"
        for m in vanort_models()
        for f in m._meta.concrete_fields
        if looks_personal(f)
    }
    assert {
        "tenancy.ContactPerson.email",
        "plans.NamedParticipant.name",
        "plans.VisitNotice.travellers",
        "accounts.User.first_name",
        "plans.VisitNotice.notified_by",
        "registry.Agreement.signatories",
    } <= flagged


def test_every_personal_field_is_declared():
    missing = sorted(
        f"{model._meta.label}.{field.name}"
        for model in vanort_models()
        for field in model._meta.concrete_fields
        if looks_personal(field)
        and f"{model._meta.label}.{field.name}" not in declared()
        # Django's user bookkeeping (password hash, dates) is declared through the user's kind.
        and not (model is get_user_model() and field.name in {"password"})
    )
    assert missing == [], (
        f"declare these in vanort/privacy/register.py (KINDS, USER_LINKS or NOT_PERSONAL): {missing}"
    )


def test_declarations_are_sound():
    assert len({kind.key for kind in KINDS}) == len(KINDS)
    for kind in KINDS:
        model = kind.model
        for name, how in kind.fields.items():
            model._meta.get_field(name)  # exists
            assert how in {PLACEHOLDER, BLANK, SCRUB, UNIQUE}, (kind.key, name)
            if kind.history_model is not None:
                kind.history_model._meta.get_field(
                    name
                )  # the history table has it too, and is scrubbed with it
        for text in (kind.label, kind.purpose, kind.legal_basis, kind.visible_to, kind.retention):
            assert str(text).strip()
    for label, name in USER_LINKS:
        assert apps.get_model(label)._meta.get_field(name).related_model is get_user_model()
    for label in NOT_PERSONAL:
        app_model, name = label.rsplit(".", 1)
        apps.get_model(app_model)._meta.get_field(name)


def test_public_records_are_marked_and_never_anonymised():
    for label in PUBLIC_RECORD_MODELS:
        assert apps.get_model(label).is_public_record is True
    assert not getattr(ContactPerson, "is_public_record", False)
    public_kinds = {kind.model_label for kind in KINDS if kind.public_record}
    assert public_kinds <= set(PUBLIC_RECORD_MODELS)
    assert {
        "governance.Decision",
        "registry.Agreement",
        "governance.PartnershipRequest",
    } <= public_kinds


@pytest.mark.engine
@pytest.mark.django_db
def test_live_counts_in_one_query(world, person, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = register_counts(world.home.pk)
    # Anna (created, changed) and Bo (created); the deleted namesake left two history rows.
    assert counts["contact_persons"] == {"rows": 2, "history": 5}
    assert counts["named_participants"] == {"rows": 2, "history": None}
    assert counts["visit_notices"]["rows"] == 1
    assert counts["users"]["rows"] == 6
    assert counts["accesslog"]["rows"] == 2
    assert counts["agreements"]["rows"] == 2
    assert register_counts(world.other.pk)["contact_persons"]["rows"] == 1


def test_register_page(world, person, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    response = client.get(reverse("privacy:register"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Namngivna deltagare" in text and "allmänt intresse" in text
    assert NAME not in text  # the register shows kinds and counts, never people
    assert (
        "Hitta en persons uppgifter" not in text
    )  # coordinators read; administrators search and erase
    assert (
        reverse("privacy:register")
        in client_for(world.users[Role.ADMIN]).get(reverse("home")).content.decode()
    )
    assert (
        reverse("privacy:register")
        not in client_for(world.users[Role.BOARD]).get(reverse("home")).content.decode()
    )


@pytest.mark.engine
def test_register_page_query_count_does_not_grow(world, person, client_for):
    client = client_for(world.users[Role.ADMIN])
    url = reverse("privacy:register")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for n in range(5):
        ContactPerson.objects.create(organisation=world.unit, name=f"Person {n}")
    person_erase(
        municipality=world.home, subject=Subject(name="Person 1"), by=world.users[Role.ADMIN]
    )
    person_erase(
        municipality=world.home, subject=Subject(name="Person 2"), by=world.users[Role.ADMIN]
    )
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)

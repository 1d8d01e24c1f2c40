"""A person, Anna Andersson, spread over every kind of record of the register — and a namesake
in the other municipality that nothing here may touch."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from axes.models import AccessLog

from tests.conftest import make_user
from tests.plans.conftest import make_activity, make_cost
from vanort.core.roles import Role
from vanort.plans.models import (
    ActivityAttachment,
    CostLine,
    NamedParticipant,
    Participation,
    VisitNotice,
    VisitReport,
)
from vanort.plans.services.visits import visit_confirm, visit_notify
from vanort.registry.models import Agreement
from vanort.tenancy.models import ContactPerson

NAME, EMAIL = "Anna Andersson", "anna@example.se"


@pytest.fixture
def person(world):
    home = world.home
    user = make_user("anna", world.unit, Role.UNIT_EDITOR)
    user.first_name, user.last_name, user.email = "Anna", "Andersson", EMAIL
    user.save()
    AccessLog.objects.create(
        username="anna", ip_address="192.0.2.7", user_agent="Firefox", path_info="/accounts/login/"
    )
    AccessLog.objects.create(
        username="editor",
        ip_address="192.0.2.8",
        user_agent="Firefox",
        path_info="/accounts/login/",
    )

    # world.contact is Anna Andersson at the unit; give her history: a change, and an old contact since deleted.
    contact = world.contact
    contact.phone = "013-20 00 00"
    contact.save()
    old = ContactPerson.objects.create(
        organisation=world.other_unit, name=NAME, email=EMAIL, phone="070-1"
    )
    old_pk = old.pk
    old.delete()

    activity = make_activity(
        world,
        title="Skolutbyte",
        organisation=world.unit,
        areas=[world.area],
        planned_end=datetime.date(2026, 3, 10),
    )
    make_cost(activity, world.unit, 1_500_00)
    make_cost(
        activity, world.other_unit, 200_00, actual=180_00, cost_type=CostLine.Type.ACCOMMODATION
    )
    Participation.objects.create(activity=activity, total=3, women=2, men=1, under_18=3)
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        file="activities/list.pdf",
        title=f"Program för {NAME}",
        original_name="program.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=user,
    )
    anna = NamedParticipant.objects.create(
        activity=activity, name=NAME, organisation="Katedralskolan", is_minor=True, note="Allergi"
    )
    kim = NamedParticipant.objects.create(
        activity=activity, name="Kim Minor", organisation="Katedralskolan", is_minor=True
    )

    notice = visit_notify(
        notice=VisitNotice(
            organisation=world.unit,
            direction=VisitNotice.Direction.OUTGOING,
            travellers=f"{NAME}, Bo Berg",
            purpose="Skolbesök",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 5),
            activity=activity,
        ),
        by=user,
    )
    notice = visit_confirm(
        notice=notice,
        by=world.users[Role.COORDINATOR],
        text=f"OK, {NAME} is insured.",
        expected_version=notice.version,
    )
    report = VisitReport.objects.create(
        notice=notice,
        results="Bra resa",
        contacts_made=f"Rektor Li; {NAME} ({EMAIL})",
        submitted_by=user,
    )

    agreement = Agreement.objects.create(
        partnership=world.partnership,
        title="Skolavtal",
        parties="Linköping\nPalo Alto",
        signatories=f"{NAME}, rektor, Linköping",
        signed_on=datetime.date(2025, 5, 1),
    )
    foreign = ContactPerson.objects.create(organisation=world.foreign_org, name=NAME, email=EMAIL)
    return SimpleNamespace(
        user=user,
        contact=contact,
        old_contact_pk=old_pk,
        activity=activity,
        anna=anna,
        kim=kim,
        notice=notice,
        report=report,
        attachment=attachment,
        agreement=agreement,
        foreign=foreign,
        municipality=home,
    )

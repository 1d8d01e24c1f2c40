"""The gate's field question: ``may_read_field`` / ``hidden_fields`` / ``readable_fields``, from the
declarations in the models' ``Scope.fields``, role by role (the doors: ``tests/test_field_matrix.py``)."""

from __future__ import annotations

import pytest

from tests.plans.conftest import make_activity
from vanort.core.permissions import (
    hidden_fields,
    may_read_field,
    readable_fields,
    reads_municipality,
    visible_pks,
)
from vanort.core.roles import Role
from vanort.plans.models import Activity
from vanort.registry.models import Partnership, PriorityArea

pytestmark = pytest.mark.engine


def test_internal_notes_are_read_by_administrators_and_coordinators_of_the_municipality(world):
    readers = {role for role, user in world.users.items() if may_read_field(user, world.partnership, "internal_notes")}
    assert readers == {Role.ADMIN, Role.COORDINATOR}
    assert not may_read_field(None, world.partnership, "internal_notes")
    assert not may_read_field(world.foreign_user, world.partnership, "internal_notes")  # a coordinator, elsewhere
    assert may_read_field(world.foreign_user, Partnership, "internal_notes")  # of his own municipality's rows
    assert hidden_fields(world.users[Role.BOARD], world.partnership) >= {"internal_notes"}
    assert hidden_fields(world.users[Role.COORDINATOR], world.partnership) == frozenset()
    names = ["summary", "internal_notes", "status"]
    assert readable_fields(world.users[Role.UNIT_EDITOR], world.partnership, names) == ["summary", "status"]
    assert readable_fields(world.users[Role.ADMIN], world.partnership, names) == names


def test_named_participants_are_read_by_coordinators_and_the_responsible_organisation(world):
    school = make_activity(world, title="Skolutbyte", organisation=world.unit, areas=[world.area], is_public=True)
    research = make_activity(world, title="Forskarbesök", organisation=world.university, areas=[world.area], is_public=True)
    readers = {(role, activity.title) for role, user in world.users.items() for activity in (school, research)
               if may_read_field(user, activity, "named_participants")}
    assert readers == {
        (Role.ADMIN, "Skolutbyte"), (Role.ADMIN, "Forskarbesök"),
        (Role.COORDINATOR, "Skolutbyte"), (Role.COORDINATOR, "Forskarbesök"),
        (Role.UNIT_EDITOR, "Skolutbyte"),  # its own organisation's, not the university's
        (Role.PARTNER, "Forskarbesök"),
    }
    assert not may_read_field(None, school, "named_participants")
    assert not may_read_field(world.foreign_user, school, "named_participants")
    assert not may_read_field(world.users[Role.BOARD], Activity, "named_participants")
    # A field nobody restricts is read by whoever sees the row.
    assert may_read_field(None, school, "title")


def test_visible_pks_and_reads_municipality(world):
    inactive = PriorityArea.objects.create(municipality=world.home, name="Vilande", is_active=False)
    pks = [world.area.pk, inactive.pk, None]
    assert visible_pks(world.users[Role.PARTNER], PriorityArea, pks) == {world.area.pk}
    assert visible_pks(None, PriorityArea, pks) == {world.area.pk}
    assert visible_pks(world.users[Role.BOARD], PriorityArea, pks) == {world.area.pk, inactive.pk}
    assert visible_pks(world.foreign_user, PriorityArea, pks) == set()
    assert reads_municipality(world.users[Role.UNIT_EDITOR], PriorityArea, world.home.pk)
    assert not reads_municipality(world.users[Role.PARTNER], PriorityArea, world.home.pk)
    assert not reads_municipality(world.foreign_user, PriorityArea, world.home.pk)

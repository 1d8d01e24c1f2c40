"""Writes of the register that carry rules: deleting and restoring a partnership's timeline events.

A deleted timeline event stays in its partnership's history with its values; whoever may add an
event to that partnership restores it from there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vanort.core.history import recreated
from vanort.core.permissions import CHANGE, DELETE, can, can_add
from vanort.core.versioning import save_versioned
from vanort.registry.models import TimelineEvent


def timeline_event_delete(*, event: TimelineEvent, by) -> None:
    if by is not None and not can(by, DELETE, event):
        raise PermissionDenied
    with transaction.atomic():
        if by is not None:
            event._history_user = by
        event.delete()


def may_restore_timeline_events(user, partnership) -> bool:
    """Whether ``user`` may restore deleted events of ``partnership``: whoever may add one there."""
    return can_add(user, TimelineEvent) and can(user, CHANGE, partnership)


def timeline_event_restore(*, historical, by) -> TimelineEvent:
    """Re-create a deleted timeline event from its deletion in the history, as it was."""
    if by is not None and not may_restore_timeline_events(by, historical.partnership):
        raise PermissionDenied
    event = recreated(historical)
    save_versioned(event, expected_version=None, reason=event._change_reason)
    return event

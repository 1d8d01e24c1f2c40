"""The signed-in start page (what is due, key figures, recent changes) and the e-mail reminders."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reports.conftest import TODAY
from vanort.core.roles import Role
from vanort.reports import due
from vanort.reports.models import SentReminder

pytestmark = [pytest.mark.django_db, pytest.mark.engine]
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_due_items_for_the_board(world, report_data):
    items = due.due_items(world.users[Role.BOARD], TODAY)
    follow_ups = [i for i in items if i.kind == due.FOLLOW_UP]
    # 2014–2018 is done; 2018–2022 and 2022–2026 overdue; 2026–2030 due.
    assert [(i.due_on.year, i.overdue) for i in follow_ups] == [(2022, True), (2026, True), (2030, False)]
    visit = [i for i in items if i.kind == due.VISIT_REPORT]
    assert [i.key for i in visit] == [f"visit_report:{report_data.overdue.pk}"]


def test_anniversaries_and_renewals(world, report_data):
    world.agreement.renewal_on = TODAY + datetime.timedelta(days=30)
    world.agreement.save()
    items = due.due_items(world.users[Role.COORDINATOR], datetime.date(2027, 3, 1))
    assert any(i.kind == due.ANNIVERSARY and "40 years" in i.title for i in items)  # Palo Alto since 1987
    assert any(i.kind == due.RENEWAL and i.key == f"renewal:{world.agreement.pk}" for i in items)
    assert not [i for i in due.due_items(world.users[Role.COORDINATOR], datetime.date(2026, 3, 1)) if i.kind == due.ANNIVERSARY]


def test_board_dashboard(client, world, report_data, frozen_today):
    client.force_login(world.users[Role.BOARD])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Follow-up of Positionspapper Palo Alto for 2026–2030" in html
    assert "Key figures" in html and "Recent changes" in html
    assert "Ungdomsutbyte" in html  # a recent change


def test_anonymous_keeps_the_public_start_page_and_a_partner_sees_only_its_own_work(client, world):
    assert b"What is due" not in client.get(reverse("home")).content
    client.force_login(world.users[Role.PARTNER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("home")).content.decode()
    assert "The work of Linköpings universitet" in html
    assert "What is due" not in html and "Recent changes" not in html and "Key figures" not in html


#: What each role's start page says (in English): the sections, and what is due by kind.
SECTIONS = ("The work of", "What is due", "Key figures", "Recent changes")
DUE_TEXTS = {
    "follow-up": "Follow-up of Positionspapper Palo Alto for 2026–2030",
    "renewal": "Renewal of Överenskommelse 1987",
    "visit report": "Report on the visit Incoming delegation, 01/09/2026",
    "milestone": "Resa bokad (Skolutbyte)",
}
START_PAGES = {
    Role.ADMIN: ({"What is due", "Key figures", "Recent changes"}, set(DUE_TEXTS)),
    Role.COORDINATOR: ({"What is due", "Key figures", "Recent changes"}, set(DUE_TEXTS)),
    # Overdue milestones: the municipality's for those who edit them, else one's own organisation's.
    Role.BOARD: ({"What is due", "Key figures", "Recent changes"}, {"follow-up", "renewal", "visit report"}),
    # The unit's own work first; the board's and the office's follow-ups are not its to do.
    Role.UNIT_EDITOR: ({"The work of Utbildningsförvaltningen", "What is due", "Key figures", "Recent changes"},
                       {"renewal", "visit report", "milestone"}),
    # A partner: its own work only (the unit's visit report is not its own), nothing municipality-wide.
    Role.PARTNER: ({"The work of Linköpings universitet"}, set()),
}


@pytest.mark.parametrize("role", list(START_PAGES))
def test_each_roles_start_page_says_what_concerns_it(client, world, report_data, frozen_today, role):
    world.agreement.renewal_on = TODAY + datetime.timedelta(days=30)
    world.agreement.save()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    sections, due_kinds = START_PAGES[role]
    for section in SECTIONS:
        expected = [s for s in sections if s.startswith(section)]
        assert all(s in html for s in expected) and (expected or section not in html), (role, section)
    assert {kind for kind, text in DUE_TEXTS.items() if text in html} == due_kinds, role


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.BOARD, Role.UNIT_EDITOR, Role.PARTNER])
def test_dashboard_query_count_is_constant(client, world, report_data, frozen_today, role):
    from tests.plans.conftest import make_activity

    client.force_login(world.users[role])
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    for i in range(4):
        make_activity(world, title=f"Mer {i}", organisation=world.unit, areas=[world.area], start=datetime.date(2026, 7, i + 1))
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("home"))
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]


@override_settings(MAILERS=LOCMEM)
def test_reminders_are_sent_once(world, report_data):
    for user in world.users.values():
        user.email = f"{user.username}@example.se"
        user.save()
    call_command("send_reminders", "--date", TODAY.isoformat(), "--base-url", "https://vanort.example.se")
    first = len(mail.outbox)
    subjects = [m.subject for m in mail.outbox]
    to = {m.to[0] for m in mail.outbox}
    # The board and the coordinators about the follow-ups; the unit about its overdue visit report
    # and its overdue milestone (the school exchange's "Resa bokad", due in February).
    assert {"board@example.se", "coordinator@example.se", "admin@example.se", "editor@example.se"} <= to
    assert "partner@example.se" not in to
    editor_mail = sorted(m.subject for m in mail.outbox if m.to == ["editor@example.se"])
    assert len(editor_mail) == 2 and "visit" in editor_mail[0].lower() and "Resa bokad (Skolutbyte)" in editor_mail[1]
    assert any("2026–2030" in s for s in subjects)
    assert "https://vanort.example.se/" in mail.outbox[0].body
    assert SentReminder.objects.count() == first
    # Run again: nothing new.
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert len(mail.outbox) == first


@override_settings(MAILERS=LOCMEM)
def test_a_failed_sending_is_retried_next_run(world, report_data, monkeypatch):
    from vanort.reports import reminders

    board = world.users[Role.BOARD]
    board.email = "board@example.se"
    board.save()

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    result = reminders.send_reminders(today_iso=TODAY.isoformat())
    assert result["sent"] == 0 and result["failed"] > 0
    assert SentReminder.objects.count() == 0  # rolled back with the failed sending
    monkeypatch.undo()
    result = reminders.send_reminders(today_iso=TODAY.isoformat())
    assert result["sent"] > 0 and result["failed"] == 0
    assert SentReminder.objects.filter(recipient=board).count() == result["sent"] == len(mail.outbox)

"""Visits: notice → coordination check (avstämning) → report, the coordinator's inbox and e-mail."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_user
from vanort.core.navigation import menu_items
from vanort.core.roles import Role
from vanort.plans.models import Activity, VisitNotice, VisitReport
from vanort.plans.services.visits import is_overdue, visit_notify
from vanort.plans.visit_selectors import inbox, inbox_count

pytestmark = pytest.mark.engine_independent

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PAST = {"starts_on": "2020-03-01", "ends_on": "2020-03-05"}


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.MAILERS = LOCMEM
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def v(world):
    """The world, with e-mail addresses, a second unit editor and one notice of the unit."""
    users = world.users
    for user in users.values():
        user.email = f"{user.username}@example.se"
        user.save()
    world.editor, world.coordinator, world.board, world.partner, world.admin = (
        users[Role.UNIT_EDITOR], users[Role.COORDINATOR], users[Role.BOARD], users[Role.PARTNER], users[Role.ADMIN],
    )
    world.other_editor = make_user("other", world.other_unit, Role.UNIT_EDITOR)
    world.activity = Activity.objects.create(
        municipality=world.home, title="Skolutbyte", kind=Activity.Kind.VISIT_OUT, responsible_organisation=world.unit,
    )
    world.notice = notice(world, world.unit, world.editor, datetime.date(2020, 3, 1), datetime.date(2020, 3, 5))
    return world


def notice(world, organisation, by, starts, ends, **fields) -> VisitNotice:
    item = VisitNotice(
        organisation=organisation, direction=VisitNotice.Direction.OUTGOING, travellers="Rektorer", purpose="Skolbesök",
        starts_on=starts, ends_on=ends, **fields,
    )
    return visit_notify(notice=item, by=by)


def form_data(world, **extra):
    data = {
        "organisation": world.unit.pk, "direction": "outgoing", "travellers": "Två rektorer", "traveller_count": 2,
        "purpose": "Besöka skolor i Palo Alto", "place": "Palo Alto", "activity": world.activity.pk,
        "partnership": world.partnership.pk, **PAST,
    }
    data.update(extra)
    return data


def url(name, *args):
    return reverse(f"plans:visitnotice_{name}", args=args)


def titles(notices):
    return [item.pk for item in notices]


@pytest.mark.smoke
def test_full_flow_notify_confirm_report(v, client_for, django_capture_on_commit_callbacks):
    # The unit editor notifies a visit for their own organisation.
    client = client_for(v.editor)
    page = client.get(url("create"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["organisation"].queryset) == [v.unit]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("create"), form_data(v))
    assert response.status_code == 302, response.content.decode()[:2000]
    created = VisitNotice.objects.exclude(pk=v.notice.pk).get()
    assert created.status == VisitNotice.Status.NOTIFIED
    assert created.municipality == v.home and created.notified_by == v.editor
    assert created.report_due_on == datetime.date(2020, 3, 5) + datetime.timedelta(days=v.home.visit_report_days)
    # The coordinators (not the admin, not the unit) are told by e-mail.
    assert [message.to for message in mail.outbox] == [[v.coordinator.email]]
    assert created.get_absolute_url() in mail.outbox[0].body

    # The coordinator finds it in the inbox: awaiting confirmation, and its report overdue.
    client = client_for(v.coordinator)
    page = client.get(reverse("plans:inbox"))
    assert page.status_code == 200
    assert created in page.context["awaiting"] and created in page.context["overdue"]
    assert created.get_absolute_url() in page.content.decode()

    # … and confirms it with a comment; the unit's notifier gets an e-mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("confirm", created.pk), {"confirm-text": "Bra, lycka till!", "confirm-expected_version": created.version})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.status == VisitNotice.Status.CONFIRMED
    assert created.response == "Bra, lycka till!" and created.responded_by == v.coordinator and created.responded_at
    assert [message.to for message in mail.outbox] == [[v.editor.email]]
    assert "Bra, lycka till!" in mail.outbox[0].body
    page = client.get(url("detail", created.pk))
    assert "Bra, lycka till!" in page.content.decode()
    assert created not in client.get(reverse("plans:inbox")).context["awaiting"]

    # The unit files the report; the visit is no longer overdue.
    client = client_for(v.editor)
    page = client.get(url("detail", created.pk))
    assert page.context["overdue"] and page.context["can_report"]
    response = client.post(url("report", created.pk), {"results": "Avtal om utbyte", "contacts_made": "Rektor X", "follow_up": "Besök 2021"})
    assert response.status_code == 302
    report = VisitReport.objects.get(notice=created)
    assert report.submitted_by == v.editor
    created.refresh_from_db()
    assert not is_overdue(created, datetime.date.today())
    page = client.get(url("detail", created.pk))
    assert not page.context["overdue"] and "Avtal om utbyte" in page.content.decode()
    assert created not in client_for(v.coordinator).get(reverse("plans:inbox")).context["overdue"]
    # A second report is refused.
    response = client_for(v.editor).post(url("report", created.pk), {"results": "Igen"})
    assert response.status_code == 409
    assert VisitReport.objects.filter(notice=created).count() == 1


def test_confirmed_notice_is_locked_for_the_unit_not_the_office(v, client_for):
    client = client_for(v.coordinator)
    client.post(url("confirm", v.notice.pk), {"confirm-text": "", "confirm-expected_version": v.notice.version})
    v.notice.refresh_from_db()
    assert v.notice.status == VisitNotice.Status.CONFIRMED and v.notice.response == ""
    assert client_for(v.editor).get(url("edit", v.notice.pk)).status_code == 403
    assert client_for(v.editor).get(url("detail", v.notice.pk)).context["can_change"] is False
    assert client_for(v.coordinator).get(url("edit", v.notice.pk)).status_code == 200
    assert client_for(v.coordinator).get(url("detail", v.notice.pk)).context["can_answer"] is False


def test_the_update_service_holds_the_lock_whatever_the_door(v):
    """visit_update(by=…) itself refuses the unit a confirmed notice, and changes nothing."""
    from django.core.exceptions import PermissionDenied

    from vanort.plans.services.visits import visit_confirm, visit_update

    visit_confirm(notice=v.notice, by=v.coordinator, expected_version=v.notice.version)
    before = VisitNotice.objects.values().get(pk=v.notice.pk)
    edited = VisitNotice.objects.get(pk=v.notice.pk)
    edited.purpose = "Ändrat syfte"
    with pytest.raises(PermissionDenied):
        visit_update(notice=edited, by=v.editor, expected_version=edited.version)
    assert VisitNotice.objects.values().get(pk=v.notice.pk) == before
    assert visit_update(notice=edited, by=v.coordinator, expected_version=edited.version) is False
    assert VisitNotice.objects.get(pk=v.notice.pk).purpose == "Ändrat syfte"


def test_question_and_answer(v, client_for, django_capture_on_commit_callbacks):
    client = client_for(v.coordinator)
    # A question needs text.
    response = client.post(url("ask", v.notice.pk), {"ask-text": "  ", "ask-expected_version": v.notice.version})
    assert response.status_code == 400
    assert response.context["ask_form"].errors["text"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("ask", v.notice.pk), {"ask-text": "Vem betalar resan?", "ask-expected_version": v.notice.version})
    assert response.status_code == 302
    v.notice.refresh_from_db()
    assert v.notice.status == VisitNotice.Status.QUESTION and v.notice.response == "Vem betalar resan?"
    assert [message.to for message in mail.outbox] == [[v.editor.email]]
    assert "Vem betalar resan?" in mail.outbox[0].body
    assert v.notice in inbox(v.coordinator, datetime.date(2020, 1, 1))["questions"]

    # The unit answers by editing the notice; the answer is required while a question is pending.
    client = client_for(v.editor)
    page = client.get(url("edit", v.notice.pk))
    assert page.status_code == 200 and "Vem betalar resan?" in page.content.decode()
    data = form_data(v, expected_version=v.notice.version)
    assert client.post(url("edit", v.notice.pk), data).status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("edit", v.notice.pk), {**data, "reply": "Förvaltningen betalar."})
    assert response.status_code == 302
    v.notice.refresh_from_db()
    assert v.notice.status == VisitNotice.Status.NOTIFIED
    assert v.notice.response == "Vem betalar resan?"  # the question stays on record
    assert [message.to for message in mail.outbox] == [[v.coordinator.email]]
    page = client.get(url("detail", v.notice.pk))
    events = [(step["event"], step["text"]) for step in page.context["log"]]
    with translation.override("sv"):  # the page is Swedish: the label is the translation
        question = translation.gettext("Question from the international office")
    assert (question, "Vem betalar resan?") in [(str(e), t) for e, t in events]
    assert any(text == "Förvaltningen betalar." for _event, text in events)
    assert "Förvaltningen betalar." in page.content.decode()


def test_overdue_with_a_fixed_date(v):
    later = notice(v, v.unit, v.editor, datetime.date(2030, 5, 1), datetime.date(2030, 5, 10))
    assert later.report_due_on == datetime.date(2030, 6, 9)
    day = datetime.date(2030, 6, 1)
    sections = inbox(v.coordinator, day)
    assert later in sections["due_soon"] and later not in sections["overdue"]
    assert v.notice in sections["overdue"]
    after = inbox(v.coordinator, datetime.date(2030, 6, 10))
    assert later in after["overdue"] and later not in after["due_soon"]
    # On the due date itself it is not yet overdue.
    assert not is_overdue(later, datetime.date(2030, 6, 9)) and is_overdue(later, datetime.date(2030, 6, 10))
    VisitReport.objects.create(notice=later, results="Klart")
    later = VisitNotice.objects.select_related("report").get(pk=later.pk)
    assert not is_overdue(later, datetime.date(2030, 6, 10))
    assert later not in inbox(v.coordinator, datetime.date(2030, 6, 10))["overdue"]
    # The menu count: notices to confirm plus overdue reports.
    assert inbox_count(v.coordinator, datetime.date(2030, 6, 10)) == 2  # both notified; the first also overdue
    assert inbox_count(v.editor, datetime.date(2030, 6, 10)) == 0


def test_report_due_follows_the_municipality_setting(v):
    v.home.visit_report_days = 10
    v.home.save()
    item = notice(v, v.unit, v.editor, datetime.date(2024, 1, 1), datetime.date(2024, 1, 2))
    assert item.report_due_on == datetime.date(2024, 1, 12)


def test_dates_out_of_order_are_an_error_on_the_field(v, client_for):
    response = client_for(v.editor).post(url("create"), form_data(v, starts_on="2024-05-10", ends_on="2024-05-01"))
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"]
    assert not response.context["form"].non_field_errors()
    assert VisitNotice.objects.count() == 1


def test_stale_answer_is_a_conflict(v, client_for):
    opened = v.notice.version
    client_for(v.editor).post(url("edit", v.notice.pk), form_data(v, expected_version=opened, purpose="Ändrat syfte"))
    v.notice.refresh_from_db()
    assert v.notice.version == opened + 1
    response = client_for(v.coordinator).post(url("confirm", v.notice.pk), {"confirm-text": "OK", "confirm-expected_version": opened})
    assert response.status_code == 409
    assert response.context["confirm_form"].non_field_errors()
    v.notice.refresh_from_db()
    assert v.notice.status == VisitNotice.Status.NOTIFIED and v.notice.response == ""


def test_report_only_after_the_visit(v, client_for):
    future = notice(v, v.unit, v.editor, datetime.date(2099, 1, 1), datetime.date(2099, 1, 2))
    client = client_for(v.editor)
    assert client.get(url("detail", future.pk)).context["can_report"] is False
    assert client.post(url("report", future.pk), {"results": "För tidigt"}).status_code == 400
    assert not VisitReport.objects.filter(notice=future).exists()


def test_permissions(v, client_for):
    pk = v.notice.pk
    answer = {"confirm-text": "", "confirm-expected_version": v.notice.version}
    report = {"results": "Resultat"}
    # Another unit's editor sees the notice (units read the municipality's records) but may not
    # change, answer or report it.
    client = client_for(v.other_editor)
    assert client.get(url("detail", pk)).status_code == 200
    assert client.get(url("edit", pk)).status_code == 403
    assert client.post(url("confirm", pk), answer).status_code == 403
    assert client.post(url("report", pk), report).status_code == 403
    page = client.get(url("create"))
    assert list(page.context["form"].fields["organisation"].queryset) == [v.other_unit]
    # … nor notify a visit in the name of another organisation.
    assert client.post(url("create"), form_data(v)).status_code == 400
    # The unit's own editor may change and report, but not answer its own notice.
    assert client_for(v.editor).post(url("confirm", pk), answer).status_code == 403
    assert client_for(v.editor).post(url("ask", pk), {"ask-text": "?", "ask-expected_version": 1}).status_code == 403
    # The board sees everything but confirms nothing and notifies nothing.
    client = client_for(v.board)
    page = client.get(url("detail", pk))
    assert page.status_code == 200 and page.context["can_answer"] is False
    assert client.post(url("confirm", pk), answer).status_code == 403
    assert client.get(url("create")).status_code == 403
    assert client.get(reverse("plans:inbox")).status_code == 403
    # A partner sees only its own notices.
    own = notice(v, v.university, v.partner, datetime.date(2020, 1, 1), datetime.date(2020, 1, 2))
    client = client_for(v.partner)
    assert client.get(url("detail", pk)).status_code == 404
    assert client.post(url("confirm", pk), answer).status_code == 404
    assert client.get(url("detail", own.pk)).status_code == 200
    assert client.post(url("confirm", own.pk), {"confirm-expected_version": own.version}).status_code == 403
    assert titles(client.get(url("list")).context["page"].object_list) == [own.pk]
    assert list(client.get(url("create")).context["form"].fields["organisation"].queryset) == [v.university]
    assert client.get(reverse("plans:inbox")).status_code == 403
    # Another municipality's coordinator sees nothing.
    client = client_for(v.foreign_user)
    assert client.get(url("detail", pk)).status_code == 404
    assert client.post(url("confirm", pk), answer).status_code == 404
    assert v.notice not in client.get(reverse("plans:inbox")).context["awaiting"]
    # The anonymous public: nothing to see; the inbox asks to log in.
    client = client_for(None)
    assert client.get(url("detail", pk)).status_code == 404
    assert client.post(url("confirm", pk), answer).status_code == 404
    response = client.get(reverse("plans:inbox"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    # Answer pages take POST only.
    assert client_for(v.coordinator).get(url("confirm", pk)).status_code == 405
    # The admin confirms like a coordinator.
    assert client_for(v.admin).post(url("confirm", pk), answer).status_code == 302


def test_coordinator_notifies_for_any_organisation(v, client_for):
    client = client_for(v.coordinator)
    choices = set(client.get(url("create")).context["form"].fields["organisation"].queryset)
    assert {v.unit, v.other_unit, v.university} <= choices and v.foreign_org not in choices
    response = client.post(url("create"), form_data(v, organisation=v.other_unit.pk, activity=""))
    assert response.status_code == 302
    assert VisitNotice.objects.filter(organisation=v.other_unit, notified_by=v.coordinator).exists()


def test_activity_choices_pass_through_the_gate(v, client_for):
    foreign_activity = Activity.objects.create(
        municipality=v.other, title="Hemligt", kind=Activity.Kind.OTHER, responsible_organisation=v.foreign_org,
    )
    activities = client_for(v.partner).get(url("create")).context["form"].fields["activity"].queryset
    assert v.activity not in activities  # internal, another organisation's
    activities = client_for(v.editor).get(url("create")).context["form"].fields["activity"].queryset
    assert v.activity in activities and foreign_activity not in activities
    response = client_for(v.editor).post(url("create"), form_data(v, activity=foreign_activity.pk))
    assert response.status_code == 400 and response.context["form"].errors["activity"]


def test_list_filters(v, client_for):
    mine = notice(v, v.other_unit, v.other_editor, datetime.date(2099, 1, 1), datetime.date(2099, 1, 2))
    client = client_for(v.other_editor)
    assert set(titles(client.get(url("list")).context["page"].object_list)) == {v.notice.pk, mine.pk}
    assert titles(client.get(url("list"), {"mine": "on"}).context["page"].object_list) == [mine.pk]
    assert titles(client.get(url("list"), {"report": "overdue"}).context["page"].object_list) == [v.notice.pk]
    page = client.get(url("list"))
    assert "overdue" in page.content.decode()


def test_restore_keeps_the_coordination_check(v, client_for):
    client_for(v.coordinator).post(url("ask", v.notice.pk), {"ask-text": "Varför?", "ask-expected_version": v.notice.version})
    v.notice.refresh_from_db()
    first = v.notice.history.order_by("history_date", "history_id").first()
    response = client_for(v.editor).post(url("restore", v.notice.pk, first.history_id))
    assert response.status_code == 302
    v.notice.refresh_from_db()
    assert v.notice.status == VisitNotice.Status.QUESTION and v.notice.response == "Varför?"


def test_menu_shows_the_inbox_with_a_count_to_coordinators_only(v, client_for):
    page = client_for(v.coordinator).get(reverse("home"))
    labels = [str(item["label"]) for item in menu_items(page.context["menu"])]
    assert "Inbox (1)" in labels or "Inkorg (1)" in labels
    page = client_for(v.editor).get(reverse("home"))
    assert reverse("plans:inbox") not in [item["url"] for item in menu_items(page.context["menu"])]
    assert reverse("plans:visitnotice_list") in [item["url"] for item in menu_items(page.context["menu"])]


@pytest.mark.engine
def test_inbox_query_count_is_constant(v, client_for):
    client = client_for(v.coordinator)
    client.get(reverse("plans:inbox"))  # warm caches (content types, sessions)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("plans:inbox")).status_code == 200
        return len(queries)

    before = count()
    for offset in range(6):
        start = datetime.date(2020, 1, 1) + datetime.timedelta(days=offset)
        extra = notice(v, v.other_unit if offset % 2 else v.unit, v.editor, start, start)
        if offset % 3 == 0:
            VisitReport.objects.create(notice=extra, results="Klart")
    VisitNotice.objects.filter(pk__in=VisitNotice.objects.order_by("pk").values("pk")[:2]).update(status=VisitNotice.Status.QUESTION)
    assert count() == before


@pytest.mark.django_db
def test_the_notice_form_offers_only_activities_still_to_happen(world, client_for):
    from tests.plans.conftest import make_activity
    from vanort.plans.models import Activity

    upcoming = make_activity(world, title="Kommande utbyte", organisation=world.unit, areas=[world.area])
    finished = make_activity(world, title="Avslutat utbyte", organisation=world.unit, areas=[world.area],
                             status=Activity.Status.DONE, outcome="Genomfört.")
    html = client_for(world.users[Role.UNIT_EDITOR]).get(reverse("plans:visitnotice_create")).content.decode()
    assert f'<option value="{upcoming.pk}">{upcoming}</option>' in html
    assert str(finished) not in html

"""Governance pages through the gate: registering decisions, deciding requests, the checklist."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.plans.conftest import make_activity
from vanort.core.roles import Role
from vanort.governance.models import ActivityGuidelineAssessment, Decision, PartnershipRequest

pytestmark = pytest.mark.engine_independent

D = datetime.date


def decision_data(**extra):
    return {"body": "board", "meeting_date": "2026-11-02", "paragraph": "402", "case_prefix": "KS", "title_sv": "Beslut om X",
            "decision_points_sv": "1. A\n2. B", "decision_basis": "Tjänsteskrivelse 2026-10-01", "is_public": "on", **extra}


@pytest.mark.smoke
def test_board_member_registers_a_decision(world, client_for):
    client = client_for(world.users[Role.BOARD])
    upload = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
    response = client.post(reverse("governance:decision_create"), decision_data(attachment=upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get(title_sv="Beslut om X")
    assert decision.case_number == f"KS {datetime.date.today().year}-1"
    assert decision.registered_by == world.users[Role.BOARD]
    attachment = decision.attachments.get()
    anonymous = client_for(None)
    download = anonymous.get(reverse("governance:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    page = anonymous.get(decision.get_absolute_url())
    assert page.status_code == 200 and decision.case_number in page.content.decode()


def test_unit_editor_may_not_register(world, client_for):
    client = client_for(world.users[Role.UNIT_EDITOR])
    assert client.get(reverse("governance:decision_create")).status_code == 403
    assert client.post(reverse("governance:decision_create"), decision_data()).status_code == 403
    assert not Decision.objects.exists()


def test_bad_input_is_shown_and_draws_no_number(world, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("governance:decision_create"), decision_data(meeting_date=""))
    assert response.status_code == 400
    response = client.post(reverse("governance:decision_create"), decision_data(manual_case_number="KS-2017-494"))
    assert response.status_code == 400 and "KS 2017-494" in response.content.decode()
    response = client.post(reverse("governance:decision_create"), decision_data(case_prefix="k s"))
    assert response.status_code == 400
    bad_file = SimpleUploadedFile("x.html", b"<html><script>alert(1)</script></html>", content_type="text/html")
    assert client.post(reverse("governance:decision_create"), decision_data(attachment=bad_file)).status_code == 400
    assert not Decision.objects.exists()
    response = client.post(reverse("governance:decision_create"), decision_data(manual_case_number="KS 2017-494"))
    assert response.status_code == 302
    assert Decision.objects.get().case_number == "KS 2017-494"


def test_request_through_its_pages(world, gov, client_for):
    from vanort.places.models import City

    client = client_for(world.users[Role.COORDINATOR])
    city = City.objects.create(name="Tartu", country="EE", time_zone="Europe/Tallinn")
    response = client.post(reverse("governance:partnershiprequest_create"), {
        "city": city.pk, "received_on": "2026-09-01", "sender": "Tartu city government", "proposed_category": "cooperation",
        "priority_areas": [world.area.pk], "first_year_budget": "50 000,00", "community_support": "Universitetet",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    request = PartnershipRequest.objects.get(city=city)
    assert request.first_year_budget == 5_000_000
    for status in ("presidium", "prepared"):
        client.post(reverse("governance:partnershiprequest_transition", args=[request.pk]), {"to_status": status})
    request.refresh_from_db()
    assert request.status == "prepared"
    page = client.get(request.get_absolute_url()).content.decode()
    assert "partnershiprequest_decide" not in page and reverse("governance:partnershiprequest_decide", args=[request.pk]) in page
    response = client.post(reverse("governance:decision_create"), decision_data(title_sv="Samarbete med Tartu"))
    decision = Decision.objects.get(title_sv="Samarbete med Tartu")
    response = client.post(reverse("governance:partnershiprequest_decide", args=[request.pk]),
                           {"outcome": "accept", "decision": decision.pk, "partnership_status": "proposed"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted" and request.partnership.status == "proposed"
    assert response["Location"] == request.partnership.get_absolute_url()
    # Board members read the request but do not handle it.
    board = client_for(world.users[Role.BOARD])
    assert board.get(request.get_absolute_url()).status_code == 200
    assert board.post(reverse("governance:partnershiprequest_transition", args=[gov.request.pk]), {"to_status": "presidium"}).status_code == 403


def test_decline_through_the_page_needs_reasons(world, gov, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    PartnershipRequest.objects.filter(pk=gov.request.pk).update(status="prepared")
    response = client.post(reverse("governance:partnershiprequest_decide", args=[gov.request.pk]),
                           {"outcome": "decline", "decision": gov.receiving.pk, "reasons": ""})
    assert response.status_code == 400
    response = client.post(reverse("governance:partnershiprequest_decide", args=[gov.request.pk]),
                           {"outcome": "decline", "decision": gov.receiving.pk, "reasons": "Ingen förankring"})
    assert response.status_code == 302
    gov.request.refresh_from_db()
    assert gov.request.decline_reasons == "Ingen förankring"


def test_guideline_checklist(world, gov, client_for):
    activity = make_activity(world, title="Skolutbyte", organisation=world.unit, areas=[world.area])
    url = reverse("governance:activity_guidelines", args=[activity.pk])
    first, second = gov.guidelines
    editor = client_for(world.users[Role.UNIT_EDITOR])
    page = editor.get(url)
    assert page.status_code == 200 and first.text in page.content.decode()
    response = editor.post(url, {f"g{first.pk}_judgement": "partly", f"g{first.pk}_justification": ""})
    assert response.status_code == 400
    response = editor.post(url, {f"g{first.pk}_judgement": "fulfils", f"g{first.pk}_justification": "Jämn könsfördelning",
                                 f"g{second.pk}_judgement": "not_relevant"})
    assert response.status_code == 302
    assert dict(ActivityGuidelineAssessment.objects.values_list("guideline", "judgement")) == {first.pk: "fulfils", second.pk: "not_relevant"}
    board = client_for(world.users[Role.BOARD])
    assert "Jämn könsfördelning" in board.get(url).content.decode()
    assert board.post(url, {}).status_code == 403


def test_the_checklist_lists_only_guidelines_its_reader_may_see(world, gov, client_for):
    """A partner assessing its own activity sees the public documents' guidelines, never those of
    an internal document (whose page answers it 404); the office sees both."""
    from vanort.governance.models import GoverningDocument, Guideline

    internal = GoverningDocument.objects.create(municipality=world.home, title="Intern riktlinje", kind="strategy",
                                                adopted_on=datetime.date(2020, 1, 1), follow_up_rule="none", is_public=False)
    hidden = Guideline.objects.create(document=internal, position=1, text="Intern riktlinjetext GLX-7")
    activity = make_activity(world, title="Forskarbesök", organisation=world.university, areas=[world.area])
    url = reverse("governance:activity_guidelines", args=[activity.pk])
    first, second = gov.guidelines
    partner = client_for(world.users[Role.PARTNER])
    page = partner.get(url).content.decode()
    assert first.text in page and hidden.text not in page
    response = partner.post(url, {f"g{first.pk}_judgement": "fulfils", f"g{first.pk}_justification": "Ja",
                                  f"g{hidden.pk}_judgement": "fulfils", f"g{hidden.pk}_justification": "Ja"})
    assert response.status_code == 302
    assert set(ActivityGuidelineAssessment.objects.values_list("guideline", flat=True)) == {first.pk}
    assert hidden.text in client_for(world.users[Role.COORDINATOR]).get(url).content.decode()


def test_follow_up_overview_shows_what_is_due(world, gov, client_for):
    page = client_for(world.users[Role.BOARD]).get(reverse("governance:followup_status"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026–2030" in text and "2014–2018" in text
    assert client_for(world.users[Role.PARTNER]).get(reverse("governance:followup_status")).status_code == 403


def test_document_page_lists_decisions_concerning_it(world, gov, client_for):
    gov.receiving.documents.add(gov.paper)
    text = client_for(None).get(gov.paper.get_absolute_url()).content.decode()
    assert gov.receiving.case_number in text and gov.s513.case_number in text
    listing = client_for(None).get(reverse("governance:decision_list"), {"document": gov.paper.pk}).content.decode()
    assert gov.receiving.case_number in listing

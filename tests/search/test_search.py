"""Site-wide search on both engines: what each role finds, the gate, documents' text, the jump to a
case number, highlighting (escaped) and the rebuild."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from weasyprint import HTML

from tests.governance.conftest import make_decision
from tests.plans.conftest import make_activity
from vanort.core.roles import Role
from vanort.plans.services.attachments import attachment_add
from vanort.search.models import SearchEntry
from vanort.search.selectors import search

pytestmark = pytest.mark.engine

ROLES = (None, Role.ADMIN, Role.COORDINATOR, Role.BOARD, Role.UNIT_EDITOR, Role.PARTNER, "foreign")


def user(world, role):
    if role == "foreign":
        return world.foreign_user
    return world.users[role] if role else None


def titles(world, role, query, **kw):
    from django.contrib.auth.models import AnonymousUser

    found = search(user(world, role) or AnonymousUser(), query, **kw)
    return [str(r.title) for r in found.results], found


def pdf(text: str) -> bytes:
    return HTML(string=f"<p>{text}</p>").write_pdf()


def word_file(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def records(world):
    public = make_activity(world, title="Solceller på skolan", organisation=world.unit, areas=[world.area], is_public=True,
                           description="Elever bygger solceller", goals="Mer förnybar energi")
    internal = make_activity(world, title="Solceller i hemlighet", organisation=world.other_unit, areas=[world.area],
                             outcome="Stanford besökte")
    decision = make_decision(world, title="Vänort med Palo Alto", manual="KS 2017-494", paragraph="513",
                             decision_points="Samarbetet med Stanford fortsätter.")
    secret = make_decision(world, title="Hemligt beslut om solceller", manual="KS 2018-7", is_public=False)
    return {"public": public, "internal": internal, "decision": decision, "secret": secret}


def test_each_role_finds_what_the_gate_lets_it_open(world, records):
    seen = {role: titles(world, role, "solceller")[0] for role in ROLES}
    assert set(seen[None]) == {"<mark>Solceller</mark> på skolan"}
    for role in (Role.ADMIN, Role.COORDINATOR, Role.BOARD, Role.UNIT_EDITOR):
        assert len(seen[role]) == 3, role
        assert any("hemlighet" in t for t in seen[role])
    assert seen[Role.PARTNER] == ["<mark>Solceller</mark> på skolan"]
    assert seen["foreign"] == []  # a signed-in user of another municipality sees only its own


def test_results_are_grouped_with_counts_and_filtered_by_group(world, records):
    _, found = titles(world, Role.COORDINATOR, "solceller")
    assert [(key, n) for key, _label, n in found.groups] == [("decisions", 1), ("activities", 2)]
    assert found.total == 3
    only, found = titles(world, Role.COORDINATOR, "solceller", group="decisions")
    assert only == ["KS 2018-7: Hemligt beslut om <mark>solceller</mark>"]


def test_words_inside_text_fields_and_prefixes(world, records):
    assert titles(world, Role.COORDINATOR, "Stanford")[1].total == 2  # an activity's outcome, a decision's points
    assert titles(world, None, "Stanford")[0] == ["KS 2017-494 § 513: Vänort med Palo Alto"]
    assert titles(world, Role.COORDINATOR, "förnyba")[0] == ["Solceller på skolan"]
    assert titles(world, Role.COORDINATOR, "Anna")[0] == ["<mark>Anna</mark> Andersson (Utbildningsförvaltningen)"]
    assert titles(world, None, "Anna")[0] == []  # a contact person is internal unless marked public
    assert titles(world, None, "Secret")[0] == []  # a public partnership's internal notes are not indexed


def test_the_snippet_is_escaped_and_highlights_the_words(world, client_for):
    make_activity(world, title="<script>alert(1)</script> utbyte", organisation=world.unit, areas=[world.area], is_public=True,
                  description="Ett <b>utbyte</b> & mer")
    page = client_for(None).get(reverse("search:results"), {"q": "utbyte"}).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; <mark>utbyte</mark>" in page
    assert "Ett &lt;b&gt;<mark>utbyte</mark>&lt;/b&gt; &amp; mer" in page


def test_a_case_number_typed_exactly_jumps_to_the_decision(world, records, client_for):
    response = client_for(None).get(reverse("search:results"), {"q": "ks 2017-494"})
    assert response.status_code == 302 and response["Location"] == records["decision"].get_absolute_url()
    # A decision the visitor may not see is not revealed: the search simply finds nothing.
    response = client_for(None).get(reverse("search:results"), {"q": "KS 2018-7"})
    assert response.status_code == 200 and "Hemligt" not in response.content.decode()
    response = client_for(world.users[Role.BOARD]).get(reverse("search:results"), {"q": "KS 2018-7"})
    assert response["Location"] == records["secret"].get_absolute_url()


def test_a_word_inside_an_uploaded_pdf_and_word_file_is_found(world, records):
    activity = records["public"]
    attachment_add(activity=activity, upload=SimpleUploadedFile("program.pdf", pdf("Besöket hos Vattenfallsforskarna")),
                   content_type="application/pdf", title="Programmet", is_public=True)
    attachment_add(activity=activity, upload=SimpleUploadedFile("intern.docx", word_file("Budgeten för Vattenfallsforskarna")),
                   content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document", title="Internt")
    assert titles(world, Role.COORDINATOR, "vattenfallsforskarna")[0] == ["Programmet", "Internt"] or \
        sorted(titles(world, Role.COORDINATOR, "vattenfallsforskarna")[0]) == ["Internt", "Programmet"]
    found = titles(world, None, "vattenfallsforskarna")
    assert found[0] == ["Programmet"]  # the Word file is not public
    assert "<mark>Vattenfallsforskarna</mark>" in str(found[1].results[0].snippet)
    assert found[1].results[0].url == activity.get_absolute_url()


def test_an_edit_updates_the_index_in_the_same_transaction_and_a_delete_removes_it(world, records):
    activity = records["internal"]
    activity.title = "Vindkraft i hemlighet"
    activity.save()
    assert titles(world, Role.COORDINATOR, "vindkraft")[0] == ["<mark>Vindkraft</mark> i hemlighet"]
    assert titles(world, Role.COORDINATOR, "solceller")[1].total == 2
    world.contact.delete()
    assert titles(world, Role.COORDINATOR, "Anna")[0] == []


def test_rebuild_search_indexes_everything_again(world, records):
    SearchEntry.objects.all().delete()
    assert titles(world, Role.COORDINATOR, "solceller")[1].total == 0
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    assert "records indexed" in out.getvalue()
    assert titles(world, Role.COORDINATOR, "solceller")[1].total == 3


def test_results_paginate(world):
    for n in range(25):
        make_activity(world, title=f"Kulturutbyte {n}", organisation=world.unit, areas=[world.area], is_public=True)
    first = titles(world, None, "kulturutbyte")[1]
    second = titles(world, None, "kulturutbyte", page=2)[1]
    assert first.total == 25 and len(first.results) == 20 and len(second.results) == 5
    assert not {str(r.title) for r in first.results} & {str(r.title) for r in second.results}


@pytest.mark.postgres
def test_swedish_stemming_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's")
    make_activity(world, title="Ett utbyte med Palo Alto", organisation=world.unit, areas=[world.area], is_public=True)
    assert titles(world, None, "utbyten")[1].total == 1


def test_the_query_count_does_not_grow_with_the_data(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users[Role.UNIT_EDITOR])
    for n in range(30):
        make_activity(world, title=f"Idrottsutbyte {n}", organisation=world.unit, areas=[world.area])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search:results"), {"q": "idrottsutbyte"})
    assert "Idrottsutbyte 29" in response.content.decode() or "Idrottsutbyte" in response.content.decode()


def test_an_erased_person_is_no_longer_found(world):
    from vanort.privacy.register import Subject
    from vanort.privacy.services import person_erase

    assert titles(world, Role.COORDINATOR, "Andersson")[1].total == 1
    person_erase(municipality=world.home, subject=Subject(name="Anna Andersson", email="anna@example.se"), by=world.users[Role.ADMIN])
    assert titles(world, Role.COORDINATOR, "Andersson")[1].total == 0
    assert not SearchEntry.objects.filter(label_sv__contains="Andersson").exists()

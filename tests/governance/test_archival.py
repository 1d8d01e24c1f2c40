"""Public records are never deleted: archived with a reason, readable, restorable, in the history."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import translation
from rest_framework.test import APIClient

from vanort.api.models import ApiToken
from vanort.core.archival import (
    PUBLIC_RECORD_EXPLANATION,
    PublicRecordDeletionError,
    record_archive,
)
from vanort.core.resources import Resource
from vanort.core.roles import Role
from vanort.governance.models import Decision, DecisionAttachment, Distribution, PartnershipRequest
from vanort.registry.models import Agreement, AgreementDocument
from vanort.tenancy.forms import OrganisationForm
from vanort.tenancy.models import Municipality, Organisation

pytestmark = pytest.mark.engine

PUBLIC_RECORD_MODELS = (
    Decision,
    Distribution,
    DecisionAttachment,
    Agreement,
    AgreementDocument,
    PartnershipRequest,
)


@pytest.fixture
def records(world, gov):
    distribution = Distribution.objects.create(decision=gov.s513, recipient="Samtliga nämnder")
    attachment = DecisionAttachment.objects.create(
        decision=gov.s513,
        file="decisions/x.pdf",
        original_name="protokoll.pdf",
        content_type="application/pdf",
        size=3,
    )
    document = AgreementDocument.objects.create(
        agreement=world.agreement,
        file="agreements/x.pdf",
        original_name="avtal.pdf",
        content_type="application/pdf",
        size=3,
    )
    return {
        Decision: gov.s513,
        Distribution: distribution,
        DecisionAttachment: attachment,
        Agreement: world.agreement,
        AgreementDocument: document,
        PartnershipRequest: gov.request,
    }


def archive(obj, by, reason="Registrerat två gånger"):
    return record_archive(record=obj, by=by, reason=reason, expected_version=obj.version)


@pytest.mark.parametrize("model", PUBLIC_RECORD_MODELS, ids=lambda m: m.__name__)
def test_a_public_record_is_never_deleted(records, model):
    obj = records[model]
    assert model.is_public_record is True
    with pytest.raises(PublicRecordDeletionError) as error:
        obj.delete()
    assert str(PUBLIC_RECORD_EXPLANATION) in error.value.args[0]
    with pytest.raises(PublicRecordDeletionError):
        model.objects.filter(pk=obj.pk).delete()
    assert model.objects.filter(pk=obj.pk).exists()


def test_the_explanation_is_translated():
    with translation.override("sv"):
        assert "allmän handling" in str(PUBLIC_RECORD_EXPLANATION)
    with translation.override("en"):
        assert "public record" in str(PUBLIC_RECORD_EXPLANATION)


def test_parent_deletes_cannot_cascade_into_public_records(world, gov, records):
    committee = Organisation.objects.create(
        municipality=world.home, name="Kultur- och fritidsnämnden", kind="committee"
    )
    Decision.objects.filter(pk=gov.receiving.pk).update(body="committee", committee=committee)
    Distribution.objects.create(decision=gov.s513, organisation=world.unit)
    for parent in (
        committee,
        world.unit,
        world.partnership,
        Municipality.objects.get(pk=world.home.pk),
    ):
        with pytest.raises(ProtectedError):
            parent.delete()
    assert Decision.objects.filter(pk=gov.receiving.pk).exists()
    assert Agreement.objects.filter(pk=world.agreement.pk).exists()
    # The file and the distribution of a decision are protected by the decision itself.
    for field in (
        Distribution._meta.get_field("decision"),
        DecisionAttachment._meta.get_field("decision"),
        AgreementDocument._meta.get_field("agreement"),
        Agreement._meta.get_field("partnership"),
    ):
        assert field.remote_field.on_delete.__name__ == "PROTECT", field


class DeletableOrganisation(Resource):
    """Only here: a delete page for organisations, to see how a blocked delete is explained."""

    model = Organisation
    prefix = "organisations"
    form_class = OrganisationForm
    deletable = True


urlpatterns = [
    path("blocked/", include((DeletableOrganisation.urls(), "blocked"))),
    path("", include("vanort.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_blocked_parent_delete_is_explained(world, gov, client_for):
    committee = Organisation.objects.create(
        municipality=world.home, name="Kultur- och fritidsnämnden", kind="committee"
    )
    Decision.objects.filter(pk=gov.receiving.pk).update(body="committee", committee=committee)
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(reverse("blocked:organisation_delete", args=[committee.pk]))
    assert response.status_code == 302 and response["Location"] == committee.get_absolute_url()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "kan inte tas bort" in message and "beslut" in message and "allmän handling" in message
    assert Organisation.objects.filter(pk=committee.pk).exists()


def test_archive_through_the_pages(world, gov, client_for):
    decision = gov.receiving
    client = client_for(world.users[Role.BOARD])
    url = reverse("governance:decision_archive", args=[decision.pk])
    page = client.get(url)
    assert page.status_code == 200 and "allmän handling" in page.content.decode()
    assert f'href="{url}"' in client.get(decision.get_absolute_url()).content.decode()

    missing = client.post(url, {"archive_reason": "  ", "expected_version": decision.version})
    assert (
        missing.status_code == 400 and "Ange skälet till arkiveringen." in missing.content.decode()
    )
    stale = client.post(
        url, {"archive_reason": "Dubblett", "expected_version": decision.version + 5}
    )
    assert stale.status_code == 409
    decision.refresh_from_db()
    assert decision.archived_at is None

    done = client.post(
        url,
        {
            "archive_reason": "Registrerat två gånger; se KS 2018-2",
            "expected_version": decision.version,
        },
    )
    assert (
        done.status_code == 302
        and "Arkiverad: KS 2018-1" in client.get(done["Location"]).content.decode()
    )
    decision.refresh_from_db()
    assert decision.is_archived and decision.archived_by == world.users[Role.BOARD]
    assert decision.archive_reason == "Registrerat två gånger; se KS 2018-2"
    latest = decision.history.latest()
    assert (
        latest.history_user == world.users[Role.BOARD]
        and "Registrerat två gånger" in latest.history_change_reason
    )

    # Gone from the default list, there with the filter, marked; still readable, also to the public.
    listing = reverse("governance:decision_list")
    assert decision.case_number not in client.get(listing).content.decode()
    archived = client.get(listing, {"archived": "archived"}).content.decode()
    assert (
        decision.case_number in archived
        and "Arkiverad" in archived
        and gov.s513.case_number not in archived
    )
    assert decision.case_number in client.get(listing, {"archived": "all"}).content.decode()
    assert client.get(listing, {"archived": "nonsense"}).status_code == 200
    for reader in (world.users[Role.PARTNER], None, world.users[Role.COORDINATOR]):
        detail = client_for(reader).get(decision.get_absolute_url())
        assert detail.status_code == 200
        body = detail.content.decode()
        assert "Arkiverad" in body and "Registrerat två gånger; se KS 2018-2" in body
        # Who archived it is shown to the municipality's own users only.
        assert ("Board Testsson" in body) == (
            reader is not None and reader.role == Role.COORDINATOR
        )

    # A board member may archive but not take it back; a coordinator may.
    unarchive = reverse("governance:decision_unarchive", args=[decision.pk])
    assert client_for(world.users[Role.BOARD]).post(unarchive).status_code == 403
    client = client_for(world.users[Role.COORDINATOR])
    assert "Ta fram ur arkivet" in client.get(decision.get_absolute_url()).content.decode()
    assert "Tagen ur arkivet" in client.post(unarchive, follow=True).content.decode()
    decision.refresh_from_db()
    assert not decision.is_archived and decision.archive_reason == ""
    assert decision.case_number in client.get(listing).content.decode()
    kinds = [
        (r.history_user, r.archived_at is None)
        for r in decision.history.order_by("-history_date", "-history_id")[:2]
    ]
    assert kinds == [(world.users[Role.COORDINATOR], True), (world.users[Role.BOARD], False)]
    again = client.post(unarchive, follow=True)
    assert "inte arkiverad" in again.content.decode()


def test_archived_records_leave_default_lists_elsewhere(world, gov, client_for, records):
    coordinator = world.users[Role.COORDINATOR]
    archive(records[Distribution], coordinator)
    archive(world.agreement, coordinator)
    archive(gov.request, coordinator)
    client = client_for(coordinator)
    assert "Samtliga nämnder" not in client.get(gov.s513.get_absolute_url()).content.decode()
    assert (
        "Överenskommelse 1987"
        not in client.get(world.partnership.get_absolute_url()).content.decode()
    )
    assert (
        "Överenskommelse 1987"
        not in client.get(reverse("registry:agreement_list")).content.decode()
    )
    assert (
        "Burgemeester"
        not in client.get(reverse("governance:partnershiprequest_list")).content.decode()
    )
    assert (
        "Burgemeester"
        in client.get(
            reverse("governance:partnershiprequest_list"), {"archived": "archived"}
        ).content.decode()
    )
    public = client_for(None).get(
        reverse("publishing:partnership", args=[world.home.slug, world.partnership.pk])
    )
    assert public.status_code == 200 and "Överenskommelse 1987" not in public.content.decode()
    assert client.get(world.agreement.get_absolute_url()).status_code == 200


def test_an_archived_record_needs_its_reason(world, gov):
    with pytest.raises(ValidationError) as error:
        record_archive(
            record=gov.s513,
            by=world.users[Role.ADMIN],
            reason="",
            expected_version=gov.s513.version,
        )
    assert "archive_reason" in error.value.message_dict
    from django.utils import timezone

    gov.s513.archived_at = timezone.now()
    with pytest.raises(ValidationError):
        gov.s513.full_clean()


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)}")
    return client


def test_the_api_refuses_delete_and_still_reads_an_archived_agreement(world):
    coordinator = world.users[Role.COORDINATOR]
    url = f"/api/agreements/{world.agreement.pk}/"
    assert APIClient().delete(url).status_code == 401
    for user in (coordinator, world.users[Role.PARTNER]):
        response = api(user).delete(url)
        assert response.status_code == 405 and "allmän handling" in response.json()["detail"]
    assert Agreement.objects.filter(pk=world.agreement.pk).exists()
    archive(world.agreement, coordinator)
    client = api(coordinator)
    assert client.get(url).json()["archive_reason"] == "Registrerat två gånger"
    assert world.agreement.pk not in [
        row["id"] for row in client.get("/api/agreements/").json()["results"]
    ]
    assert world.agreement.pk in [
        row["id"]
        for row in client.get("/api/agreements/", {"archived": "archived"}).json()["results"]
    ]


@pytest.mark.parametrize(
    "name",
    [
        "governance:decision",
        "governance:distribution",
        "governance:partnershiprequest",
        "registry:agreement",
    ],
)
def test_public_records_have_archive_urls_and_no_delete_url(name):
    assert reverse(f"{name}_archive", args=[1]).endswith("/1/archive/")
    with pytest.raises(NoReverseMatch):
        reverse(f"{name}_delete", args=[1])


def test_restoring_an_earlier_version_keeps_the_archival_state(world, gov, client_for):
    decision = gov.s513
    before = decision.history.latest().history_id
    archive(decision, world.users[Role.COORDINATOR])
    restore = reverse("governance:decision_restore", args=[decision.pk, before])
    assert client_for(world.users[Role.BOARD]).post(restore).status_code == 302
    decision.refresh_from_db()
    assert decision.is_archived and decision.archive_reason == "Registrerat två gånger"

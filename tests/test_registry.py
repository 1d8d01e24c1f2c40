"""The register through its pages: creating, refusing, conflicting, history, restore, uploads.

Messages are checked as the app renders them in the active language (Swedish): the expected text
is produced with the same gettext the app uses, so these tests hold before and after the
translations are written. Otherwise they look at status codes, field names and HTML structure
(the error summary links to ``#id_<field>``, the field carries ``id_<field>_error``).
"""

from __future__ import annotations

import datetime
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vanort.core.roles import Role
from vanort.core.versioning import ConflictError
from vanort.places import geonames
from vanort.places.models import City
from vanort.registry.models import Agreement, AgreementDocument, Partnership

pytestmark = pytest.mark.engine_independent

LINKOPING_GEONAMES_ID = 2694762
TARTU_GEONAMES_ID = 588335


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator(world, client_for):
    return client_for(world.users[Role.COORDINATOR])


def sv(message) -> str:
    """``message`` as the app shows it on a Swedish page, HTML-escaped."""
    with translation.override("sv"):
        return escape(str(message))


class _FormValues(HTMLParser):
    """The values a browser would submit from the first ``<form method="post">`` of a page."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_form = self.done = False
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and attrs.get("method") == "post" and "action" not in attrs:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "file", "button"):
                self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea:
                self.data[self.textarea][0] = self.data[self.textarea][0].removeprefix("\n")
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_values(response) -> dict[str, list[str] | str]:
    assert response.status_code == 200, response.status_code
    parser = _FormValues()
    parser.feed(response.content.decode())
    data = {name: values for name, values in parser.data.items() if name != "csrfmiddlewaretoken"}
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def field_error(response, field: str) -> bool:
    """Whether the page shows an error on ``field``: in the summary (a link) and at the field."""
    page = response.content.decode()
    return f'href="#id_{field}"' in page and f'id="id_{field}_error"' in page and 'aria-invalid="true"' in page


def error_fields(response) -> set[str]:
    form = response.context["form"]
    return set(form.errors)


# --- partnerships --------------------------------------------------------------------------------


def partnership_data(city, **extra):
    return {"partner_city": city.pk, "category": "friendship", "status": "active", "start_year": "1999", "is_public": "on", **extra}


@pytest.mark.smoke
def test_create_partnership(world, coordinator):
    city = City.objects.create(name="Tartu", country="EE", time_zone="Europe/Tallinn")
    response = coordinator.post(reverse("registry:partnership_create"), partnership_data(city, summary_sv="Ny vänort"))
    assert response.status_code == 302
    partnership = Partnership.objects.get(partner_city=city)
    assert response["Location"] == partnership.get_absolute_url()
    assert partnership.municipality == world.home
    assert partnership.version == 1
    assert partnership.history.count() == 1
    assert partnership.history.get().history_user == world.users[Role.COORDINATOR]


def test_duplicate_partnership_is_refused_and_nothing_saved(world, coordinator):
    before = Partnership.objects.count()
    response = coordinator.post(reverse("registry:partnership_create"), partnership_data(world.cities.palo_alto))
    assert response.status_code == 400
    assert Partnership.objects.count() == before
    message = next(c for c in Partnership._meta.constraints if c.name == "partnership_unique_city").violation_error_message
    assert sv(message) in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()


def test_partnership_with_another_municipality_same_city_is_fine(world, client_for):
    # The foreign municipality already has Palo Alto too: uniqueness is per municipality.
    response = client_for(world.foreign_user).post(reverse("registry:partnership_create"), partnership_data(world.cities.enschede))
    assert response.status_code == 302
    assert Partnership.objects.filter(partner_city=world.cities.enschede).count() == 2


def test_ended_partnership_needs_its_end_date(world, coordinator):
    url = reverse("registry:partnership_edit", args=[world.partnership.pk])
    data = form_values(coordinator.get(url))
    data.update(status="ended", ended_on="")
    response = coordinator.post(url, data)
    assert response.status_code == 400
    assert error_fields(response) == {"ended_on"}
    assert field_error(response, "ended_on")
    world.partnership.refresh_from_db()
    assert world.partnership.status == "active" and world.partnership.version == 1

    data.update(ended_on="2024-12-31", end_reason="Avslutat")
    assert coordinator.post(url, data).status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.status == "ended" and world.partnership.ended_on == datetime.date(2024, 12, 31)


def test_edit_form_round_trips_unchanged(world, coordinator):
    """Posting the edit form as it was shown saves the record unchanged (and bumps the version)."""
    url = reverse("registry:partnership_edit", args=[world.partnership.pk])
    response = coordinator.post(url, form_values(coordinator.get(url)))
    assert response.status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.version == 2
    assert list(world.partnership.priority_areas.all()) == [world.area]
    assert world.partnership.internal_notes == "Secret note"


@pytest.mark.smoke
def test_concurrent_edit_keeps_the_other_persons_version(world, client_for):
    url = reverse("registry:partnership_edit", args=[world.partnership.pk])
    mine_client = client_for(world.users[Role.COORDINATOR])
    mine = form_values(mine_client.get(url))
    assert mine["expected_version"] == "1"

    other = Client()
    other.force_login(world.users[Role.ADMIN])
    theirs = form_values(other.get(url))
    theirs["summary_sv"] = "Den andras text"
    assert other.post(url, theirs).status_code == 302

    mine["summary_sv"] = "Min text"
    response = mine_client.post(url, mine)
    assert response.status_code == 409
    assert sv(ConflictError().messages[0]) in response.content.decode()
    world.partnership.refresh_from_db()
    assert world.partnership.summary_sv == "Den andras text"
    assert world.partnership.version == 2


def test_edit_form_without_version_is_refused(world, coordinator):
    url = reverse("registry:partnership_edit", args=[world.partnership.pk])
    data = form_values(coordinator.get(url))
    del data["expected_version"]
    response = coordinator.post(url, data)
    assert response.status_code == 400
    assert "expected_version" in error_fields(response)


@pytest.mark.smoke
def test_history_lists_the_change_and_restore_puts_the_old_value_back(world, coordinator):
    url = reverse("registry:partnership_edit", args=[world.partnership.pk])
    data = form_values(coordinator.get(url))
    data["summary_sv"] = "Ändrad sammanfattning"
    assert coordinator.post(url, data).status_code == 302

    history_url = reverse("registry:partnership_history", args=[world.partnership.pk])
    page = coordinator.get(history_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<ins>Ändrad sammanfattning</ins>" in html
    assert "<del>Systerort sedan 1987.</del>" in html
    # The partnership's own versions (its timeline events' history is merged in, see test_deletes_leave_a_trace).
    entries = [entry for entry in page.context["entries"] if not getattr(entry, "child", None)]
    assert len(entries) == 2 and entries[0].user == world.users[Role.COORDINATOR]
    assert [(change.old, change.new) for change in entries[0].changes] == [("Systerort sedan 1987.", "Ändrad sammanfattning")]

    original = world.partnership.history.order_by("history_date", "history_id").first()
    restore_url = reverse("registry:partnership_restore", args=[world.partnership.pk, original.history_id])
    response = coordinator.post(restore_url)
    assert response.status_code == 302 and response["Location"] == world.partnership.get_absolute_url()
    world.partnership.refresh_from_db()
    assert world.partnership.summary_sv == "Systerort sedan 1987."
    assert world.partnership.version == 3
    assert world.partnership.history.count() == 3
    latest = world.partnership.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason  # "Restored the version of …"
    assert latest.history_user == world.users[Role.COORDINATOR]
    own = [entry for entry in coordinator.get(history_url).context["entries"] if not getattr(entry, "child", None)]
    assert own[0].changes[0].new == "Systerort sedan 1987."


def test_restore_of_another_records_version_is_404(world, coordinator):
    other_version = world.internal_partnership.history.first().history_id
    url = reverse("registry:partnership_restore", args=[world.partnership.pk, other_version])
    assert coordinator.post(url).status_code == 404


# --- agreements and their documents --------------------------------------------------------------


def agreement_data(world, **extra):
    return {"partnership": world.partnership.pk, "title_sv": "Nytt avtal", "parties": "Linköping\nPalo Alto", "is_public": "on", **extra}


def test_agreement_cannot_end_before_it_starts(world, coordinator):
    before = Agreement.objects.count()
    response = coordinator.post(
        reverse("registry:agreement_create"), agreement_data(world, valid_from="2020-01-01", valid_until="2019-12-31")
    )
    assert response.status_code == 400
    assert error_fields(response) == {"valid_until"}
    assert field_error(response, "valid_until")
    assert Agreement.objects.count() == before
    # Shown once: at the field and in the summary's link to it, not again as a form-wide error.
    assert not response.context["form"].non_field_errors()


def test_agreement_for_a_partnership_one_may_not_change_is_refused(world, client_for):
    response = client_for(world.foreign_user).post(reverse("registry:agreement_create"), agreement_data(world))
    assert response.status_code == 400
    assert error_fields(response) == {"partnership"}


def media_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "max_bytes"),
    [
        pytest.param("stort.pdf", PDF + b"0" * 2048, 1024, id="too-large"),
        pytest.param("sida.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", None, id="html-as-pdf"),
        pytest.param("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 8, None, id="exe-as-pdf"),
        pytest.param("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", None, id="svg"),
        pytest.param("tom.pdf", b"", None, id="empty"),
        pytest.param("fejk.docx", b"PK\x03\x04not really a zip", None, id="broken-zip"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(world, coordinator, settings, name, content, max_bytes):
    if max_bytes:
        settings.UPLOAD_MAX_BYTES = max_bytes
    before = Agreement.objects.count()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = coordinator.post(reverse("registry:agreement_create"), agreement_data(world, document=upload))
    assert response.status_code == 400
    assert error_fields(response) == {"document"}
    assert field_error(response, "document")
    assert Agreement.objects.count() == before
    assert not AgreementDocument.objects.exists()
    assert media_files() == []


def test_bad_upload_on_edit_keeps_the_agreement_unchanged(world, coordinator):
    url = reverse("registry:agreement_edit", args=[world.agreement.pk])
    data = form_values(coordinator.get(url))
    data["title_sv"] = "Ny titel"
    data["document"] = SimpleUploadedFile("x.pdf", b"<html></html>")
    assert coordinator.post(url, data).status_code == 400
    world.agreement.refresh_from_db()
    assert world.agreement.title_sv == "Överenskommelse 1987" and world.agreement.version == 1
    assert not AgreementDocument.objects.exists() and media_files() == []


def upload_pdf(world, coordinator, agreement=None, name="Avtal 1987.pdf"):
    agreement = agreement or world.agreement
    url = reverse("registry:agreement_edit", args=[agreement.pk])
    data = form_values(coordinator.get(url))
    data["document"] = SimpleUploadedFile(name, PDF, content_type="text/html")  # the claimed type is ignored
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return AgreementDocument.objects.get(agreement=agreement)


def test_valid_pdf_is_stored_and_downloaded_as_attachment(world, coordinator, client_for):
    document = upload_pdf(world, coordinator, name="../../Avtal 1987.pdf")
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.uploaded_by == world.users[Role.COORDINATOR]
    stored = Path(document.file.path)
    assert stored.read_bytes() == PDF
    assert stored.parent == Path(django_settings.MEDIA_ROOT) / "agreements"  # a generated name, never the uploader's
    assert "Avtal" not in stored.name and stored.suffix == ".pdf"

    page = coordinator.get(world.agreement.get_absolute_url()).content.decode()
    download_url = reverse("registry:document_download", args=[document.pk])
    assert f'href="{download_url}"' in page

    for client in (coordinator, client_for(None)):  # the agreement and its partnership are public
        response = client.get(download_url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Avtal 1987.pdf" in response["Content-Disposition"]
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PDF


def test_document_of_a_non_public_agreement_is_404_for_the_public(world, coordinator, client_for):
    world.agreement.is_public = False
    world.agreement.save()
    document = upload_pdf(world, coordinator)
    url = reverse("registry:document_download", args=[document.pk])
    assert client_for(None).get(url).status_code == 404
    assert client_for(world.users[Role.PARTNER]).get(url).status_code == 404
    assert client_for(world.foreign_user).get(url).status_code == 404
    assert client_for(world.users[Role.BOARD]).get(url).status_code == 200


def test_document_whose_file_is_gone_is_404(world, coordinator):
    document = upload_pdf(world, coordinator)
    Path(document.file.path).unlink()
    assert coordinator.get(reverse("registry:document_download", args=[document.pk])).status_code == 404


def test_plain_text_with_swedish_letters_is_accepted(world, coordinator):
    # 4,095 ASCII bytes, then "å" (two bytes): the first 4,096 bytes end in half a letter.
    text = ("a" * 4095 + "åäö\n" * 10).encode()
    url = reverse("registry:agreement_edit", args=[world.agreement.pk])
    data = form_values(coordinator.get(url))
    data["document"] = SimpleUploadedFile("protokoll.txt", text)
    response = coordinator.post(url, data)
    assert response.status_code == 302, error_fields(response)
    assert AgreementDocument.objects.get().content_type == "text/plain"


# --- cities ----------------------------------------------------------------------------------------


def city_data(**extra):
    return {"name": "Tartu", "country": "EE", "time_zone": "Europe/Tallinn", **extra}


def test_city_form_checks_time_zone_and_country(world, coordinator):
    before = City.objects.count()
    response = coordinator.post(reverse("places:city_create"), city_data(time_zone="Mars/Olympus_Mons", country=""))
    assert response.status_code == 400
    assert error_fields(response) == {"time_zone", "country"}
    assert field_error(response, "time_zone") and field_error(response, "country")
    assert City.objects.count() == before

    response = coordinator.post(reverse("places:city_create"), city_data(country="XX"))
    assert response.status_code == 400 and error_fields(response) == {"country"}

    response = coordinator.post(reverse("places:city_create"), city_data())
    assert response.status_code == 302
    assert City.objects.get(name="Tartu").source == City.Source.MANUAL


def test_city_lookup_registers_a_geonames_city_once(world, coordinator):
    url = reverse("places:city_lookup")
    page = coordinator.get(url, {"q": "Tartu"})
    assert page.status_code == 200
    assert f'value="{TARTU_GEONAMES_ID}"' in page.content.decode()

    response = coordinator.post(url, {"geonames_id": TARTU_GEONAMES_ID})
    city = City.objects.get(geonames_id=TARTU_GEONAMES_ID)
    assert response.status_code == 302 and response["Location"] == city.get_absolute_url()
    assert city.source == City.Source.GEONAMES and city.country == "EE" and city.time_zone == "Europe/Tallinn"
    assert city.history.count() == 1

    response = coordinator.post(url, {"geonames_id": TARTU_GEONAMES_ID})
    assert response.status_code == 302 and response["Location"] == city.get_absolute_url()
    assert City.objects.filter(geonames_id=TARTU_GEONAMES_ID).count() == 1
    messages = list(get_messages(response.wsgi_request))
    with translation.override("sv"):
        expected = translation.gettext("%(city)s was already registered.") % {"city": city}
    assert [m.message for m in messages][-1] == expected
    assert messages[-1].level_tag == "info"

    # Once registered, the search shows it as registered rather than offering the button.
    page = coordinator.get(url, {"q": "Tartu"}).content.decode()
    assert f'value="{TARTU_GEONAMES_ID}"' not in page


def test_city_lookup_with_an_unknown_id_registers_nothing(world, coordinator):
    before = City.objects.count()
    for raw in ("999999999999", "abc", ""):
        response = coordinator.post(reverse("places:city_lookup"), {"geonames_id": raw})
        assert response.status_code == 302 and response["Location"] == reverse("places:city_lookup")
    assert City.objects.count() == before
    assert geonames.get(LINKOPING_GEONAMES_ID) is not None


# --- language -------------------------------------------------------------------------------------


def test_error_messages_are_in_the_users_language(world, coordinator):
    """Pages are Swedish by default; the errors are the Swedish translation wherever one exists."""
    response = coordinator.post(
        reverse("registry:agreement_create"), agreement_data(world, valid_from="2020-01-01", valid_until="2019-12-31")
    )
    html = response.content.decode()
    assert '<html lang="sv"' in html
    with translation.override("sv"):
        shown = translation.gettext("The agreement cannot end before it starts.")
    assert escape(shown) in html

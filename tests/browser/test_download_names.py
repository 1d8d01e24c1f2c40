"""Downloads in Chromium keep their names: a report and a stored document with Swedish letters.

Chromium saves a file whose header carries raw UTF-8 in ``filename`` as "download"; with RFC 6266
(``filename*=UTF-8''…``) it suggests the real name.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.browser.test_flows import log_in
from vanort.core.roles import Role
from vanort.registry.models import AgreementDocument
from vanort.registry.uploads import attach_document

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_chromium_suggests_the_real_names(page, world):
    coordinator = world.users[Role.COORDINATOR]
    document = attach_document(world.agreement, SimpleUploadedFile("x.pdf", PDF, "application/pdf"),
                               content_type="application/pdf", by=coordinator)
    AgreementDocument.objects.filter(pk=document.pk).update(original_name="Överenskommelse Linköping–Palo Alto 1987.pdf")
    log_in(page, coordinator, check=False)

    page.goto(world.agreement.get_absolute_url())
    with page.expect_download() as download:
        page.click(f"main a[href$='/documents/{document.pk}/']")
    assert download.value.suggested_filename == "Överenskommelse Linköping–Palo Alto 1987.pdf"

    year = timezone.localdate().year
    page.goto(f"/reports/annual/{year}/")
    for fmt in ("pdf", "xlsx"):
        with page.expect_download() as download:
            page.click(f"main a[href='/reports/annual/{year}/{fmt}/']")
        name = download.value.suggested_filename
        assert name.startswith(f"årsrapport-{year}-") and name.endswith(f".{fmt}"), name

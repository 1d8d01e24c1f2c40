"""Every download names itself after RFC 6266: an ASCII ``filename`` and the exact ``filename*``.

A header with raw UTF-8 (or Latin-1) in ``filename`` makes Chromium save "download.pdf". Each door
is read back here: both parts are present, ``filename*`` decodes to a sensible name with its
Swedish letters, the fallback is plain ASCII, and neither is cut in the middle of a word.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from vanort.core.roles import Role
from vanort.core.uploads import content_disposition, safe_filename, shorten

pytestmark = pytest.mark.engine_independent

HEADER = re.compile(r"^(attachment|inline); filename=\"([\x20-\x7e]*)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)$")


def names(response, *, kind: str = "attachment") -> tuple[str, str]:
    """The (ASCII fallback, exact name) that a browser reads from the response's header."""
    disposition = response["Content-Disposition"]
    match = HEADER.match(disposition)
    assert match, f"not an RFC 6266 header with both parts: {disposition!r}"
    assert match.group(1) == kind
    fallback, exact = match.group(2), unquote(match.group(3), encoding="utf-8", errors="strict")
    assert '"' not in fallback and "\\" not in fallback
    return fallback, exact


@pytest.mark.parametrize(("given", "fallback", "exact"), [
    ("Årsrapport 2026.pdf", "Arsrapport 2026.pdf", "Årsrapport 2026.pdf"),
    ("Överenskommelse Linköping–Palo Alto.docx", "Overenskommelse Linkoping_Palo Alto.docx",
     "Överenskommelse Linköping–Palo Alto.docx"),
    ("plain.csv", "plain.csv", "plain.csv"),
    ("北京 agreement.pdf", "_ agreement.pdf", "北京 agreement.pdf"),
])
def test_header_has_an_ascii_fallback_and_the_exact_name(given, fallback, exact):
    header = content_disposition(given)
    assert header == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''" + re.sub(
        r".", lambda m: m.group(0) if re.match(r"[A-Za-z0-9._~-]", m.group(0)) else
        "".join(f"%{b:02X}" for b in m.group(0).encode()), exact)


def test_long_names_are_cut_between_words_and_keep_their_extension():
    title = "Uppföljning av positionspapper för samarbetet med Palo Alto " * 5 + ".pdf"
    name = safe_filename(title)
    assert len(name) <= 150 and name.endswith(".pdf")
    stem = name.removesuffix(".pdf")
    assert title.startswith(stem) and title[len(stem)] == " ", "cut in the middle of a word"
    assert shorten("årsrapport-vänortssamarbetet.xlsx", 20) == "årsrapport.xlsx"


@pytest.fixture
def board(client_for, world):
    return client_for(world.users[Role.BOARD])


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_report_files_are_named_by_their_swedish_title(board, fmt):
    year = timezone.localdate().year
    response = board.get(reverse("reports:annual_file", args=[year, fmt]))
    assert response.status_code == 200
    fallback, exact = names(response)
    assert exact.startswith(f"årsrapport-{year}-") and exact.endswith(f".{fmt}")
    assert "vänortssamarbetet" in exact or "linköping" in exact, exact
    assert fallback.startswith(f"arsrapport-{year}-") and fallback.isascii()
    # The subtitle ends in whole words: the stem ends with a whole word of the title or subtitle.
    last_word = exact.removesuffix(f".{fmt}").rsplit("-", 1)[-1]
    assert last_word in f"årsrapport {year} vänortssamarbetet i linköping 1 januari 31 december".split(), exact


def test_activity_export_and_import_template_are_named(client_for, world):
    client = client_for(world.users[Role.COORDINATOR])
    stamp = timezone.localdate().isoformat()
    for fmt in ("csv", "xlsx"):
        assert names(client.get(reverse("plans:activity_export"), {"format": fmt})) == (
            f"vanort-activities-{stamp}.{fmt}",) * 2
        assert names(client.get(reverse("plans:activity_import_template"), {"format": fmt})) == (
            f"vanort-activities-template.{fmt}",) * 2


def test_personal_data_export_is_named(client_for, world):
    client = client_for(world.users[Role.ADMIN])
    response = client.post(reverse("privacy:person_export"), {"email": "anna@example.se"})
    assert response.status_code == 200
    assert names(response)[1] == f"personal-data-{timezone.localdate():%Y-%m-%d}.json"


def test_open_data_and_calendars_are_named(client, world):
    for fmt in ("csv", "json"):
        response = client.get(reverse("publishing:export", args=["linkoping", "partnerships", fmt]))
        assert names(response) == (f"linkoping-partnerships.{fmt}",) * 2
    response = client.get(reverse("publishing:calendar", args=["linkoping"]))
    assert names(response, kind="inline") == ("linkoping.ics",) * 2

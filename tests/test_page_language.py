"""Every page a person can open is in their language: no English on a Swedish page, no Swedish
on an English one.

The pages are the permission matrix's (``tests/test_matrix.py``): every URL pattern with its
arguments from the matrix world, read by the anonymous public and by a coordinator — every page
each of them may open (a GET answered 200 in the matrix). Each HTML page is read in Swedish and in
English, and its visible text checked against the message catalogues (``tests/text_checks.py``,
which the Chromium crawl uses too). Downloads, feeds, calendars and the API are not pages.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import conftest
from tests.test_matrix import MATRIX, matrix_world, user_for  # noqa: F401  (matrix_world: the fixture)
from tests.text_checks import wrong_language
from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent

ROLES = ("anonymous", "coordinator")

#: Content the matrix world stores in one language only; shown as typed on either page.
CONTENT = ("Internal working group", "Other office", "Foreign area", "Foreign activity", "Foreign plan",
           "Demokrati och jämställdhet beaktas")


def pages(role: str) -> list:
    return [row for row in MATRIX if row.get[role] == 200 and not row.name.startswith("api:")]


@pytest.fixture(scope="module")
def module_client():
    return Client()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_in_the_readers_language(matrix_world, db, module_client, role, language):  # noqa: F811 (the fixture)
    client = module_client
    client.cookies.clear()
    user = user_for(matrix_world, role)
    if user is not None:
        client.force_login(user)
        conftest.verify_second_factor(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    read, wrong = 0, {}
    for row in pages(role):
        url = reverse(row.name, args=row.args(matrix_world))
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url
        read += 1
        found = wrong_language(html, language, allowed=CONTENT)
        if found:
            wrong[url] = found
    assert read > 40, f"only {read} pages read"
    assert wrong == {}, "\n".join(f"{url}: {'; '.join(found)}" for url, found in wrong.items())


@pytest.mark.parametrize(
    ("language", "singular", "plural"),
    [("sv", "besöksanmälan (historik)", "besöksanmälningar (historik)"), ("en", "visit notice (history)", "visit notices (history)")],
)
def test_history_records_are_named_in_the_readers_language(language, singular, plural):
    from django.utils import translation

    from vanort.plans.models import VisitNotice

    with translation.override(language):
        meta = VisitNotice.history.model._meta
        assert (str(meta.verbose_name), str(meta.verbose_name_plural)) == (singular, plural)


def test_the_empty_choice_and_translated_inputs_say_their_language(matrix_world, db, module_client):  # noqa: F811
    # The module's matrix world is already built (one transaction for the module): use it, not ``world``.
    client = module_client
    client.cookies.clear()
    user = matrix_world.users[Role.COORDINATOR]
    client.force_login(user)
    conftest.verify_second_factor(client, user)
    html = client.get(reverse("registry:partnership_create")).content.decode()
    assert re.search(r'<select name="partner_city"[^>]*>\s*<option value=""( selected)?>- Välj ett alternativ -</option>', html)
    assert "Select an option" not in html
    # The inputs of each language's text say which language they hold (WCAG 3.1.2).
    assert re.search(r'<textarea[^>]*name="summary_en"[^>]*>', html).group(0).count('lang="en"') == 1
    assert re.search(r'<textarea[^>]*name="summary_sv"[^>]*>', html).group(0).count('lang="sv"') == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("registry:partnership_create")).content.decode()
    assert re.search(r'<select name="partner_city"[^>]*>\s*<option value=""( selected)?>- Select an option -</option>', html)


def test_the_check_finds_the_other_language_in_what_a_person_reads():
    swedish_page = (
        '<html lang="sv"><head><title>Aktiviteter</title><script>var x = "Log out of Vänort";</script></head><body>'
        '<select><option value="">- Select an option -</option></select>'
        '<button lang="en">In English</button><textarea lang="en">Sister city since 1987.</textarea>'
        '<img alt="Skip to main content"></body></html>'
    )
    found = wrong_language(swedish_page, "sv")
    assert [f.split(" in ")[0] for f in found] == ["'Select an option'", "'Skip to main content'"]
    english_page = '<html lang="en"><body><p>Hoppa till huvudinnehållet</p><p lang="sv">På svenska</p></body></html>'
    assert [f.split(" in ")[0] for f in wrong_language(english_page, "en")] == ["'Hoppa till huvudinnehållet'"]
    assert wrong_language('<html lang="en"><body><p>Skip to main content</p></body></html>', "en") == []

"""Wrong addresses show Vänort's own error pages, in the user's language — also in the demo.

The demo is served by ``vanort serve`` (``./dev demo``); the test starts that real command on the
test database and reads a wrong address from it in Swedish and English: Vänort's header and a link
to the start page, never Django's debug page.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request

import pytest
from django.test import Client, override_settings
from django.urls import include, path, reverse

from tests.faults.subprocesses import vanort
from vanort import urls as site_urls
from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent

HEADINGS = {"sv": "Sidan hittades inte", "en": "Page not found"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, language: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def assert_vanorts_page(status: int, html: str, language: str, heading: str) -> None:
    assert f'<html lang="{language}"' in html
    assert 'class="site-header' in html and 'href="/"' in html, "no header with a link to the start page"
    assert f">{heading}</h1>" in html
    assert "Django" not in html and "URLconf" not in html and "DEBUG = True" not in html


@pytest.mark.django_db(transaction=True)
def test_the_served_demo_shows_vanorts_own_404_in_both_languages(tmp_path, monkeypatch):
    monkeypatch.delenv("VANORT_DEBUG", raising=False)  # as on a fresh clone
    port = free_port()
    server = vanort("serve", "--port", str(port), "--workers", "1", data_dir=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = fetch(f"http://127.0.0.1:{port}/", "sv")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    raise AssertionError(f"vanort serve did not start:\n{server.stdout.read()}") from None
                time.sleep(0.5)
        for language in ("sv", "en"):
            status, html = fetch(f"http://127.0.0.1:{port}/no-such-page/", language)
            assert status == 404
            assert_vanorts_page(status, html, language, HEADINGS[language])
    finally:
        server.terminate()
        server.wait(timeout=20)


@override_settings(DEBUG=False)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_not_found_and_forbidden_pages_in_the_users_language(client_for, world, language):
    client = client_for(world.users[Role.BOARD])
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    assert_vanorts_page(response.status_code, response.content.decode(), language, HEADINGS[language])
    forbidden = client.get(reverse("tenancy:contactperson_edit", args=[world.contact.pk]))
    assert forbidden.status_code == 403
    assert_vanorts_page(403, forbidden.content.decode(), language, {"sv": "Inte tillåtet", "en": "Not allowed"}[language])


def boom(request):
    raise RuntimeError("a bug")


handler400, handler403 = site_urls.handler400, site_urls.handler403
handler404, handler500 = site_urls.handler404, site_urls.handler500
urlpatterns = [path("test-only/boom/", boom), path("", include("vanort.urls"))]


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_server_error_page_in_the_users_language(world, language):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    response = client.get("/test-only/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}"' in html and 'class="site-header' in html and 'href="/"' in html
    assert {"sv": "Något gick fel", "en": "Something went wrong"}[language] in html
    assert "a bug" not in html and "Traceback" not in html


CSRF_MESSAGES = {
    "sv": ("Formuläret kunde inte skickas",
           "Formuläret hade gått ut eller kom från en annan webbplats; gå tillbaka, ladda om sidan och försök igen."),
    "en": ("The form could not be sent",
           "The form had expired or came from elsewhere; go back, reload and try again."),
}


@override_settings(DEBUG=False)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_form_without_its_csrf_token_gets_vanorts_page(world, language):
    from tests.conftest import PASSWORD

    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = client.post(reverse("accounts:login"), {"username": "admin", "password": PASSWORD})
    assert response.status_code == 403
    heading, text = CSRF_MESSAGES[language]
    html = response.content.decode()
    assert_vanorts_page(403, html, language, heading)
    assert text in html and "CSRF" not in html
    assert "_auth_user_id" not in client.session  # the refused form signed nobody in

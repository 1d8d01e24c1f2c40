"""Logging in from the header returns the user to the page they were on, in both languages.

The test reads the "Log in" link from the rendered header, as a person clicks it, posts the
password to the address that link names, and follows the redirects to where the user lands.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent


class _HeaderLoginLink(HTMLParser):
    """The ``href`` of the first link to the login page inside the site header."""

    def __init__(self, login_path):
        super().__init__()
        self.login_path, self.depth, self.href = login_path, 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "header":
            self.depth += 1
        if self.depth and tag == "a" and self.href is None and (attrs.get("href") or "").startswith(self.login_path):
            self.href = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "header":
            self.depth -= 1


def header_login_link(html: str) -> str:
    parser = _HeaderLoginLink(reverse("accounts:login"))
    parser.feed(html)
    assert parser.href, "the header has no log-in link"
    return parser.href


@pytest.fixture
def pages(world):
    return [
        "/",
        "/partnerships/",
        f"/partnerships/{world.partnership.pk}/",
        f"/cities/{world.cities.palo_alto.pk}/",
        "/partnerships/?status=active&q=Palo",
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_logging_in_from_the_header_returns_to_the_page(client, world, pages, language):
    user = world.users[Role.COORDINATOR]
    client.cookies["django_language"] = language
    for page in pages:
        client.logout()
        client.cookies["django_language"] = language
        html = client.get(page).content.decode()
        link = header_login_link(html)
        assert parse_qs(urlsplit(link).query)["next"] == [page], link
        login_page = client.get(link)
        assert login_page.status_code == 200
        landed = client.post(link, {"username": user.username, "password": PASSWORD}, follow=True)
        final = landed.redirect_chain[-1][0]
        assert final == page, f"logging in from {page} landed on {final}"
        assert landed.status_code == 200
        # The page now greets the user by name in the header, in the chosen language.
        assert user.first_name in landed.content.decode()
        assert f'<html lang="{language}"' in landed.content.decode()


def test_the_login_link_on_an_error_page_returns_to_the_start_page(client, world):
    html = client.get("/no-such-page/").content.decode()
    link = header_login_link(html)
    assert parse_qs(urlsplit(link).query)["next"] == ["/"]
    landed = client.post(link, {"username": world.users[Role.COORDINATOR].username, "password": PASSWORD}, follow=True)
    assert landed.redirect_chain[-1][0] == "/"

"""What the page structure says to a screen reader: named table regions, refused forms announced."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent


def render(source: str, **context) -> str:
    return Template("{% load vanort %}" + source).render(Context(context))


def test_a_table_scrolls_in_a_focusable_region_named_like_the_table():
    by_heading = render('{% scrolltable %}<table class="ds-table" aria-labelledby="costs-heading"></table>{% endscrolltable %}')
    assert by_heading == (
        '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="costs-heading">'
        '<table class="ds-table" aria-labelledby="costs-heading"></table></div>'
    )
    by_caption = render('{% scrolltable %}<table><caption class="ds-sr-only">Kostnader &amp; <b>år</b></caption></table>{% endscrolltable %}')
    assert by_caption.startswith('<div class="table-scroll" tabindex="0" role="region" aria-label="Kostnader &amp; år">')
    by_label = render("{% scrolltable label %}<table></table>{% endscrolltable %}", label="Besök")
    assert 'aria-label="Besök"' in by_label


def test_a_refused_form_says_so_in_the_title_and_puts_the_summary_first(world, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    url = reverse("registry:priorityarea_create")
    before = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").text
    assert not re.search(r"<title>\s*Fel:", before)

    page = client.post(url, {"name_sv": ""}, HTTP_ACCEPT_LANGUAGE="sv").text
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title.startswith("Fel: ")
    summary = re.search(r'<div class="ds-error-summary[^>]*>(.*?)</div>', page, re.S)
    opening = summary.group(0).split(">", 1)[0]
    assert "autofocus" in opening and 'tabindex="-1"' in opening and "data-error-summary" in opening
    # It links to the refused field, and comes before the form's first field.
    assert 'href="#id_position"' in summary.group(1)
    assert page.index("ds-error-summary") < page.index('id="id_position"')

    english = client.post(url, {"name_sv": ""}, HTTP_ACCEPT_LANGUAGE="en").text
    assert re.search(r"<title>\s*Error: ", english)


@pytest.mark.django_db
def test_every_page_names_an_icon_and_the_site_root_serves_favicon_ico(client):
    """Browsers ask for /favicon.ico when a page names none: both are there, so no page logs a 404."""
    import io

    from PIL import Image

    def body(response):
        return b"".join(response.streaming_content) if response.streaming else response.content

    page = client.get(reverse("accounts:login")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon, "the page names no icon"
    from django.conf import settings
    from django.contrib.staticfiles import finders

    assert icon.group(1).startswith(settings.STATIC_URL) or icon.group(1).startswith("/" + settings.STATIC_URL)
    assert "<svg" in open(finders.find(icon.group(1).split(settings.STATIC_URL, 1)[1])).read()
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    image = Image.open(io.BytesIO(body(response)))
    assert image.format == "ICO" and image.size[0] >= 16

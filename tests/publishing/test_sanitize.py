"""The rich-text allow-list: what survives, what is removed."""

import pytest

from vanort.publishing.models import NewsItem
from vanort.publishing.sanitize import clean_html, plain_text

pytestmark = pytest.mark.engine_independent


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hej <strong>du</strong> <em>där</em></p>", "<p>Hej <strong>du</strong> <em>där</em></p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a rel=\"noopener noreferrer\">x</a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a rel=\"noopener noreferrer\">x</a>"),
        ('<a href="https://example.org" onclick="steal()" style="color:red" target="_blank">x</a>',
         '<a href="https://example.org" rel="noopener noreferrer">x</a>'),
        ('<a href="mailto:info@example.se">mail</a>', '<a href="mailto:info@example.se" rel="noopener noreferrer">mail</a>'),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a rel=\"noopener noreferrer\">x</a>"),
        ("<script>alert(1)</script><p>kvar</p>", "<p>kvar</p>"),
        ("<style>p{}</style><p>kvar</p>", "<p>kvar</p>"),
        ('<img src="x" onerror="alert(1)">bild', "bild"),
        ('<p onmouseover="x()" class="big">text</p>', "<p>text</p>"),
        ("<h1>Stor</h1><h2>Rubrik</h2><h3>Under</h3>", "Stor<h2>Rubrik</h2><h3>Under</h3>"),
        ("<ul><li>a</li></ul><ol><li>b</li></ol><blockquote>c</blockquote>rad<br>rad",
         "<ul><li>a</li></ul><ol><li>b</li></ol><blockquote>c</blockquote>rad<br>rad"),
        ('<iframe src="https://evil"></iframe>ok', "ok"),
        ("<!-- comment -->ok", "ok"),
        ("<svg><script>alert(1)</script></svg>ok", "ok"),
        ("", ""),
        (None, ""),
    ],
)
def test_allow_list(dirty, clean):
    assert clean_html(dirty) == clean


def test_plain_text_folds_lines_and_keeps_markup_as_text():
    assert plain_text("  <b>a</b>\r\n b\x00\x0b c\t ") == "<b>a</b> b c"
    assert plain_text(None) == ""


def test_news_body_is_cleaned_on_save_in_both_languages(world):
    item = NewsItem.objects.create(
        municipality=world.home, title="t", body_sv='<p onclick="x">sv</p><script>alert(1)</script>',
        body_en='<a href="javascript:alert(1)">en</a>',
    )
    item.refresh_from_db()
    assert item.body_sv == "<p>sv</p>"
    assert "javascript" not in item.body_en and "en</a>" in item.body_en

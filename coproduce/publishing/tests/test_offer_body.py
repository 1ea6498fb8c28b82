"""The offer text format (coproduce.analysis.simple_text) and its template: headings, lists, paragraphs, and no
HTML from staff ever reaching a page."""

from __future__ import annotations

from django.template.loader import render_to_string

from coproduce.analysis.simple_text import HEADING, LIST, PARAGRAPH, Block, blocks, plain_text
from coproduce.publishing.offers import offer_blocks

TEXT = """Every family can get help.
You do not need a referral.

## Feeding your baby
- Baby feeding cafe: Tuesdays
- Call a feeding helper

## Health visiting
A health visitor will see you."""


def test_it_finds_headings_lists_and_paragraphs() -> None:
    assert blocks(TEXT) == [
        Block(PARAGRAPH, text="Every family can get help. You do not need a referral."),
        Block(HEADING, text="Feeding your baby"),
        Block(LIST, items=("Baby feeding cafe: Tuesdays", "Call a feeding helper")),
        Block(HEADING, text="Health visiting"),
        Block(PARAGRAPH, text="A health visitor will see you."),
    ]


def test_odd_input_is_handled() -> None:
    assert blocks("") == [] and blocks("\n\n  \n") == []
    assert blocks("##\n- \n#hashtag\n-dash") == [Block(PARAGRAPH, text="#hashtag -dash")]
    assert blocks("a\r\n\r\nb") == [Block(PARAGRAPH, text="a"), Block(PARAGRAPH, text="b")]
    # A list straight after a paragraph line, and a paragraph line straight after a list, are separate blocks.
    assert [b.kind for b in blocks("Text\n- one\nMore")] == [PARAGRAPH, LIST, PARAGRAPH]


def test_plain_text_makes_headings_and_items_sentences() -> None:
    assert (
        plain_text("## Where\n- Eastfield hub\n- Riverside library") == "Where.\n\nEastfield hub.\n\nRiverside library."
    )


def test_the_template_renders_govuk_typography_and_escapes_everything() -> None:
    html = render_to_string(
        "publishing/_offer_body.html",
        {"blocks": offer_blocks("## <script>alert(1)</script>\n- <b>bold</b>\n\n<a href='x'>link</a> & more")},
    )
    assert '<h2 class="govuk-heading-m">&lt;script&gt;alert(1)&lt;/script&gt;</h2>' in html
    assert '<ul class="govuk-list govuk-list--bullet"><li>&lt;b&gt;bold&lt;/b&gt;</li></ul>' in html
    assert '<p class="govuk-body">&lt;a href=&#x27;x&#x27;&gt;link&lt;/a&gt; &amp; more</p>' in html
    assert "<script>" not in html and "<b>" not in html


def test_headings_can_be_one_level_down() -> None:
    html = render_to_string("publishing/_offer_body.html", {"blocks": offer_blocks("## Feeding"), "heading_level": 3})
    assert '<h3 class="govuk-heading-s">Feeding</h3>' in html

"""The HTML parse-mode checker: accepts what Telegram accepts, rejects what it rejects."""

from __future__ import annotations

import html

import pytest

from .html_check import HtmlError, parse_html


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins>",
        "<s>s</s> <strike>k</strike> <del>d</del> <tg-spoiler>x</tg-spoiler>",
        '<span class="tg-spoiler">hidden</span>',
        '<a href="https://www.england.nhs.uk/?a=1&amp;b=2">NHS</a>',
        "<code>x</code> <pre>block</pre>",
        '<pre><code class="language-python">print(1)</code></pre>',
        "<blockquote>q</blockquote> <blockquote expandable>long</blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "<B>upper-case tags</B>",
        "&lt;Trust&gt; &amp; &quot;Partners&quot; &#39;s &#x27;s",
        "<b>bold <i>and italic</i></b>",
        html.escape("Barking, Havering & Redbridge <University> Hospitals' Trust"),
    ],
)
def test_accepts_telegram_html(text: str) -> None:
    parse_html(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x", "Can't find end tag corresponding to start tag b"),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x <b", "Unclosed start tag at byte offset 2"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b x>y</b>", 'Expected equal sign in declaration of an attribute of the tag "b"'),
        ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
    ],
)
def test_rejects_like_telegram(text: str, message: str) -> None:
    with pytest.raises(HtmlError) as err:
        parse_html(text, strict=False)
    assert str(err.value).startswith(message)


@pytest.mark.parametrize("text", ["AT&T", "a &foo; b", "&lt without semicolon", "5 > 3"])
def test_strict_mode_rejects_unescaped_text_that_telegram_keeps_literally(text: str) -> None:
    # Real Telegram keeps these as literal text (tdlib's decode_html_entity returns 0), so
    # lenient mode accepts them; strict mode (the fake's default) flags a missing html.escape.
    assert parse_html(text, strict=False).text
    with pytest.raises(HtmlError, match="fake strict mode"):
        parse_html(text)


def test_entities_and_offsets_are_utf16_after_parsing() -> None:
    parsed = parse_html("  🏥 <b>Trust &amp; Co</b> <a href='https://nhs.uk'>link</a>  ")
    assert parsed.text == "🏥 Trust & Co link"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 10},
        {"type": "text_link", "offset": 14, "length": 4, "url": "https://nhs.uk"},
    ]


def test_pre_with_language_and_expandable_blockquote() -> None:
    parsed = parse_html(
        '<pre><code class="language-py">x = 1</code></pre><blockquote expandable>q</blockquote>'
    )
    assert parsed.entities == [
        {"type": "pre", "offset": 0, "length": 5, "language": "py"},
        {"type": "expandable_blockquote", "offset": 5, "length": 1},
    ]


def test_text_mention_and_unusable_links() -> None:
    parsed = parse_html('<a href="tg://user?id=42">Ann</a> <a href="javascript:x">bad</a>')
    assert [e["type"] for e in parsed.entities] == ["text_mention"]
    assert parsed.entities[0]["user"]["id"] == 42

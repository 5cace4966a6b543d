"""Telegram's ``parse_mode=HTML`` parser, ported from tdlib's ``parse_html`` (MessageEntity.cpp).

Why a port rather than ``html.parser``: Telegram's rules are not HTML's. It accepts only a dozen
tags, requires strictly nested end tags, and reports errors with byte offsets. Error texts match
tdlib's so tests see the same ``can't parse entities: ...`` descriptions as production.

Strict mode (the default in the fake) goes further than Telegram on purpose. Real Telegram keeps
a bare ``&``, an unknown entity such as ``&foo;``, an entity without ``;`` and a bare ``>`` as
literal text (tdlib's ``decode_html_entity`` returns 0 and the character is copied). That makes a
forgotten ``html.escape`` invisible until a trust name contains ``<``. Strict mode therefore
rejects those too, with a description that says it is the fake's rule, not Telegram's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
        "tg-time",
    }
)
_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,9}))|([a-zA-Z]+));?")
_SPACE = " \t\r\n\f\v"


class HtmlError(ValueError):
    """The text is not HTML Telegram accepts; ``str(err)`` is the part after the colon."""


@dataclass
class Parsed:
    """Plain text after entity parsing plus Telegram-style ``MessageEntity`` dicts."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(html: str, pos: int, strict: bool) -> tuple[str, int] | None:
    """Decode the entity at ``pos`` (which holds ``&``) like tdlib; None means literal ``&``."""
    match = _ENTITY.match(html, pos)
    if match is None:
        return None
    hex_digits, dec_digits, name = match.groups()
    if name is not None:
        if name not in _NAMED:
            return None
        char = _NAMED[name]
    else:
        code = int(hex_digits, 16) if hex_digits is not None else int(dec_digits)
        if code == 0 or code >= 0x10FFFF:
            return None
        char = chr(code)
    if strict and not match.group(0).endswith(";"):
        return None
    return char, match.end()


def _byte_offset(html: str, pos: int) -> int:
    return len(html[:pos].encode("utf-8"))


def _at(html: str, pos: int) -> str:
    return f"at byte offset {_byte_offset(html, pos)}"


def parse_html(html: str, *, strict: bool = True) -> Parsed:
    """Parse Telegram HTML; raise :class:`HtmlError` where Telegram (or strict mode) would."""
    out: list[str] = []
    utf16 = 0
    stack: list[tuple[str, str, int, int]] = []  # (tag, argument, utf16 offset, out index)
    entities: list[dict[str, Any]] = []
    size = len(html)
    i = 0
    while i < size:
        char = html[i]
        if char == "&":
            decoded = _decode_entity(html, i, strict)
            if decoded is not None:
                out.append(decoded[0])
                utf16 += _utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict:
                raise HtmlError(
                    f"Unescaped '&' {_at(html, i)} (fake strict mode: "
                    "Telegram keeps it literally, but dynamic text must go through html.escape)"
                )
        if char == ">" and strict:
            raise HtmlError(
                f"Unescaped '>' {_at(html, i)} (fake strict mode: "
                "Telegram keeps it literally, but dynamic text must go through html.escape)"
            )
        if char != "<":
            out.append(char)
            utf16 += 2 if ord(char) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        i += 1
        if i < size and html[i] == "/":
            i = _close_tag(html, begin, stack, entities, utf16, out)
        else:
            i = _open_tag(html, begin, stack, utf16, len(out))
    if stack:
        raise HtmlError(f"Can't find end tag corresponding to start tag {stack[-1][0]}")
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # tdlib drops a language that is not inside <pre>
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return _strip(Parsed("".join(out), entities))


def _open_tag(
    html: str, begin: int, stack: list[tuple[str, str, int, int]], utf16: int, out_len: int
) -> int:
    size = len(html)
    i = begin + 1
    while i < size and html[i] not in _SPACE and html[i] != ">":
        i += 1
    if i >= size:
        raise HtmlError(f"Unclosed start tag {_at(html, begin)}")
    tag = html[begin + 1 : i].lower()
    if tag not in TAGS:
        raise HtmlError(f'Unsupported start tag "{tag}" {_at(html, begin)}')
    attrs: dict[str, str] = {}
    while True:
        while i < size and html[i] in _SPACE:
            i += 1
        if i >= size:
            raise HtmlError(f"Unclosed start tag {_at(html, begin)}")
        if html[i] == ">":
            break
        name_begin = i
        while i < size and html[i] not in _SPACE and html[i] not in "=>":
            i += 1
        attr = html[name_begin:i]
        if not attr:
            raise HtmlError(f'Empty attribute name in the tag "{tag}" {_at(html, begin)}')
        while i < size and html[i] in _SPACE:
            i += 1
        if i >= size or html[i] != "=":
            if tag == "blockquote" and attr.lower() == "expandable":
                attrs["expandable"] = ""
                continue
            raise HtmlError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" {_at(html, begin)}'
            )
        i += 1
        while i < size and html[i] in _SPACE:
            i += 1
        if i >= size:
            raise HtmlError(f'Unclosed start tag "{tag}" {_at(html, begin)}')
        value, i = _attribute_value(html, i)
        attrs[attr.lower()] = value
    argument = ""
    if tag == "a":
        argument = attrs.get("href", "")
    elif tag == "code" and attrs.get("class", "").startswith("language-"):
        argument = attrs["class"][len("language-") :]
    elif tag == "span":
        if attrs.get("class") != "tg-spoiler":
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" {_at(html, begin)}')
        argument = "spoiler"
    elif tag == "tg-emoji":
        argument = attrs.get("emoji-id", "")
    elif tag == "blockquote":
        argument = "expandable" if "expandable" in attrs else ""
    elif tag == "tg-time":
        argument = f"{attrs.get('unix', '')}|{attrs.get('format', '')}"
    stack.append((tag, argument, utf16, out_len))
    return i + 1


def _attribute_value(html: str, i: int) -> tuple[str, int]:
    size = len(html)
    quote = html[i]
    if quote not in "'\"":
        start = i
        while i < size and (html[i].isalnum() or html[i] in ".-"):
            i += 1
        if i < size and html[i] not in _SPACE and html[i] != ">":
            raise HtmlError(f"Unexpected end of name token {_at(html, start)}")
        return html[start:i].lower(), i
    i += 1
    value: list[str] = []
    while i < size and html[i] != quote:
        if html[i] == "&":
            decoded = _decode_entity(html, i, strict=False)
            if decoded is not None:
                value.append(decoded[0])
                i = decoded[1]
                continue
        value.append(html[i])
        i += 1
    return "".join(value), min(i + 1, size)


def _close_tag(
    html: str,
    begin: int,
    stack: list[tuple[str, str, int, int]],
    entities: list[dict[str, Any]],
    utf16: int,
    out: list[str],
) -> int:
    size = len(html)
    if not stack:
        raise HtmlError(f"Unexpected end tag {_at(html, begin)}")
    i = begin + 2
    while i < size and html[i] not in _SPACE and html[i] != ">":
        i += 1
    end_tag = html[begin + 2 : i].lower()
    while i < size and html[i] in _SPACE:
        i += 1
    if i >= size or html[i] != ">":
        raise HtmlError(f"Unclosed end tag {_at(html, begin)}")
    tag, argument, offset, out_index = stack.pop()
    if end_tag and end_tag != tag:
        raise HtmlError(
            f'Unmatched end tag {_at(html, begin)}, expected "</{tag}>", found "</{end_tag}>"'
        )
    if utf16 > offset:
        entity = _entity(tag, argument, offset, utf16 - offset, "".join(out[out_index:]), entities)
        if entity is not None:
            entities.append(entity)
    return i + 1


def _entity(
    tag: str, argument: str, offset: int, length: int, inner: str, entities: list[dict[str, Any]]
) -> dict[str, Any] | None:
    base: dict[str, Any] = {"offset": offset, "length": length}
    if tag in _SIMPLE:
        return {"type": _SIMPLE[tag], **base}
    if tag == "span":
        return {"type": "spoiler", **base}
    if tag == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise HtmlError("Invalid custom emoji identifier specified")
        return {"type": "custom_emoji", **base, "custom_emoji_id": argument}
    if tag == "tg-time":
        unix, _, fmt = argument.partition("|")
        if not unix.lstrip("-").isdigit():
            raise HtmlError("Invalid Unix time specified")
        return {
            "type": "date_time",
            **base,
            "unix_time": int(unix),
            **({"date_time_format": fmt} if fmt else {}),
        }
    if tag == "a":
        url = argument or inner
        if url.startswith("tg://user?id="):
            user_id = url.removeprefix("tg://user?id=")
            if user_id.isdigit():
                user = {"id": int(user_id), "is_bot": False, "first_name": inner or "User"}
                return {"type": "text_mention", **base, "user": user}
        if re.match(r"^(https?|tg|ton)://\S+$", url) or re.match(r"^[\w.-]+\.[a-z]{2,}\S*$", url):
            return {"type": "text_link", **base, "url": url}
        return None  # Telegram silently drops links it cannot check
    if tag == "blockquote":
        return {"type": "expandable_blockquote" if argument else "blockquote", **base}
    if tag == "code":
        last = entities[-1] if entities else None
        if last and last["type"] == "pre" and (last["offset"], last["length"]) == (offset, length):
            if argument:
                last["language"] = argument
            return None
        return {"type": "code", **base, **({"language": argument} if argument else {})}
    # <pre>: a directly nested <code class="language-x"> upgrades to pre+language.
    last = entities[-1] if entities else None
    if last and last["type"] == "code" and (last["offset"], last["length"]) == (offset, length):
        entities.pop()
        if "language" in last:
            return {"type": "pre", **base, "language": last["language"]}
    return {"type": "pre", **base}


def _strip(parsed: Parsed) -> Parsed:
    """Telegram trims surrounding whitespace and shifts/clips entities to match."""
    text = parsed.text
    stripped = text.strip()
    if stripped == text:
        return parsed
    lead = _utf16_len(text[: len(text) - len(text.lstrip())])
    total = _utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return Parsed(stripped, entities)

"""Telegram HTML → plain text for the terminal (the CLI shares the bot's renderer)."""

from __future__ import annotations

import re
from html import unescape

_TAG = re.compile(r"</?(?:b|i|u|s|code|pre|a)(?:\s[^>]*)?>")


def to_plain(html_text: str) -> str:
    """Drop the few tags the renderer uses and unescape entities."""
    return unescape(_TAG.sub("", html_text))

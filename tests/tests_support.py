"""Small readers of recorded fake-server calls, shared by the Telegram tests."""

from __future__ import annotations


def reply_text(call) -> str:
    """The text (or caption) the bot sent in a recorded call."""
    return call.params.get("text") or call.params.get("caption") or ""


def button_data(call) -> list[str]:
    """Callback data of every inline button in a recorded call, in order."""
    markup = call.params.get("reply_markup") or {}
    return [
        button["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for button in row
        if "callback_data" in button
    ]

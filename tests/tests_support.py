"""Shared by the Telegram tests: bot settings for the fake server, readers of its calls."""

from __future__ import annotations

from bot.config import Settings

USER = 1001
GROUP = -100200


def bot_settings(server, **overrides: object) -> Settings:
    """Settings pointing the bot at a fake Bot API server (no .env, no network)."""
    values = {
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.base_url,
        "NOF_PUBLICATION_URL": "http://127.0.0.1:9/unreachable",
        "NOF_WATCH_INTERVAL": "1d",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


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

"""telegram.md §4.3 as a table: each PTB exception → what the sender does."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.alerts.delivery_errors import classify, seconds_of
from bot.alerts.jobs import parse_interval


def caused(error, cause):
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "action"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), "deactivate"),
        (Forbidden("Forbidden: bot was kicked from the supergroup chat"), "deactivate"),
        (BadRequest("Chat not found"), "deactivate"),
        (BadRequest("Bad Request: group chat was deleted"), "deactivate"),
        (BadRequest("Can't parse entities: unclosed tag"), "failed"),
        (BadRequest("Message is too long"), "failed"),
        (ChatMigrated(-1001234), "migrated"),
        (InvalidToken("Unauthorized"), "abort"),
        (caused(TimedOut(), httpx.ReadTimeout("read")), "unknown"),
        (caused(TimedOut(), httpx.ConnectTimeout("connect")), "retry"),
        (TimedOut("Pool timeout: ... Request was *not* sent to Telegram."), "retry"),
        (
            caused(NetworkError("httpx.RemoteProtocolError: x"), httpx.RemoteProtocolError("x")),
            "unknown",
        ),
        (caused(NetworkError("httpx.ConnectError: refused"), httpx.ConnectError("x")), "retry"),
        (NetworkError("Bad Gateway"), "retry"),
    ],
)
def test_each_error_has_its_action(error, action):
    assert classify(error).action == action


def test_migration_carries_the_new_id():
    assert classify(ChatMigrated(-1001234)).new_chat_id == -1001234


def test_retry_after_as_timedelta_or_int(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    assert classify(RetryAfter(timedelta(seconds=7))).seconds == 7
    assert seconds_of(3) == 3.0 and seconds_of(timedelta(milliseconds=1500)) == 1.5


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("90m", 5400), ("6h", 21600), ("1d", 86400), ("45", 45)]
)
def test_watch_intervals(text, seconds):
    assert parse_interval(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "soon", "0s", "1w", "-5m"])
def test_bad_watch_intervals(text):
    with pytest.raises(ValueError):
        parse_interval(text)

"""Flood protection: a burst is cut off with exactly one warning, then the window reopens."""

from bot.flood import FloodGuard


def test_limit_then_one_warning_then_drop_then_recovery():
    guard = FloodGuard(limit=3, window=10)
    verdicts = [guard.check(1, t) for t in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)]
    assert verdicts == ["ok", "ok", "ok", "warn", "drop", "drop"]
    assert guard.check(1, 10.5) == "ok"  # older messages left the window


def test_chats_are_independent():
    guard = FloodGuard(limit=1, window=10)
    assert guard.check(1, 0) == "ok"
    assert guard.check(2, 0) == "ok"
    assert guard.check(1, 1) == "warn"


def test_memory_is_bounded():
    guard = FloodGuard(limit=1, window=1, max_chats=100)
    for chat in range(1000):
        guard.check(chat, chat * 2.0)
    assert len(guard._seen) <= 101

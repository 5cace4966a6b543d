"""Splitting long messages under Telegram's 4096-character limit."""

from bot.rendering.limits import MESSAGE_LIMIT, split_message


def test_short_text_is_one_part():
    assert split_message("a\nb") == ["a\nb"]


def test_long_text_splits_at_line_breaks_without_losing_lines():
    lines = [f"{i}. Some NHS Foundation Trust — segment 3, 2.57" for i in range(400)]
    parts = split_message("\n".join(lines))
    assert len(parts) > 1
    assert all(len(p) <= MESSAGE_LIMIT for p in parts)
    assert "\n".join(parts).split("\n") == lines


def test_a_single_overlong_line_is_cut():
    parts = split_message("x" * 9000)
    assert [len(p) for p in parts] == [4096, 4096, 808]

"""Pacing against a fake clock: even spacing, per-chat and per-group limits, RetryAfter pause."""

from __future__ import annotations

import pytest

from bot.alerts.pacing import Pacer, PacingLimits


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def send_all(pacer: Pacer, clock: FakeClock, chats) -> list[float]:
    """Reserve and 'send' each message at its slot; returns the send times."""
    times = []
    for chat in chats:
        wait = pacer.reserve(chat)
        assert wait is not None
        clock.now += wait
        times.append(clock.now)
    return times


def max_in_window(times: list[float], span: float) -> int:
    eps = 1e-6  # float sums of 1/rate land a hair early
    return max(sum(1 for t in times if start <= t < start + span - eps) for start in times)


def test_overall_rate_is_evenly_spaced():
    clock = FakeClock()
    pacer = Pacer(PacingLimits(max_per_second=25), clock)
    times = send_all(pacer, clock, range(1, 251))
    assert max_in_window(times, 1.0) == 25
    assert times[-1] - times[0] == pytest.approx(249 / 25)


def test_concurrent_reservations_book_distinct_slots():
    clock = FakeClock()
    pacer = Pacer(PacingLimits(max_per_second=10), clock)
    waits = [pacer.reserve(chat) for chat in range(1, 6)]
    assert waits == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4])


def test_same_private_chat_waits_a_second_and_far_waits_are_refused():
    clock = FakeClock()
    pacer = Pacer(PacingLimits(max_per_second=25, private_interval=1.0), clock)
    assert pacer.reserve(42) == 0.0
    assert pacer.reserve(42) == pytest.approx(1.0)
    assert pacer.reserve(42, max_chat_wait=1.5) is None  # would be 2 s away: try it later
    assert pacer.chat_ready_in(42) == pytest.approx(2.0)


def test_group_gets_at_most_20_a_minute():
    clock = FakeClock()
    pacer = Pacer(
        PacingLimits(max_per_second=25, private_interval=1.0, group_per_minute=20), clock
    )
    times = []
    while len(times) < 45:
        wait = pacer.reserve(-100, max_chat_wait=60)
        clock.now += wait
        times.append(clock.now)
    assert max_in_window(times, 60.0) == 20
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(times, times[1:], strict=False))


def test_retry_after_pauses_everyone():
    clock = FakeClock()
    pacer = Pacer(PacingLimits(max_per_second=25), clock)
    pacer.reserve(1)
    pacer.pause(5)
    assert pacer.pause_remaining() == pytest.approx(5)
    assert pacer.reserve(2) == pytest.approx(5)
    assert pacer.reserve(3) == pytest.approx(5.04)
    clock.now += 10
    assert pacer.pause_remaining() == 0


def test_scaled_limits():
    scaled = PacingLimits().scaled(10)
    assert (scaled.max_per_second, scaled.private_interval, scaled.group_per_minute) == (
        250,
        0.1,
        200,
    )


def test_many_chats_do_not_grow_memory_without_bound():
    clock = FakeClock()
    pacer = Pacer(PacingLimits(max_per_second=1000), clock)
    send_all(pacer, clock, range(1, 200_001))
    assert len(pacer._chat_last) <= 130_000  # roughly the last minute's chats, amortised

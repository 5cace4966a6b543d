"""The digest's wording, escaping and length (Telegram HTML, ≤ 4096 characters)."""

from __future__ import annotations

from alert_builders import change
from fake_bot_api import parse_html

from bot.alerts.digest import DigestContext, render_digest

CTX = DigestContext("Q4 2025/26", "Q3 2025/26", bot_username="nhs_league_test_bot")


def plain(html: str) -> str:
    return parse_html(html).text


def test_a_move_up_with_rank_score_and_link():
    text = render_digest([change("RX6", 2, 1, name="North East Ambulance")], CTX)
    assert "NHS England has published Q4 2025/26" in plain(text)
    assert "compared with Q3 2025/26" in plain(text)
    assert (
        "🔺 North East Ambulance\nUp from segment 2 to 1 · rank 5th → 2nd of 10 ambulance "
        "trusts · score 2.33 → 1.88\nMore about this trust" in plain(text)
    )
    assert '<a href="https://t.me/nhs_league_test_bot?start=t_RX6">' in text


def test_deficit_cap_applied_and_removed_are_explained():
    capped = change("RYA", 2, 3, is_cap_applied=True, current_unadjusted_segment=1)
    freed = change("RYE", 3, 2, is_cap_removed=True)
    text = plain(render_digest([capped, freed], CTX))
    assert "The deficit cap now applies" in text
    assert "its scores alone would place it in segment 1" in text
    assert "The deficit cap no longer applies" in text


def test_unchanged_trust_in_every_quarter_mode():
    text = plain(render_digest([change("RX8", 1, 1)], CTX))
    assert "▫️ Trust RX8\nStill segment 1" in text


def test_names_are_escaped_and_no_link_without_a_username():
    text = render_digest(
        [change("RX6", 2, 1, name="St <Mary> & Co")], DigestContext("Q4 2025/26", "Q3 2025/26")
    )
    assert "St &lt;Mary&gt; &amp; Co" in text
    assert "<a " not in text
    assert "St <Mary> & Co" in plain(text)


def test_methodology_change_is_flagged():
    ctx = DigestContext("Q1 2026/27", "Q4 2025/26", crosses_methodology_year=True)
    assert "changed its method" in plain(render_digest([change("RX6", 2, 1)], ctx))


def test_long_digests_become_compact_then_truncated_but_stay_valid():
    many = [
        change(f"R{i:02d}", 2, 3, name=f"Trust number {i} NHS Foundation Trust") for i in range(40)
    ]
    compact = render_digest(many, CTX)
    assert len(compact) <= 4096 and "More about this trust" not in compact
    assert "Trust number 39 NHS Foundation Trust: segment 2 → 3, rank 2nd" in plain(compact)
    huge = [change(f"R{i:03d}", 2, 3, name="A very long trust name " * 4) for i in range(200)]
    text = render_digest(huge, CTX)
    assert len(text) <= 4096
    kept = plain(text).count("🔻")
    assert f"…and {200 - kept} more." in plain(text)
    assert plain(text).endswith("Source: NHS England, NHS Oversight Framework, Q4 2025/26.")

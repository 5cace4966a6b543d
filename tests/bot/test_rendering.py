"""Rendering: Telegram-valid HTML with every dynamic string escaped, neutral wording."""

from __future__ import annotations

from dataclasses import replace

from fake_bot_api import parse_html

from bot.rendering.html import render
from bot.rendering.plain import to_plain
from bot.usecases.trusts import trust_report
from bot.views import Ambiguous, Candidate, Notice

ODD_NAME = "Barking, Havering & Redbridge <Test> Trust's"


def test_trust_report_escapes_names_and_is_valid_telegram_html(services):
    report = trust_report(services, "RR8", "Q1 2025/26")
    odd = replace(report, standing=replace(report.standing, trust_name=ODD_NAME))
    html = render(odd)
    parse_html(html)  # raises on anything Telegram would reject
    assert "Barking, Havering &amp; Redbridge &lt;Test&gt; Trust's" in html
    assert to_plain(html).startswith(ODD_NAME)


def test_trust_report_states_the_published_figures_and_the_cap(services):
    text = to_plain(render(trust_report(services, "RR8", "Q1 2025/26")))
    assert "Segment 3 of 4 · 96th of 134 acute trusts" in text
    assert "Average metric score 2.57" in text
    assert "in deficit" in text
    assert "To reach segment 2, its average score would need to improve by 0.25" in text
    assert "Source: NHS England" in text
    for judgement in ("best", "worst performing", "good", "bad", "poor"):
        assert f" {judgement} " not in text.replace("1.00 is best, 4.00 is worst", "")


def test_capped_trust_says_why(services):
    league = services.league
    capped = next(s for q in league.quarters for s in league.table(q) if s.is_capped)
    text = to_plain(render(trust_report(services, capped.trust_code, capped.quarter)))
    assert "Capped at segment 3 because the trust is in deficit" in text
    assert f"would place it in segment {capped.unadjusted_segment}" in text


def test_change_since_last_quarter(services):
    text = to_plain(render(trust_report(services, "RR8", "Q2 2025/26")))
    assert "Since Q1 2025/26:" in text and "rank 96 →" in text


def test_ambiguity_and_notices_are_valid_html():
    amb = Ambiguous("St James's & co", (Candidate("RR8", "St James's <Leeds>"),), "lookup")
    for view in (amb, Notice("help"), Notice("not_understood"),
                 Notice("unknown_quarter", "Q9 <x>", {"quarters": ["Q1 2025/26"]})):  # fmt: skip
        parse_html(render(view))

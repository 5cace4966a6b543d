"""Small wording helpers shared by the renderers: ordinals, numbers, quarter sources."""

from __future__ import annotations

from html import escape

SOURCE = "Source: NHS England, NHS Oversight Framework"
LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0."


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st…"""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def score(value: float) -> str:
    """Scores are published to 2 d.p."""
    return f"{value:.2f}"


def number(value: float | None, unit: str = "") -> str:
    """A metric value as published (trailing zeros trimmed), with its unit."""
    if value is None:
        return "not published"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def h(text: object) -> str:
    """Escape any dynamic string for Telegram HTML (trust names contain & and ')."""
    return escape(str(text), quote=False)


def source_line(quarter: str) -> str:
    """The attribution every answer ends with."""
    return f"<i>{h(SOURCE)}, {h(quarter)}.</i>"

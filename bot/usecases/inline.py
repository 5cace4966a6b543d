"""Inline mode: trust cards to share in any chat (`@ourbot leeds`)."""

from __future__ import annotations

from bot.services import Services
from bot.usecases.ask import resolve_quarter
from bot.usecases.trusts import trust_report
from bot.views import Notice, TrustReport

MAX_RESULTS = 8


def inline_reports(services: Services, text: str) -> list[TrustReport]:
    """Reports for the trusts a query names, or the candidates of an ambiguous name."""
    if not text.strip():
        return []
    quarter = resolve_quarter(services, None)
    if isinstance(quarter, Notice):
        return []
    u = services.understander.understand(text)
    codes = list(dict.fromkeys([*u.trust_codes, *u.candidates]))[:MAX_RESULTS]
    reports = [trust_report(services, code, quarter) for code in codes]
    return [r for r in reports if isinstance(r, TrustReport)]

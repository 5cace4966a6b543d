"""What a /follow argument names: trusts (via the message understander), a region, an ICB,
and how often to hear about them. Telegram-free and read-only."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.services import Services
from bot.understanding import Intent
from db.alert_models import CHANGES, EVERY, ICB, REGION, TRUST

_EVERY = re.compile(r"\b(?:(?:every|each)\s+quarter|quarterly|always)\b", re.IGNORECASE)
_CHANGES = re.compile(
    r"\b(?:(?:only\s+)?(?:when|if)\s+(?:the\s+|its\s+)?segment\s+changes|changes\s+only|"
    r"only\s+changes)\b",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^\s*(region|icb)\b\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    """Something a chat can follow, with the name to show."""

    kind: str
    target: str
    label: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trust an ambiguous name could mean (offered as a button)."""

    trust_code: str
    label: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a /follow or /unfollow argument names: targets, or trusts to choose from."""

    targets: tuple[Target, ...] = ()
    candidates: tuple[Candidate, ...] = ()


def split_mode(text: str) -> tuple[str, str | None]:
    """Take "every quarter" / "only when the segment changes" off a /follow argument."""
    if _EVERY.search(text):
        return " ".join(_EVERY.sub(" ", text).split()), EVERY
    if _CHANGES.search(text):
        return " ".join(_CHANGES.sub(" ", text).split()), CHANGES
    return " ".join(text.split()), None


def label_of(services: Services, kind: str, target: str) -> str:
    """The name to show for a follow target."""
    if kind == TRUST:
        return services.league.trust_name(target) or _reference_name(services, target) or target
    if kind == ICB:
        icb = next((i for i in services.reference.icbs if i.icb_code == target), None)
        return icb.icb_name if icb else target
    return target


def resolve_targets(services: Services, text: str) -> Resolution:
    """Trusts by name or code; `region X`; `icb X`; else a region or ICB named in the text."""
    prefix = _PREFIX.match(text)
    if prefix:
        kind, rest = prefix[1].lower(), prefix[2]
        found = _region(services, rest) if kind == REGION else _icb(services, rest)
        return Resolution((found,) if found else ())
    icb = _icb_by_code(services, text)
    if icb:
        return Resolution((icb,))
    understood = services.understander.understand(text, intent_hint=Intent.SUBSCRIBE)
    trusts = tuple(Target(TRUST, c, label_of(services, TRUST, c)) for c in understood.trust_codes)
    mention = understood.ambiguous_text
    candidates = tuple(
        Candidate(c, services.understander.candidate_label(c, mention))
        for c in understood.candidates
    )
    if trusts or candidates:
        return Resolution(trusts, candidates)
    area = _exact_region(services, text) or _area(services, text)
    return Resolution((area,) if area else ())


def _plain(text: str) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("&", " and "))
    text = re.sub(r"^(?:the )|(?: region)$", "", " ".join(text.split()))
    return text.strip()


def _regions(services: Services) -> set[str]:
    names = {t.region for t in services.reference.trusts}
    latest = services.league.latest
    if latest:
        names.update(s.region for s in services.league.table(latest))
    return names


def _exact_region(services: Services, text: str) -> Target | None:
    wanted = _plain(text)
    name = next((n for n in sorted(_regions(services)) if wanted and _plain(n) == wanted), None)
    return Target(REGION, name, name) if name else None


def _region(services: Services, text: str) -> Target | None:
    found = _exact_region(services, text)
    if found:
        return found
    region = services.understander.understand(text, intent_hint=Intent.REGION_LIST).region
    return Target(REGION, region, region) if region else None


def _area(services: Services, text: str) -> Target | None:
    """An ICB named in the text ("West Yorkshire"), else a region ("the north west")."""
    area = services.understander.understand(text, intent_hint=Intent.REGION_LIST)
    if area.icb_code:
        return _icb_by_code(services, area.icb_code)
    return Target(REGION, area.region, area.region) if area.region else None


def _icb_by_code(services: Services, text: str) -> Target | None:
    code = text.strip().upper()
    icb = next((i for i in services.reference.icbs if i.icb_code == code), None)
    return Target(ICB, icb.icb_code, icb.icb_name) if icb else None


def _icb(services: Services, text: str) -> Target | None:
    found = _icb_by_code(services, text)
    if found:
        return found
    code = services.understander.understand(text, intent_hint=Intent.REGION_LIST).icb_code
    return _icb_by_code(services, code) if code else None


def _reference_name(services: Services, code: str) -> str | None:
    return next((t.trust_name for t in services.reference.trusts if t.trust_code == code), None)

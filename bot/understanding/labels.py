"""Button labels for candidates of an ambiguous mention ("which one did you mean?").

With the mention, a candidate is labelled by the site it most likely means ("Queen Elizabeth
Hospital Birmingham (RRK)" for "the QE"); otherwise by the trust's everyday name, with the
town of its main hospital when the name does not say where it is.
"""

from __future__ import annotations

import re

from bot.understanding.alias_index import AliasIndex
from bot.understanding.normalise import NOISE, key_tokens, tokenise
from db.reference import SiteRef

_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)")
_MAX_ACRONYM = 5


def _initials(name: str) -> str:
    return "".join(
        t.plain[0] for t in tokenise(name) if t.plain not in NOISE and t.plain.isalpha()
    )


def _site_matches(site: SiteRef, mention_key: tuple[str, ...], acronym: str | None) -> bool:
    site_key = key_tokens(site.site_name)
    n = len(mention_key)
    if n and any(site_key[i : i + n] == mention_key for i in range(len(site_key) - n + 1)):
        return True
    return acronym is not None and _initials(site.site_name).startswith(acronym)


def _site_label(site: SiteRef, code: str) -> str:
    inner = _PARENTHESIS.search(site.site_name)
    name = _PARENTHESIS.sub("", site.site_name)
    where = inner.group(1) if inner and not re.fullmatch(r"[A-Z0-9-]+", inner.group(1)) else ""
    where = where or site.town
    if where and where.lower() not in name.lower():
        name = f"{name}, {where}"
    return f"{name} ({code})"


def candidate_label(index: AliasIndex, trust_code: str, mention: str | None = None) -> str:
    """A short label for a candidate trust, for a button or a list."""
    trust = index.trusts.get(trust_code)
    if trust is None:
        return trust_code
    sites = index.sites_by_trust.get(trust_code, ())
    if mention:
        key = key_tokens(mention)
        entry = index.entries.get(" ".join(key))
        if not (entry and entry.town):
            short = len(key) == 1 and key[0].isalpha() and len(key[0]) <= _MAX_ACRONYM
            acronym = key[0] if short else None
            ordered = sorted(sites, key=lambda s: not s.is_main_acute_site)
            site = next((s for s in ordered if _site_matches(s, key, acronym)), None)
            if site is not None:
                return _site_label(site, trust_code)
    name = trust.short_name
    main = next((s for s in sites if s.is_main_acute_site), None)
    if main is not None and main.town.lower() not in name.lower() and main.town != "London":
        town_words = set(key_tokens(main.town))
        if not town_words & set(key_tokens(name)):
            name = f"{name}, {main.town}"
    return f"{name} ({trust_code})"

"""Names people use for hospital sites, read from `sites.csv` (levels as in `alias_sources`).

Besides the site names and their short forms ("Royal Stoke University Hospital" -> "Royal
Stoke"), two habits of speech are covered:
- a royal title is dropped when the rest is one distinctive word that is no place: people say
  "Papworth" for Royal Papworth Hospital (but "Derby" stays the town, "Free" a word);
- main hospitals go by their initials typed in capitals ("QEH", "RBH"), which is ambiguous
  when several hospitals share the initials - as it is in speech.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.understanding.alias_sources import (
    HOSPITAL_WORDS,
    INITIALISM,
    PLACE,
    REGION_KEYS,
    RESERVED_INITIALISMS,
    SITE,
    SITE_GENERIC,
    AliasCandidate,
    distinctive,
    is_place,
    place_heads,
    short_forms,
    without_parenthesis,
)
from bot.understanding.normalise import NOISE, key_tokens, stem, tokenise
from db.reference import ReferenceData, SiteRef

# Dropped from the end of site names ("Royal Stoke University Hospital" -> "Royal Stoke").
_SITE_TAIL = frozenset(
    {
        stem(w)
        for w in "hospital hospitals university general district community "
        "memorial war infirmary".split()
    }
)
_TITLES = frozenset({"royal"})
_MIN_TITLE_REST = 5
_INITIALS = range(3, 6)


def site_variants(name: str, places: frozenset[str]) -> set[tuple[str, ...]]:
    """Key forms of a site name: with and without a parenthesis, each side of "A and B
    Hospital", and without a trailing town ("Queen Elizabeth Hospital Gateshead")."""
    bare, inner = without_parenthesis(name)
    variants = {key_tokens(bare)}
    if inner:
        variants.add(key_tokens(f"{bare} {inner}"))
    sides = re.split(r"\s+(?:and|&)\s+", bare)
    if len(sides) == 2:
        variants.update(key_tokens(side) for side in sides)
    for tokens in list(variants):
        if HOSPITAL_WORDS & set(tokens[1:]):
            last = max(i for i, t in enumerate(tokens) if t in HOSPITAL_WORDS)
            if last < len(tokens) - 1 and is_place(tokens[last + 1 :], places):
                variants.add(tokens[: last + 1])
    variants.discard(())
    return variants


def _untitled(tokens: tuple[str, ...], places: frozenset[str]) -> tuple[str, ...] | None:
    """ "papworth" of "Royal Papworth Hospital", if that one word names nothing else."""
    if len(tokens) != 3 or tokens[0] not in _TITLES or tokens[2] not in HOSPITAL_WORDS:
        return None
    rest = tokens[1:2]
    if len(rest[0]) < _MIN_TITLE_REST or not distinctive(rest) or is_place(rest, places):
        return None
    return rest


def _initials(site: SiteRef) -> str | None:
    """ "qeh" of "Queen Elizabeth Hospital Gateshead": initials up to the hospital word."""
    words = [t.plain for t in tokenise(without_parenthesis(site.site_name)[0])]
    ends = [i for i, w in enumerate(words) if stem(w) in HOSPITAL_WORDS]
    if not ends:
        return None
    core = "".join(w[0] for w in words[: ends[-1] + 1] if w not in NOISE and w.isalpha())
    return core if len(core) in _INITIALS and core not in RESERVED_INITIALISMS else None


def site_names(reference: ReferenceData, places: frozenset[str]) -> Iterator[AliasCandidate]:
    """Site names and their short forms; one-word forms only for "X Hospital" names."""
    for site in reference.sites:
        for tokens in site_variants(site.site_name, places):
            hospital_named = bool(HOSPITAL_WORDS & set(tokens))
            for short in (tokens, *short_forms(tokens, _SITE_TAIL)):
                if len(short) == 1 and not hospital_named:
                    continue
                if distinctive(short, generic=SITE_GENERIC):
                    yield AliasCandidate(short, (site.trust_code,), SITE, site.site_name)
            untitled = _untitled(tokens, places)
            if untitled:
                yield AliasCandidate(untitled, (site.trust_code,), SITE, site.site_name)
        if site.is_main_acute_site:
            initials = _initials(site)
            if initials:
                yield AliasCandidate(
                    (stem(initials),), (site.trust_code,), INITIALISM, site.site_name,
                    upper_only=True,
                )  # fmt: skip
            town = key_tokens(site.town)
            if town and is_place(town, places) and " ".join(town) not in REGION_KEYS:
                for place in (town, *place_heads(town, places)):
                    yield AliasCandidate(place, (site.trust_code,), PLACE, site.town, place=True)

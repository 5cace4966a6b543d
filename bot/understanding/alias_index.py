"""The alias index: normalised key -> trusts, plus what fuzzy matching needs.

Facts from `alias_sources` are merged per key: the most trusted source wins, and several
trusts at that level make the key ambiguous (ambiguity is data, not an error). Built once per
process from `ReferenceData` (under 0.1 s); lookups are plain dict hits.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from bot.understanding.alias_sites import site_names
from bot.understanding.alias_sources import (
    COMMON,
    CURATED,
    DERIVED,
    GENERIC,
    INITIALISM,
    SITE,
    TRUST_NAME,
    AliasCandidate,
    curated,
    gazetteer,
    stems,
    trust_names,
)
from bot.understanding.normalise import key_of, key_tokens
from bot.understanding.vocabulary import CONTEXT_ONLY
from db.reference import ReferenceData, SiteRef, TrustRef

_CONTEXT_ONLY = stems(CONTEXT_ONLY)
_MAX_ANCHOR_KEYS = 40


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """What one key means.

    `wordlike`: also an ordinary word or has another everyday meaning ("kings", "MRI"), so it
    needs a sign of a name. `needs_the`: a one-word nickname only said with "the" ("the Alex").
    `upper_only`: codes and generated initialisms, counted only when typed in capitals.
    `place`: a town or county, which can also qualify another mention ("the QE in Gateshead");
    `town`: the name means the place itself (not a hospital that shares its name), so the
    candidates are labelled by trust rather than by site.
    """

    key: str
    codes: tuple[str, ...]
    level: int
    label: str
    place: bool = False
    town: bool = False
    wordlike: bool = False
    needs_the: bool = False
    upper_only: bool = False

    @property
    def n_tokens(self) -> int:
        """Length of the key in words."""
        return self.key.count(" ") + 1


@dataclass(frozen=True, slots=True)
class AliasIndex:
    """Keys, their prefixes (to stop n-gram growth early), places' areas and fuzzy aids."""

    entries: Mapping[str, AliasEntry]
    prefixes: frozenset[str]
    max_tokens: int
    areas: Mapping[str, frozenset[str]]
    vocabulary: frozenset[str]
    spelling: Mapping[str, tuple[str, ...]]
    anchors: Mapping[str, tuple[str, ...]]
    common: frozenset[str]
    trusts: Mapping[str, TrustRef]
    sites_by_trust: Mapping[str, tuple[SiteRef, ...]]


def _merge(key: str, facts: list[AliasCandidate], areas: frozenset[str]) -> AliasEntry:
    best = min(f.level for f in facts)
    # Curated rows are deliberate; names and sites of different trusts sharing a key are a
    # real ambiguity, so levels 1-3 are pooled; places and initialisms only fill gaps.
    pooled = {best} if best == CURATED or best > SITE else {TRUST_NAME, DERIVED, SITE}
    kept = [f for f in facts if f.level in pooled]
    codes = tuple(dict.fromkeys(code for f in kept for code in f.codes))
    named = [f for f in facts if f.level <= SITE]  # another source may drop the "the"
    single = " " not in key
    wordlike = single and (key in COMMON or key in _CONTEXT_ONLY) and best < INITIALISM
    return AliasEntry(
        key=key,
        codes=codes,
        level=best,
        label=kept[0].label,
        # A short form that is also an ICB's name ("Black Country") is an area first.
        place=any(f.place for f in facts) or (key in areas and best >= DERIVED),
        town=all(f.place for f in kept),
        wordlike=wordlike,
        needs_the=bool(named) and all(f.needs_the for f in named),
        upper_only=all(f.upper_only for f in kept),
    )


def _areas(
    entries: Mapping[str, AliasEntry],
    facts: Mapping[str, list[AliasCandidate]],
    sites: Iterable[SiteRef],
) -> dict[str, frozenset[str]]:
    """For each place, every trust with a site there or the place in its name.

    Site names are cut into word n-grams once, so each place is a dict hit rather than a
    scan of every site name (which was a sixth of the build time).
    """
    places = {key: key.count(" ") + 1 for key, entry in entries.items() if entry.place}
    longest = max(places.values(), default=1)
    by_town: dict[str, set[str]] = defaultdict(set)
    in_name: dict[str, set[str]] = defaultdict(set)
    for site in sites:
        by_town[" ".join(key_tokens(site.town))].add(site.trust_code)
        words = key_tokens(site.site_name)
        for n in range(1, longest + 1):
            for i in range(len(words) - n + 1):
                gram = " ".join(words[i : i + n])
                if gram in places:
                    in_name[gram].add(site.trust_code)
    return {
        key: frozenset(
            {c for f in facts[key] for c in f.codes} | by_town.get(key, set()) | in_name[key]
        )
        for key in places
    }


def all_candidates(reference: ReferenceData) -> Iterator[AliasCandidate]:
    """Every alias fact of the reference data."""
    places = gazetteer(reference)
    yield from curated(reference)
    yield from trust_names(reference, places)
    yield from site_names(reference, places)


def build_index(reference: ReferenceData) -> AliasIndex:
    """Merge every alias fact of the reference data into the index."""
    facts: dict[str, list[AliasCandidate]] = defaultdict(list)
    for fact in all_candidates(reference):
        if fact.tokens and fact.codes:
            facts[" ".join(fact.tokens)].append(fact)
    icbs = frozenset(key_of(re.sub(r"\b(NHS|ICB)\b", " ", i.icb_name)) for i in reference.icbs)
    entries = {key: _merge(key, group, icbs) for key, group in facts.items()}
    prefixes = {key.rsplit(" ", n)[0] for key in entries for n in range(key.count(" ") + 1)}
    words = {
        w
        for e in entries.values()
        if e.level < INITIALISM and not e.upper_only
        for w in e.key.split()
        if w.isalpha() and len(w) >= 4
    }
    spelling: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        spelling[word[0]].append(word)
    anchor_lists: dict[str, list[str]] = defaultdict(list)
    for entry in entries.values():
        if entry.n_tokens > 1 and entry.level <= SITE:
            for word in set(entry.key.split()):
                if word in words and word not in GENERIC and word not in COMMON:
                    anchor_lists[word].append(entry.key)
    anchors = {
        w: tuple(sorted(keys)) for w, keys in anchor_lists.items() if len(keys) <= _MAX_ANCHOR_KEYS
    }
    sites_by_trust: dict[str, list[SiteRef]] = defaultdict(list)
    for site in reference.sites:
        sites_by_trust[site.trust_code].append(site)
    return AliasIndex(
        entries=entries,
        prefixes=frozenset(prefixes),
        max_tokens=max(e.n_tokens for e in entries.values()),
        areas=_areas(entries, facts, reference.sites),
        vocabulary=frozenset(words),
        spelling={k: tuple(v) for k, v in spelling.items()},
        anchors=anchors,
        common=COMMON,
        trusts={t.trust_code: t for t in reference.trusts},
        sites_by_trust={k: tuple(v) for k, v in sites_by_trust.items()},
    )

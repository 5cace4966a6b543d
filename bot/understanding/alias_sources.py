"""Every name a trust goes by, read from the reference data, with where it came from.

Sources, most trusted first (the `level`): 0 the curated `aliases.csv`; 1 official and short
trust names, ODS codes, former codes and merged trusts' names; 2 names derived by dropping
generic words ("Royal Cornwall Hospitals" -> "Royal Cornwall"); 3 hospital site names and
their short forms ("Derriford Hospital" -> "Derriford"); 4 place names found in trust names and
the towns of main acute sites; 5 generated initialisms ("UHCW"), which must be typed in capitals.
Site names are read in `alias_sites`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.understanding.normalise import NOISE, key_tokens, stem, tokenise
from bot.understanding.vocabulary import (
    COMMON_WORDS,
    COUNTIES,
    FIRST_NAMES,
    GENERIC_WORDS,
    REGION_SYNONYMS,
    REGION_WORDS,
)
from db.reference import ReferenceData

CURATED, TRUST_NAME, DERIVED, SITE, PLACE, INITIALISM = range(6)

_PARENTHESIS = re.compile(r"\(([^)]*)\)")
_CODE_LIKE = re.compile(r"^[A-Z0-9-]{4,7}$")
# Dropped from the end of trust names to make everyday short forms.
_TRUST_TAIL = frozenset(
    {
        stem(w)
        for w in "hospitals hospital university teaching healthcare health care "
        "services service partnership community group integrated combined".split()
    }
)
_PLACE_LINKS = frozenset({"upon", "on", "under", "super", "le", "in"})
HOSPITAL_WORDS = frozenset(stem(w) for w in ("hospital", "infirmary", "hospice"))
# Acronyms that mean something else in NHS talk, never generated as trust initialisms.
RESERVED_INITIALISMS = frozenset(
    "nhs icb icbs cqc gp rtt fds ae nof mri ct icu itu uk bbc lol omg wtf btw fyi tbh imo nice "
    "ons ccg dhsc nhse ukhsa ceo cfo hr it pals".split()
)


def stems(words: frozenset[str]) -> frozenset[str]:
    """A word list in key form."""
    return frozenset(stem(w) for w in words)


COMMON = stems(COMMON_WORDS)
GENERIC = stems(GENERIC_WORDS)
NAMES = stems(FIRST_NAMES)
REGIONS = stems(REGION_WORDS)
REGION_KEYS = frozenset(" ".join(key_tokens(phrase)) for phrase, _ in REGION_SYNONYMS)
COUNTY_KEYS = stems(COUNTIES)
SITE_GENERIC = GENERIC - stems(frozenset({"queen", "princess", "prince"}))


@dataclass(frozen=True, slots=True)
class AliasCandidate:
    """One (name -> trusts) fact from one source, before keys are merged."""

    tokens: tuple[str, ...]
    codes: tuple[str, ...]
    level: int
    label: str
    place: bool = False
    needs_the: bool = False
    upper_only: bool = False


def distinctive(
    tokens: tuple[str, ...], *, full_name: bool = False, generic: frozenset[str] = GENERIC
) -> bool:
    """True when a key could name one organisation, not a region or a generic phrase.

    A trust's full name always qualifies ("Northern Care Alliance"); a shortened trust name
    of three words may be all generic words ("North West Ambulance"); anything else needs a
    word that is not generic ("Royal Derby", not "Royal Infirmary"); for site names a royal
    title counts ("Queen's Hospital" names two hospitals, not any hospital).
    """
    if not tokens or " ".join(tokens) in REGION_KEYS:
        return False
    if len(tokens) == 1:
        (word,) = tokens
        return (
            len(word) >= 4
            and word not in GENERIC
            and word not in COMMON
            and word not in NAMES
            and word not in REGIONS
        )
    return full_name or any(t not in generic for t in tokens)


def without_parenthesis(name: str) -> tuple[str, str | None]:
    """A name without its parenthesis, and what the parenthesis said (unless a code)."""
    inner = _PARENTHESIS.search(name)
    bare = " ".join(_PARENTHESIS.sub(" ", name).split())
    if inner is None or _CODE_LIKE.match(inner.group(1).strip()):
        return bare, None
    return bare, inner.group(1)


def gazetteer(reference: ReferenceData) -> frozenset[str]:
    """Place names (as keys) from postcode districts and site towns: to spot towns in names."""
    # 3,114 districts repeat the same town names many times: normalise each string once.
    names: set[str] = {site.town for site in reference.sites}
    for district in reference.postcode_districts:
        names.update(
            without_parenthesis(part)[0] if "(" in part else part.strip()
            for part in district.town_area.split(",")
        )
    places = {" ".join(key_tokens(name)) for name in names}
    places.discard("")
    return frozenset(places)


def is_place(tokens: tuple[str, ...], places: frozenset[str]) -> bool:
    """True when a key is a town or county (never a region, a generic or a given name)."""
    joined = " ".join(tokens)
    if joined in REGION_KEYS:
        return False
    if len(tokens) == 1:
        word = tokens[0]
        if word in GENERIC or word in REGIONS or word in NAMES or len(word) < 3:
            return False
        return joined in places or word in COUNTY_KEYS or word.endswith("shire")
    return joined in places


def places_in(tokens: tuple[str, ...], places: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """Longest place names inside a key, left to right ("Maidstone and Tunbridge Wells"),
    and the head of "X upon Y" names ("Newcastle upon Tyne" -> also "Newcastle")."""
    i = 0
    while i < len(tokens):
        for n in range(min(4, len(tokens) - i), 0, -1):
            if is_place(tokens[i : i + n], places):
                yield tokens[i : i + n]
                yield from place_heads(tokens[i : i + n], places)
                i += n
                break
        else:
            i += 1


def place_heads(tokens: tuple[str, ...], places: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """ "Newcastle" of "Newcastle upon Tyne", "Stoke" of "Stoke on Trent"."""
    for i, word in enumerate(tokens[1:], start=1):
        if word in _PLACE_LINKS and is_place(tokens[:i], places | {" ".join(tokens[:i])}):
            yield tokens[:i]
            return


def short_forms(tokens: tuple[str, ...], tail: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """Prefixes left after dropping generic words from the end, and without inner
    "teaching"/"university" ("United Lincolnshire Teaching Hospitals" -> "... Hospitals")."""
    current = tokens
    while len(current) > 1 and current[-1] in tail:
        current = current[:-1]
        yield current
    for word in ("teaching", "university"):
        if word in tokens[1:]:
            yield tuple(t for t in tokens if t != word)


def _initialisms(name: str) -> set[str]:
    words = [t.plain for t in tokenise(name)]
    core = "".join(w[0] for w in words if w not in NOISE and w != "upon" and w.isalpha())
    found = {core, core + "t"} if len(core) >= 3 else set()
    if "foundation" in words and len(core) >= 2:
        found.add(core + "ft")
    return found


def curated(reference: ReferenceData) -> Iterator[AliasCandidate]:
    """Rows of aliases.csv; towns are places, "the X" one-word nicknames keep their "the"."""
    for alias in reference.aliases:
        tokens = key_tokens(alias.alias)
        the = alias.alias.lower().startswith("the ") and len(tokens) == 1
        yield AliasCandidate(
            tokens,
            alias.trust_codes,
            CURATED,
            alias.alias,
            place=alias.alias_type == "town",
            needs_the=the,
        )


def trust_names(reference: ReferenceData, places: frozenset[str]) -> Iterator[AliasCandidate]:
    """Official, short and former names, codes, derived short forms, places and initialisms."""
    current = {t.trust_code for t in reference.trusts}
    named: list[tuple[str, str, str]] = []
    for trust in reference.trusts:
        code = trust.trust_code
        named += [(trust.trust_name, code, "official"), (trust.short_name, code, "short")]
        for old in (code, *trust.former_codes):
            upper = not any(ch.isdigit() for ch in old)
            yield AliasCandidate((stem(old.lower()),), (code,), TRUST_NAME, code, upper_only=upper)
        for initialism in _initialisms(trust.trust_name) - RESERVED_INITIALISMS:
            yield AliasCandidate(
                (stem(initialism),), (code,), INITIALISM, trust.short_name, upper_only=True
            )
    for merger in reference.mergers:
        if merger.old_code not in current and merger.confidence != "low":
            named.append((merger.old_name, merger.new_code, "former"))
    for name, code, _ in named:
        tokens = key_tokens(name)
        if distinctive(tokens, full_name=True):
            yield AliasCandidate(tokens, (code,), TRUST_NAME, name)
        for short in short_forms(tokens, _TRUST_TAIL):
            if len(short) > 1 and distinctive(short, full_name=len(short) > 2):
                yield AliasCandidate(short, (code,), DERIVED, name)
        found = list(places_in(tokens, places))
        if found and tokens[-len(found[-1]) :] == found[-1] and len(tokens) > len(found[-1]) + 1:
            bare = tokens[: -len(found[-1])]  # "Royal United Hospitals Bath" -> "Royal United"
            for short in (bare, *short_forms(bare, _TRUST_TAIL)):
                if distinctive(short):
                    yield AliasCandidate(short, (code,), DERIVED, name)
        for place in found:
            yield AliasCandidate(place, (code,), PLACE, name, place=True)

"""Narrow ambiguous mentions with the words around them, then name what is still open.

- "the Leeds hospital": a hospital word after a town keeps its general acute trust (RR8, not
  the mental health or community trust); "Leeds mental health trust" does the opposite.
- "the QE in Gateshead", "Heartlands hospital, Birmingham": a town next to a mention is a
  qualifier, not a second trust; it narrows an ambiguous mention or is dropped when it agrees.
- "St Mary's in London": a region after a mention keeps the trusts in that region.
- "Leeds and Sheffield Teaching": a town before "and X Teaching" borrows the ending.
- "Sheffield Teaching Hospitals ... is Sheffield in segment 2": an ambiguous mention whose
  candidates include a trust already named refers to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.understanding.alias_index import AliasIndex
from bot.understanding.models import Ambiguity, Mention, ResolveResult
from bot.understanding.normalise import Token
from bot.understanding.resolver import RawMention
from bot.understanding.vocabulary import REGION_SYNONYMS
from db.reference import TrustRef

_SPECIALIST = "Acute - Specialist"
_LINK_WORDS = frozenset({"in", "at", "the", "near", "hospital", "hospitals", "of", "by", "from"})

TrustFilter = Callable[[TrustRef], bool]


def _acute(t: TrustRef) -> bool:
    return t.trust_type == "Acute trust"


def _general_acute(t: TrustRef) -> bool:
    return _acute(t) and t.trust_subtype != _SPECIALIST


def _mental_health(t: TrustRef) -> bool:
    return t.trust_type.startswith("Mental") and t.trust_subtype != "Community"


def _community(t: TrustRef) -> bool:
    return t.trust_subtype == "Community" or "Community" in t.trust_name


def _ambulance(t: TrustRef) -> bool:
    return t.trust_type == "Ambulance trust"


def _children(t: TrustRef) -> bool:
    return "Children" in t.trust_name


# Words after a mention that say which kind of trust is meant (first match wins).
_KIND_AFTER: tuple[tuple[tuple[str, ...], tuple[TrustFilter, ...]], ...] = (
    (("hospital",), (_general_acute, _acute)),
    (("hospitals",), (_general_acute, _acute)),
    (("infirmary",), (_general_acute, _acute)),
    (("a", "and", "e"), (_general_acute,)),
    (("teaching",), (_acute,)),
    (("mental", "health"), (_mental_health,)),
    (("mh",), (_mental_health,)),
    (("community",), (_community,)),
    (("ambulance",), (_ambulance,)),
    (("children",), (_children,)),
    (("childrens",), (_children,)),
)


@dataclass(slots=True)
class _Slot:
    raw: RawMention
    codes: tuple[str, ...]
    dropped: bool = False
    ending: tuple[str, ...] = ()


def _narrow_by_kind(slot: _Slot, tokens: list[Token], trusts: Mapping[str, TrustRef]) -> None:
    after = [t.plain for t in tokens[slot.raw.end : slot.raw.end + 3]]
    before = [t.plain for t in tokens[max(0, slot.raw.start - 2) : slot.raw.start]]
    if len(before) == 2 and before[0] in ("hospital", "hospitals") and before[1] in ("in", "at"):
        after = ["hospital"]  # "the hospital in Leeds"
    for words, filters in _KIND_AFTER:
        if tuple(after[: len(words)]) == words:
            for keep in filters:
                narrowed = tuple(c for c in slot.codes if keep(trusts[c]))
                if narrowed:
                    slot.codes = narrowed
                    return
            return


def _narrow_by_region(slot: _Slot, tokens: list[Token], trusts: Mapping[str, TrustRef]) -> None:
    """Keep the trusts of a region named right after a mention ("St Mary's in London")."""
    i = slot.raw.end
    while i < len(tokens) and i - slot.raw.end < 2 and tokens[i].plain in _LINK_WORDS:
        i += 1
    following = f" {' '.join(t.plain for t in tokens[i : i + 4])} "
    for phrase, region in REGION_SYNONYMS:
        if following.startswith(f" {phrase} "):
            narrowed = tuple(c for c in slot.codes if trusts[c].region == region)
            if narrowed:
                slot.codes = narrowed
            return


def _share_ending(left: _Slot, right: _Slot, tokens: list[Token], index: AliasIndex) -> None:
    """A town before "and X Teaching" borrows the ending ("Leeds and Sheffield Teaching")."""
    gap = [t.plain for t in tokens[left.raw.end : right.raw.start]]
    ending = right.ending or tuple(right.raw.entry.key.split(" ")[1:])
    if gap not in (["and"], ["or"], []) or not ending or len(left.codes) < 2:
        return
    borrowed = index.entries.get(" ".join([left.raw.entry.key, *ending]))
    if borrowed is not None and not borrowed.place:
        left.codes, left.ending = borrowed.codes, ending


def _kind_rank(trust: TrustRef) -> int:
    return 0 if _general_acute(trust) else 1 if _acute(trust) else 2


def _linked(left: _Slot, right: _Slot, tokens: list[Token]) -> bool:
    gap = tokens[left.raw.end : right.raw.start]
    return len(gap) <= 3 and all(t.plain in _LINK_WORDS for t in gap)


def _qualify(main: _Slot, place: _Slot, areas: Mapping[str, frozenset[str]]) -> None:
    """Let a town next to a mention narrow it; drop the town if it agrees."""
    area = areas.get(place.raw.entry.key, frozenset(place.codes))
    inside = tuple(c for c in main.codes if c in area)
    if inside and (len(main.codes) > 1 or inside == main.codes):
        main.codes = inside
        place.dropped = True


def resolve_mentions(
    raw: list[RawMention], tokens: list[Token], text: str, index: AliasIndex
) -> ResolveResult:
    """Turn raw mentions into resolved trusts in order and the ambiguities left open."""
    slots = [_Slot(m, m.entry.codes) for m in raw]
    for slot in slots:
        if len(slot.codes) > 1:
            _narrow_by_kind(slot, tokens, index.trusts)
        if len(slot.codes) > 1:
            _narrow_by_region(slot, tokens, index.trusts)
    for left, right in reversed(list(zip(slots, slots[1:], strict=False))):
        _share_ending(left, right, tokens, index)
    for left, right in zip(slots, slots[1:], strict=False):
        if left.dropped or not _linked(left, right, tokens):
            continue
        if right.raw.entry.place and not (left.raw.entry.place and len(left.codes) == 1):
            _qualify(left, right, index.areas)
        elif left.raw.entry.place:
            _qualify(right, left, index.areas)
    live = [s for s in slots if not s.dropped]
    for slot in live:  # general hospitals first: they are what most people mean
        slot.codes = tuple(sorted(slot.codes, key=lambda c: _kind_rank(index.trusts[c])))
    named = {s.codes[0] for s in live if len(s.codes) == 1}
    mentions, codes, ambiguities = [], [], []
    for slot in live:
        if len(slot.codes) > 1 and named.intersection(slot.codes):
            continue
        start, end = tokens[slot.raw.start].start, tokens[slot.raw.end - 1].end
        entry = slot.raw.entry
        mention = Mention(
            text=text[start:end],
            start=start,
            end=end,
            codes=slot.codes,
            key=entry.key,
            source=entry.label,
            score=slot.raw.score,
        )
        mentions.append(mention)
        if mention.is_ambiguous:
            ambiguities.append(Ambiguity(mention.text, mention.codes))
        elif mention.codes[0] not in codes:
            codes.append(mention.codes[0])
    first = ambiguities[0] if ambiguities else None
    return ResolveResult(
        trust_codes=tuple(codes),
        candidates=first.candidates if first else (),
        ambiguous_text=first.text if first else None,
        mentions=tuple(mentions),
        ambiguities=tuple(ambiguities),
    )

"""The entry point: one message in, one `Understanding` out.

Order matters: the postcode is found first (so "LS9" is never read as a name), then trust
mentions, then an ICB name that the message asks about as an area (it swallows the mentions
inside it), then the intent from the remaining words. Pure: no I/O, no clock, no globals; the
caller loads `ReferenceData` and keeps the built understander for the life of the process.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from bot.understanding import intents
from bot.understanding.alias_index import AliasIndex, build_index
from bot.understanding.areas import AreaIndex, IcbSpan, asks_for_area, region_phrase
from bot.understanding.disambiguation import resolve_mentions
from bot.understanding.labels import candidate_label
from bot.understanding.models import Intent, Mention, ResolveResult, Understanding
from bot.understanding.normalise import Token, looks_shouted, tokenise
from bot.understanding.postcodes import PostcodeLocator, PostcodeSpan
from bot.understanding.resolver import MentionFinder, RawMention
from bot.understanding.vocabulary import FILLER_WORDS
from db.reference import ReferenceData

_COMMAND = re.compile(r"^\s*/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+|$)(.*)$", re.S)
COMMAND_INTENTS = MappingProxyType(
    {
        "start": Intent.HELP,
        "help": Intent.HELP,
        "trust": Intent.LOOKUP,
        "lookup": Intent.LOOKUP,
        "compare": Intent.COMPARE,
        "top": Intent.TOP,
        "best": Intent.TOP,
        "bottom": Intent.BOTTOM,
        "worst": Intent.BOTTOM,
        "segment": Intent.SEGMENT_LIST,
        "region": Intent.REGION_LIST,
        "near": Intent.NEAR_POSTCODE,
        "nearest": Intent.NEAR_POSTCODE,
        "postcode": Intent.NEAR_POSTCODE,
        "subscribe": Intent.SUBSCRIBE,
        "follow": Intent.SUBSCRIBE,
        "unsubscribe": Intent.UNSUBSCRIBE,
        "unfollow": Intent.UNSUBSCRIBE,
        "explain": Intent.EXPLAIN,
        "metric": Intent.METRIC,
    }
)
_NAMES_TRUSTS = frozenset(
    {
        Intent.LOOKUP,
        Intent.COMPARE,
        Intent.METRIC,
        Intent.SUBSCRIBE,
        Intent.UNSUBSCRIBE,
        Intent.EXPLAIN,
    }
)
_LISTS = frozenset({Intent.TOP, Intent.BOTTOM, Intent.SEGMENT_LIST, Intent.REGION_LIST})
_FOLLOWS = frozenset({Intent.SUBSCRIBE, Intent.UNSUBSCRIBE})
# Intents that an area's ambulance service can answer ("ambulance times in yorkshire").
_AMBULANCE_ASKS = _FOLLOWS | {Intent.NONE, Intent.METRIC, Intent.LOOKUP}
Span = tuple[int, int]  # character offsets in the message


def split_command(text: str, bot_username: str | None) -> tuple[str, Intent | None, bool]:
    """Strip "/command@bot" or a leading "@bot"; return (text, command intent, for_another_bot)."""
    name = (bot_username or "").lstrip("@").lower()
    match = _COMMAND.match(text)
    if match:
        command, target, rest = match.groups()
        if target and name and target.lower() != name:
            return "", None, True
        return rest, COMMAND_INTENTS.get(command.lower()), False
    if name:
        text = re.sub(rf"^\s*@{re.escape(name)}\b[\s,:;-]*", "", text, flags=re.I)
    return text, None, False


class MessageUnderstander:
    """Understands messages about NHS trusts; build once with `build(reference)`."""

    def __init__(self, index: AliasIndex, locator: PostcodeLocator, reference: ReferenceData):
        """Prefer `build`; this keeps the prepared parts."""
        self._index = index
        self._finder = MentionFinder(index)
        self._locator = locator
        self._regions = frozenset(t.region for t in reference.trusts)
        self._areas = AreaIndex(reference)

    @classmethod
    def build(cls, reference: ReferenceData) -> MessageUnderstander:
        """Index the reference data (well under a second)."""
        return cls(build_index(reference), PostcodeLocator(reference), reference)

    def resolve_trust(self, text: str) -> ResolveResult:
        """Just the trust part of `text`, read as a trust reference (e.g. a command argument)."""
        tokens = tokenise(text)
        raw = self._finder.find(tokens, explicit=True, shouted=looks_shouted(text))
        return resolve_mentions(raw, tokens, text, self._index)

    def candidate_label(self, trust_code: str, mention: str | None = None) -> str:
        """Button text for a candidate; pass the ambiguous mention to name the likely site."""
        return candidate_label(self._index, trust_code, mention)

    def understand(
        self, text: str, *, bot_username: str | None = None, intent_hint: Intent | None = None
    ) -> Understanding:
        """Read one message (a chat message, or a command's argument with `intent_hint`)."""
        body, command_hint, elsewhere = split_command(text, bot_username)
        hint = intent_hint or command_hint
        if elsewhere or hint is Intent.HELP:
            return Understanding(hint or Intent.NONE)
        tokens = tokenise(body)
        wordy = sum(1 for t in tokens if t.plain not in FILLER_WORDS)
        postcode = self._locator.find(
            body, expected=hint is Intent.NEAR_POSTCODE, minimal=wordy <= 1
        )
        names = [t for t in tokens if postcode is None or not _inside(t, postcode)]
        raw = self._finder.find(names, explicit=hint in _NAMES_TRUSTS, shouted=looks_shouted(body))
        area, raw = self._claim_icb(tokens, names, raw, postcode, hint)
        found = resolve_mentions(raw, names, body, self._index)
        area_span = [_span(names, area.start, area.end)] if area else []
        words = _masked(tokens, _spans(names, raw) + area_span, postcode)
        masked = " ".join(words)
        n_trusts = len(found.mentions)  # with `distinct` below: "Musgrove vs Yeovil" compares
        places_only = bool(found.mentions) and all(self._is_place(m) for m in found.mentions)
        icb = (area.code, area.region) if area else self._areas.icb_in(masked)
        if places_only:
            unmasked = " ".join(_masked(tokens, area_span, postcode))
            named = self._areas.icb_in(unmasked)
            if hint in _LISTS or asks_for_area(masked, named is not None):
                icb = named or self._areas.icb_of_places(found.mentions, self._index)
                n_trusts = 0
        region = icb[1] if icb else intents.region_of(masked, self._regions)
        request = intents.Request(
            tuple(words),
            n_trusts,
            postcode is not None,
            bool(region),
            places_only,
            len({m.codes for m in found.mentions}),
        )
        intent = hint or intents.classify(request)
        if n_trusts == 0 and region and intent in _AMBULANCE_ASKS:
            # "ambulance response times in yorkshire": the area's ambulance trust is meant.
            fixed = hint is not None or intent in _FOLLOWS
            asked = intents.ambulance_request(masked, follows=fixed)
            codes = self._areas.ambulance_for(masked, region, icb) if asked else ()
            if asked and codes:
                intent = intent if fixed else asked
                found = _named(codes, region_phrase(masked))
        return self._compose(intent, found, masked, body, postcode, region, icb, hint is not None)

    def _claim_icb(
        self,
        tokens: list[Token],
        names: list[Token],
        raw: list[RawMention],
        postcode: PostcodeSpan | None,
        hint: Intent | None,
    ) -> tuple[IcbSpan | None, list[RawMention]]:
        """An ICB name the message asks about as an area, and the mentions left outside it."""
        area = self._areas.icb_span(names)
        if area is None:
            return None, raw
        inside = [m for m in raw if area.start <= m.start and m.end <= area.end]
        if any(m.start < area.end and m.end > area.start for m in raw if m not in inside):
            return None, raw  # a longer trust name: "Kent and Medway Mental Health"
        kept = [m for m in raw if m not in inside]
        spans = _spans(names, kept) + [_span(names, area.start, area.end)]
        masked = " ".join(_masked(tokens, spans, postcode))
        # A command or follow request naming trusts ("/follow Frimley", "follow Kent and
        # Medway") keeps its trusts unless "ICB" is said: following is done per trust.
        asks = (
            hint is None
            and not intents.is_follow(masked)
            and asks_for_area(masked, True, cued=True)
        )
        if area.explicit or hint in _LISTS or asks:
            return area, kept
        return None, raw

    def _compose(
        self,
        intent: Intent,
        found: ResolveResult,
        masked: str,
        body: str,
        postcode: PostcodeSpan | None,
        region: str | None,
        icb: tuple[str, str] | None,
        hinted: bool,
    ) -> Understanding:
        names = intent in _NAMES_TRUSTS
        lists = intent in _LISTS
        metric = (
            intents.metric_of(masked)
            if intent in (Intent.METRIC, Intent.TOP, Intent.BOTTOM)
            else None
        )
        return Understanding(
            intent=intent,
            trust_codes=found.trust_codes if names else (),
            candidates=found.candidates if names else (),
            ambiguous_text=found.ambiguous_text if names else None,
            metric=metric or ("other" if intent is Intent.METRIC else None),
            limit=intents.limit_of(masked, bare=hinted)
            if intent in (Intent.TOP, Intent.BOTTOM)
            else None,
            trust_type=intents.trust_type_of(masked) if lists else None,
            region=region if lists else None,
            icb_code=icb[0] if lists and icb else None,
            segment=intents.segment_of(masked, bare=hinted and intent is Intent.SEGMENT_LIST)
            if intent is not Intent.NONE
            else None,
            quarter=intents.quarter_of(body),
            postcode=postcode.result if postcode and intent is Intent.NEAR_POSTCODE else None,
            explain_topic=(intents.explain_topic(masked) or "segments")
            if intent is Intent.EXPLAIN
            else None,
        )

    def _is_place(self, mention: Mention) -> bool:
        entry = self._index.entries.get(mention.key)
        return entry is not None and entry.place


def _inside(token: Token, span: PostcodeSpan) -> bool:
    return token.start < span.end and token.end > span.start


def _span(names: list[Token], start: int, end: int) -> Span:
    return names[start].start, names[end - 1].end


def _spans(names: list[Token], raw: list[RawMention]) -> list[Span]:
    return [_span(names, m.start, m.end) for m in raw]


def _named(codes: tuple[str, ...], area: str | None) -> ResolveResult:
    """Trusts found from the area rather than by name (one, or several to ask about)."""
    if len(codes) == 1:
        return ResolveResult(codes, (), None)
    return ResolveResult((), codes, area)


def _masked(tokens: list[Token], spans: list[Span], postcode: PostcodeSpan | None) -> list[str]:
    """The message's words with each span (a mention or an area) as "T" and the postcode
    as "P"."""
    words: list[str] = []
    last: object = None
    for token in tokens:
        marker: object = None
        if postcode is not None and _inside(token, postcode):
            marker, word = postcode, "P"
        else:
            span = next((s for s in spans if s[0] <= token.start < s[1]), None)
            marker, word = (span, "T") if span else (None, token.plain)
        if marker is None or marker is not last:
            words.append(word)
        last = marker
    return words

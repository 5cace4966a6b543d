"""The entry point: one message in, one `Understanding` out.

Order matters: the postcode is found first (so "LS9" is never read as a name), then trust
mentions, then the intent from the remaining words. Pure: no I/O, no clock, no globals; the
caller loads `ReferenceData` and keeps the built understander for the life of the process.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from bot.understanding import intents
from bot.understanding.alias_index import AliasIndex, build_index
from bot.understanding.disambiguation import resolve_mentions
from bot.understanding.labels import candidate_label
from bot.understanding.models import Intent, Mention, ResolveResult, Understanding
from bot.understanding.normalise import Token, looks_shouted, plain_text, tokenise
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
_IN_AREA = re.compile(
    r"\bin (?:the )?T\b|\bT (?:trusts|hospitals)\b|^(?:trusts|hospitals) (?:in|of) T"
)


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
        phrases = [
            (plain_text(re.sub(r"\b(NHS|ICB)\b", " ", i.icb_name)), i.icb_code, i.region)
            for i in reference.icbs
        ]
        self._icbs = tuple(sorted(phrases, key=lambda p: -len(p[0])))

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
        found = resolve_mentions(raw, names, body, self._index)
        words = _masked(tokens, names, raw, postcode)
        masked = " ".join(words)
        n_trusts = len(found.mentions)  # "Musgrove vs Yeovil" compares, though one trust
        places_only = bool(found.mentions) and all(self._is_place(m) for m in found.mentions)
        icb = self._icb_in(masked)
        if places_only:
            named = self._icb_in(" ".join(_masked(tokens, names, raw, postcode, keep=raw)))
            if hint in _LISTS or self._asks_for_area(masked, named is not None):
                icb, n_trusts = named or self._icb_of_places(found.mentions), 0
        region = icb[1] if icb else intents.region_of(masked, self._regions)
        request = intents.Request(
            tuple(words), n_trusts, postcode is not None, bool(region), places_only
        )
        intent = hint or intents.classify(request)
        return self._compose(intent, found, masked, body, postcode, region, icb, hint is not None)

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

    @staticmethod
    def _asks_for_area(masked: str, names_icb: bool) -> bool:
        """True when a town or county is a filter ("trusts in Devon", "who's bottom in Kent")."""
        if not (names_icb or _IN_AREA.search(masked)):
            return False
        return intents.wants_list(masked) or not intents.asks_about_trust(masked)

    def _is_place(self, mention: Mention) -> bool:
        entry = self._index.entries.get(mention.key)
        return entry is not None and entry.place

    def _icb_in(self, text: str) -> tuple[str, str] | None:
        padded = f" {text} "
        return next(
            ((code, region) for phrase, code, region in self._icbs if f" {phrase} " in padded),
            None,
        )

    def _icb_of_places(self, mentions: tuple[Mention, ...]) -> tuple[str, str] | None:
        """The ICB a town or county means: by its name, else the one its trusts share."""
        for mention in mentions:
            word = f" {plain_text(mention.text)} "
            named = [
                (code, region) for phrase, code, region in self._icbs if word in f" {phrase} "
            ]
            if len(named) == 1:
                return named[0]
            trusts = [self._index.trusts[c] for c in mention.codes]
            homes = {(t.icb_code, t.region) for t in trusts if t.trust_type == "Acute trust"}
            homes = homes or {(t.icb_code, t.region) for t in trusts}
            if len(homes) == 1:
                return homes.pop()
        return None


def _inside(token: Token, span: PostcodeSpan) -> bool:
    return token.start < span.end and token.end > span.start


def _masked(
    tokens: list[Token],
    names: list[Token],
    raw: list[RawMention],
    postcode: PostcodeSpan | None,
    keep: list[RawMention] | None = None,
) -> list[str]:
    """The message's words with each mention as "T" (except those in `keep`, left as words)
    and the postcode as "P"."""
    spans = [(names[m.start].start, names[m.end - 1].end) for m in raw if m not in (keep or ())]
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

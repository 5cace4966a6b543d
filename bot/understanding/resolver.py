"""Find the places in a message that name trusts: exact n-grams first, then typos.

1. Exact: every n-gram of the normalised words is looked up in the index (longest wins), so
   "King's Mill Hospital" beats "King's" and most messages never reach rapidfuzz.
2. Spelling: words that are no known name word and no ordinary word ("Teching",
   "Brimingham") are corrected against the index vocabulary, then step 1 runs again.
3. Fuzzy: n-grams around a rare name word ("gateshead heath") are compared with the keys that
   contain that word, with a high cutoff, so typos that are real words are caught too.
Ordinary words only count as names with a sign of one (see `AliasEntry`). rapidfuzz gets
`processor=None` on purpose: both sides are already normalised by `normalise` (rapidfuzz 3
does not normalise by default, and normalising the keys once at build time is cheaper).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.understanding.alias_index import AliasEntry, AliasIndex
from bot.understanding.normalise import Token
from bot.understanding.vocabulary import ORG_WORDS, VETO_NEXT, VETO_PREVIOUS

EXACT, SPELLING, FUZZY = 0, 1, 2
_FUZZY_CUTOFF = 90.0
_MIN_FUZZY_CHARS = 10
# "how is kings doing": the subject of a how-question about performance is a name.
_SLOT_VERBS = frozenset({"is", "are", "r", "s"})
_SLOT_AFTER = frozenset(
    {"doing", "performing", "rated", "ranked", "ranking", "getting", "faring", "scoring"}
)


@dataclass(frozen=True, slots=True)
class RawMention:
    """A span of message tokens (`start`..`end`, exclusive) and the alias it matched."""

    start: int
    end: int
    entry: AliasEntry
    score: float
    kind: int


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # content positions
    end: int
    entry: AliasEntry
    score: float
    kind: int


class MentionFinder:
    """Finds trust mentions in tokenised messages; stateless apart from the index."""

    def __init__(self, index: AliasIndex) -> None:
        """Keep the index (built once per process)."""
        self._ix = index

    def find(self, tokens: list[Token], *, explicit: bool, shouted: bool) -> list[RawMention]:
        """Mentions in token order. `explicit`: the text is known to be a trust reference
        (a command argument), so ordinary-word aliases need no further sign."""
        content = [i for i, tok in enumerate(tokens) if not tok.is_noise]
        words = [tokens[i].stem for i in content]
        ctx = _Context(tokens, content, explicit, shouted)
        found = self._exact(words, ctx, EXACT, None)
        chosen = _select(found)
        hard = {
            p
            for m in chosen
            if m.entry.n_tokens > 1 or not m.entry.place
            for p in range(m.start, m.end)
        }
        corrected, changed = self._spell(words, hard)
        extra: list[_Match] = []
        if changed:
            extra = [
                m
                for m in self._exact(corrected, ctx, SPELLING, changed)
                if not hard.intersection(range(m.start, m.end))
            ]
        extra += self._fuzzy(corrected, hard, ctx)
        if extra:
            chosen = _select(found + extra)
        return [
            RawMention(content[m.start], content[m.end - 1] + 1, m.entry, m.score, m.kind)
            for m in sorted(chosen, key=lambda m: m.start)
        ]

    def _exact(
        self, words: list[str], ctx: _Context, kind: int, must_touch: set[int] | None
    ) -> list[_Match]:
        matches = []
        entries, prefixes = self._ix.entries, self._ix.prefixes
        for start in range(len(words)):
            best: _Match | None = None
            key = ""
            for end in range(start + 1, min(len(words), start + self._ix.max_tokens) + 1):
                key = f"{key} {words[end - 1]}" if key else words[end - 1]
                if key not in prefixes:
                    break
                entry = entries.get(key)
                if entry is not None and ctx.accepts(entry, start, end):
                    best = _Match(start, end, entry, 100.0 if kind == EXACT else 95.0, kind)
            if best and (
                must_touch is None or must_touch.intersection(range(best.start, best.end))
            ):
                matches.append(best)
        return matches

    def _spell(self, words: list[str], hard: set[int]) -> tuple[list[str], set[int]]:
        corrected, changed = list(words), set()
        vocabulary, common, entries = self._ix.vocabulary, self._ix.common, self._ix.entries
        for pos, word in enumerate(words):
            if (
                pos in hard
                or len(word) < 5
                or not word.isalpha()
                or word in vocabulary
                or word in common
                or word in entries
            ):
                continue
            choices = self._ix.spelling.get(word[0], ())
            cutoff = 85.0 if len(word) >= 7 else 88.0
            best = process.extractOne(
                word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
            )
            if best is not None:
                corrected[pos] = best[0]
                changed.add(pos)
        return corrected, changed

    def _fuzzy(self, words: list[str], hard: set[int], ctx: _Context) -> list[_Match]:
        matches = []
        anchors, entries = self._ix.anchors, self._ix.entries
        for pos, word in enumerate(words):
            keys = anchors.get(word)
            if not keys or pos in hard:
                continue
            lo = pos
            while lo > 0 and lo - 1 not in hard and pos - lo < 4:
                lo -= 1
            hi = pos + 1
            while hi < len(words) and hi not in hard and hi - pos < 5:
                hi += 1
            for start in range(lo, pos + 1):
                for end in range(max(pos + 1, start + 2), min(hi, start + 6) + 1):
                    gram = " ".join(words[start:end])
                    if len(gram) < _MIN_FUZZY_CHARS:
                        continue
                    best = process.extractOne(
                        gram, keys, scorer=fuzz.ratio, processor=None, score_cutoff=_FUZZY_CUTOFF
                    )
                    if best is None or best[1] >= 100.0:
                        continue
                    entry = entries[best[0]]
                    if ctx.accepts(entry, start, end):
                        matches.append(_Match(start, end, entry, best[1], FUZZY))
        return matches


@dataclass(frozen=True, slots=True)
class _Context:
    tokens: list[Token]
    content: list[int]
    explicit: bool
    shouted: bool

    def accepts(self, entry: AliasEntry, start: int, end: int) -> bool:
        """Whether this occurrence of `entry` may count (signs of a name, vetoes)."""
        first, last = self.content[start], self.content[end - 1]
        before = self.tokens[first - 1].plain if first > 0 else ""
        after = self.tokens[last + 1].plain if last + 1 < len(self.tokens) else ""
        head = entry.key.split(" ", 1)[0]
        if after in VETO_NEXT.get(head, ()) or before in VETO_PREVIOUS.get(head, ()):
            return False
        if self.explicit:
            return True
        span = self.tokens[first : last + 1]
        if entry.needs_the and before != "the":
            return False
        if entry.upper_only:
            return not self.shouted and all(_capitals(t.surface) for t in span)
        if entry.wordlike:
            return (
                after in ORG_WORDS
                or any(self._name_sign(t, t is span[0] and first == 0) for t in span)
                or (after in _SLOT_AFTER and self._after_how(first))
            )
        return True

    def _after_how(self, first: int) -> bool:
        """True when "how is (the)" or "how's" comes right before token `first`."""
        words = [t.plain for t in self.tokens[max(0, first - 3) : first]]
        if words and words[-1] == "the":
            words.pop()
        return words[-1:] == ["hows"] or (
            len(words) >= 2 and words[-2] == "how" and words[-1] in _SLOT_VERBS
        )

    def _name_sign(self, token: Token, at_start: bool) -> bool:
        if token.had_apostrophe:
            return True
        if self.shouted:
            return False
        surface = token.surface
        return _capitals(surface) and len(surface) > 1 or (surface[0].isupper() and not at_start)


def _capitals(surface: str) -> bool:
    letters = [ch for ch in surface.split("'")[0].split("\u2019")[0] if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= max(2, len(letters) - 1)


def _select(matches: list[_Match]) -> list[_Match]:
    """Non-overlapping matches, longest first, exact before corrected before fuzzy."""
    taken: set[int] = set()
    chosen = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.kind, -m.score, m.start)):
        span = range(m.start, m.end)
        if not taken.intersection(span):
            chosen.append(m)
            taken.update(span)
    return chosen

"""One normalisation for both sides of every lookup.

Alias keys and message tokens go through the same functions, so "St. James's", "St James'",
"st jamess" and "ST JAMES" meet on one key, "&" equals "and", and "Hospital"/"Hospitals" or
"Addenbrooke's"/"Addenbrookes" do not matter. The README's rule (lower-case, & -> and, drop
apostrophes, drop a leading "the", collapse punctuation) is a subset of this.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType

_APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc"
_WORD = re.compile(r"[^\W_]+(?:[" + _APOSTROPHES + r"][^\W_]*)*|&|\+", re.UNICODE)
_APOSTROPHE_RE = re.compile("[" + _APOSTROPHES + "]")
_POSSESSIVE = re.compile("[" + _APOSTROPHES + "][sS]$")

# Everyday abbreviations of name words, applied before stemming.
ABBREVIATIONS = MappingProxyType(
    {
        "saint": "st",
        "hosp": "hospital",
        "hosps": "hospital",
        "hsp": "hospital",
        "uni": "university",
        "univ": "university",
        "gen": "general",
        "dist": "district",
        "inf": "infirmary",
        "fdn": "foundation",
        "nhsft": "nhs",
        "nhst": "nhs",
        "childrens": "children",
        "womens": "women",
        "centre": "center",
    }
)

# Dropped from both alias keys and messages before matching: they never tell trusts apart.
NOISE = frozenset({"the", "nhs", "foundation", "trust", "ft", "and", "of"})


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a message: as typed, folded (`plain`) and canonical (`stem`)."""

    surface: str
    plain: str
    stem: str
    start: int
    end: int

    @property
    def had_apostrophe(self) -> bool:
        """True when typed with an apostrophe ("King's"), a sign of a proper name."""
        return bool(_APOSTROPHE_RE.search(self.surface))

    @property
    def is_noise(self) -> bool:
        """True for words that alias keys leave out."""
        return self.stem in NOISE


def fold(text: str) -> str:
    """Lower-case and strip accents ("Café" -> "cafe"); ASCII text (nearly every name and
    message) skips the Unicode decomposition, which dominated index build time."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_word(surface: str) -> str:
    """A word folded and without apostrophes; "&" and "+" become "and"."""
    if surface in ("&", "+"):
        return "and"
    return _APOSTROPHE_RE.sub("", fold(surface))


def stem(word: str) -> str:
    """Canonical form of a folded word: abbreviations expanded, trailing "s" removed.

    Removing every trailing "s" is crude but symmetric, so "James's", "James'" and "Jamess"
    (and "Hospitals"/"Hospital") collapse onto one form on both sides of the lookup.
    """
    word = ABBREVIATIONS.get(word, word)
    if word.isalpha():
        while len(word) > 3 and word.endswith("s"):
            word = word[:-1]
    return ABBREVIATIONS.get(word, word)


def tokenise(text: str) -> list[Token]:
    """Split a message into tokens, keeping character offsets into the original text."""
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        surface = match.group()
        plain = plain_word(surface)
        if not plain:
            continue
        base = plain_word(surface[:-2]) if _POSSESSIVE.search(surface) else plain
        tokens.append(Token(surface, plain, stem(base or plain), match.start(), match.end()))
    return tokens


def key_tokens(text: str) -> tuple[str, ...]:
    """The stems of a name without noise words: the alias-index key, as a tuple.

    Same words as `tokenise` but without building `Token`s, and plain ASCII words skip the
    apostrophe and accent handling: the index keys some 10,000 place and site names at
    start-up, and every `nhsbot ask` pays that build.
    """
    stems: list[str] = []
    for surface in _WORD.findall(text):
        if surface.isascii() and surface.isalnum():
            word = stem(surface.lower())
        else:
            plain = plain_word(surface)
            if not plain:
                continue
            base = plain_word(surface[:-2]) if _POSSESSIVE.search(surface) else plain
            word = stem(base or plain)
        if word not in NOISE:
            stems.append(word)
    return tuple(stems)


def key_of(text: str) -> str:
    """The alias-index key of a name ("The Leeds Teaching Hospitals NHS Trust" ->
    "leed teaching hospital")."""
    return " ".join(key_tokens(text))


def plain_text(text: str) -> str:
    """Folded words joined by single spaces: what keyword patterns are matched against."""
    return " ".join(tok.plain for tok in tokenise(text))


def looks_shouted(text: str) -> bool:
    """True when the whole message is in capitals, so case tells nothing about acronyms."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and all(ch.isupper() for ch in letters)
